// Where the start-up read-ahead for siting stands: warmSiting (./service.ts) sets it, GET /api/health
// reads it (a module of its own, so the health check does not load the siting service).

/** The read-ahead's state, with its seconds once it ended. */
export type ReadAhead = { state: 'not started' | 'reading' } | { state: 'done' | 'failed'; seconds: number };

let current: ReadAhead = { state: 'not started' };

/** The start-up read-ahead's state: an instance is busy with it for seconds at city scale. */
export const sitingReadAhead = (): ReadAhead => current;

/** Records the read-ahead's state (warmSiting). */
export function setSitingReadAhead(s: ReadAhead): void {
	current = s;
}
