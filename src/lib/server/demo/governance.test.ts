import { describe, expect, it } from 'vitest';
import { pilotStartOn } from './governance';

describe('pilotStartOn', () => {
	it('has held 7 to 18 monthly meetings (the 15th of each month from the start) on every day of a year', () => {
		const counts = new Set<number>();
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
			const today = new Date(t).toISOString().slice(0, 10);
			const start = pilotStartOn(today);
			expect(start.slice(5)).toBe('06-15');
			let held = 0;
			for (let y = Number(start.slice(0, 4)), m = 6; `${y}-${String(m).padStart(2, '0')}-15` <= today; m++) {
				held++;
				if (m === 12) [y, m] = [y + 1, 0];
			}
			counts.add(held);
		}
		expect(Math.min(...counts)).toBe(7);
		expect(Math.max(...counts)).toBe(18);
	});
});
