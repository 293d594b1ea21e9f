import { describe, expect, it } from 'vitest';
import { PatrolQueue, type KeyValueStore, type SendBatch } from './queue';
import type { Fix } from './points';

class Memory implements KeyValueStore {
	data = new Map<string, string>();
	getItem = (k: string) => this.data.get(k) ?? null;
	setItem = (k: string, v: string) => void this.data.set(k, v);
	removeItem = (k: string) => void this.data.delete(k);
}
const fix = (t: number): Fix => ({ t, lon: 114.98, lat: 27.11, accuracy: 5 });

describe('patrol position queue', () => {
	it('keeps batches while offline, survives a reload, then sends them in order once', async () => {
		const store = new Memory();
		const received: string[] = [];
		let online = false;
		const send: SendBatch = async (_id, b) => {
			if (!online) throw { message: 'Failed to fetch' };
			received.push(b.batchId);
			return { accepted: b.points.length, dropped: 0 };
		};
		const q = new PatrolQueue(store, send, 'k', 3);
		q.start(42, '2026-11-27T08:00:00Z');
		for (let t = 1; t <= 7; t++) q.add(fix(t));
		expect(q.pending).toBe(7);
		expect(await q.flush()).toEqual({ sent: 0, refused: [], offline: true });
		expect(q.pending).toBe(7);

		// a reload: a new queue on the same storage picks everything up
		const again = new PatrolQueue(store, send, 'k', 3);
		expect(again.state?.patrolId).toBe(42);
		expect(again.state?.batches.map((b) => b.points.length)).toEqual([3, 3, 1]);
		online = true;
		expect(await again.flush()).toEqual({ sent: 3, refused: [], offline: false });
		expect(received).toEqual(['p42-1-3', 'p42-4-6', 'p42-7-7']);
		expect(again.pending).toBe(0);
		expect(again.state?.accepted).toBe(7);
		expect(JSON.parse(store.getItem('k')!).batches).toEqual([]);
	});

	it('stops at a server error and keeps the rest; discards a batch refused for good', async () => {
		const store = new Memory();
		const answers = [500, 400, 200, 200];
		const send: SendBatch = async (_id, b) => {
			const s = answers.shift()!;
			if (s !== 200) throw { status: s, message: `status ${s}` };
			return { accepted: b.points.length - 1, dropped: 1 };
		};
		const q = new PatrolQueue(store, send, 'k', 2);
		q.start(1, 'x');
		for (let t = 1; t <= 6; t++) q.add(fix(t));
		expect((await q.flush()).offline).toBe(true);
		expect(q.state?.batches).toHaveLength(3);
		const r = await q.flush();
		expect(r.refused).toEqual([{ status: 400, message: 'status 400' }]);
		expect(r.sent).toBe(2);
		expect(q.state).toMatchObject({ accepted: 2, dropped: 2, batches: [] });
	});

	it('starting the same patrol again keeps its queue; clear forgets it', () => {
		const store = new Memory();
		const q = new PatrolQueue(store, async () => ({ accepted: 0, dropped: 0 }), 'k', 5);
		q.start(3, 'x');
		q.add(fix(1));
		q.start(3, 'x');
		expect(q.pending).toBe(1);
		q.clear();
		expect(store.getItem('k')).toBeNull();
	});
});
