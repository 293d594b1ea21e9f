// Which reported positions become part of a patrol's track. A phone reports fixes with an accuracy
// radius; a fix worse than 100 m, or one that would need an impossible speed from the previous
// kept fix (a GPS jump), is dropped and counted, never stored.
import { metresBetween } from './geo';

export const MAX_ACCURACY_M = 100;
/** 30 m/s = 108 km/h: beyond anything a worker on foot, bicycle or in a car reaches in town. */
export const MAX_SPEED_MPS = 30;

export interface Fix {
	/** epoch milliseconds */
	t: number;
	lon: number;
	lat: number;
	accuracy?: number | null;
}

export interface Filtered {
	kept: Fix[];
	dropped: { accuracy: number; speed: number; time: number };
}

/**
 * Sorts a batch by time and keeps the plausible fixes. `previous` is the patrol's last stored fix
 * (speed is checked across batches); `notBefore` the patrol's start: earlier fixes count as time.
 */
export function filterFixes(previous: Fix | null, fixes: readonly Fix[], notBefore = -Infinity): Filtered {
	const dropped = { accuracy: 0, speed: 0, time: 0 };
	const kept: Fix[] = [];
	let prev = previous;
	for (const f of [...fixes].sort((a, b) => a.t - b.t)) {
		if (f.accuracy != null && f.accuracy > MAX_ACCURACY_M) {
			dropped.accuracy++;
			continue;
		}
		if (f.t < notBefore || (prev && f.t <= prev.t)) {
			// before the patrol began, or not after the fix before it (a repeat or out of order)
			dropped.time++;
			continue;
		}
		if (prev && metresBetween(prev, f) / ((f.t - prev.t) / 1000) > MAX_SPEED_MPS) {
			dropped.speed++;
			continue;
		}
		kept.push(f);
		prev = f;
	}
	return { kept, dropped };
}
