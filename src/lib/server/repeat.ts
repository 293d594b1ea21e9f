// Background jobs of the app process (retention, deadline warnings): run one now and again, never two
// at once, without keeping the process alive.

/**
 * Runs `job` `firstAfterMs` after the call (default 5 s: after the app has started) and then every
 * `everyMs`. A run still busy when the next is due makes that one skip; a run that throws is logged
 * as `<name>: <message>` and the job runs again at the next tick. The timers are unref'd (they do not
 * hold the process open). Returns a function that stops the job (a run under way finishes).
 */
export function repeat(
	name: string,
	everyMs: number,
	job: () => Promise<void>,
	firstAfterMs = 5000
): () => void {
	let busy = false;
	const run = async () => {
		if (busy) return;
		busy = true;
		try {
			await job();
		} catch (err) {
			console.error(`${name}: ${(err as Error).message}`);
		} finally {
			busy = false;
		}
	};
	const first = setTimeout(run, firstAfterMs);
	const timer = setInterval(run, everyMs);
	first.unref();
	timer.unref();
	return () => {
		clearTimeout(first);
		clearInterval(timer);
	};
}
