/**
 * Bad input to the siting solver. `field` names the offending input (for example `k`,
 * `radius`, `demand[3].geometry`), so a server route can answer 400 with it.
 */
export class SitingInputError extends Error {
	readonly field: string;

	constructor(field: string, message: string) {
		super(message);
		this.name = 'SitingInputError';
		this.field = field;
	}
}

/** Throw the signal's reason when it has been aborted (works in Node and in browsers/workers). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) {
		throw signal.reason ?? new DOMException('The siting run was aborted', 'AbortError');
	}
}
