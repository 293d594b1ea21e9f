// The patrol's position queue on the device. Fixes collect in a buffer, are sealed into batches
// with their own id, and every change is written to storage (localStorage) at once, so a lost
// connection or a page reload loses nothing: batches are sent in order, and a batch the server
// already has is answered from its record (idempotent by batch id), so a resend is harmless.
import type { Fix } from './points';

export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export interface PatrolQueueState {
	patrolId: number;
	startedAt: string;
	buffer: Fix[];
	batches: { id: string; points: Fix[] }[];
	/** totals the server reported */
	accepted: number;
	dropped: number;
	/** fixes sealed so far: numbers the next batch id */
	sealed: number;
}

/** What send throws: a status of 0 (or none) means the server was not reached. */
export interface SendError {
	status?: number;
	message: string;
}

export type SendBatch = (
	patrolId: number,
	batch: { batchId: string; points: Fix[] }
) => Promise<{ accepted: number; dropped: number }>;

export const QUEUE_KEY = 'redgrid.patrol';
const BATCH_SIZE = 20;

/** A retry may succeed later: not reached, a server error, a timeout, rate limited. */
const retryable = (status: number | undefined) =>
	!status || status >= 500 || status === 408 || status === 429;

export class PatrolQueue {
	state: PatrolQueueState | null;

	constructor(
		private store: KeyValueStore,
		private send: SendBatch,
		private key = QUEUE_KEY,
		private batchSize = BATCH_SIZE
	) {
		const raw = store.getItem(key);
		this.state = raw ? (JSON.parse(raw) as PatrolQueueState) : null;
	}

	private save() {
		if (this.state) this.store.setItem(this.key, JSON.stringify(this.state));
		else this.store.removeItem(this.key);
	}

	start(patrolId: number, startedAt: string) {
		if (this.state?.patrolId === patrolId) return;
		this.state = { patrolId, startedAt, buffer: [], batches: [], accepted: 0, dropped: 0, sealed: 0 };
		this.save();
	}

	add(fix: Fix) {
		if (!this.state) return;
		this.state.buffer.push(fix);
		if (this.state.buffer.length >= this.batchSize) this.seal();
		else this.save();
	}

	/** Turns the buffer into a batch with a stable id (patrol, first fix time, running count). */
	seal() {
		const s = this.state;
		if (!s || s.buffer.length === 0) return;
		s.sealed += s.buffer.length;
		s.batches.push({ id: `p${s.patrolId}-${s.buffer[0].t}-${s.sealed}`, points: s.buffer });
		s.buffer = [];
		this.save();
	}

	get pending(): number {
		return this.state
			? this.state.buffer.length + this.state.batches.reduce((n, b) => n + b.points.length, 0)
			: 0;
	}

	/**
	 * Seals the buffer and sends the batches in order. Stops at the first batch the server could not
	 * take now (kept for the next flush); a batch it refuses for good (4xx) is discarded and reported.
	 */
	async flush(): Promise<{ sent: number; refused: SendError[]; offline: boolean }> {
		this.seal();
		const refused: SendError[] = [];
		let sent = 0;
		while (this.state && this.state.batches.length) {
			const s = this.state;
			const batch = s.batches[0];
			try {
				const r = await this.send(s.patrolId, { batchId: batch.id, points: batch.points });
				s.accepted += r.accepted;
				s.dropped += r.dropped;
				sent++;
			} catch (err) {
				const e = err as SendError;
				if (retryable(e.status)) return { sent, refused, offline: true };
				refused.push({ status: e.status, message: e.message });
			}
			if (this.state === s) {
				s.batches.shift();
				this.save();
			}
		}
		return { sent, refused, offline: false };
	}

	clear() {
		this.state = null;
		this.save();
	}
}
