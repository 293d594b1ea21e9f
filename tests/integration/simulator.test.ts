import { describe, expect, it } from 'vitest';
import { simulateTick } from '../../src/lib/server/simulator/simulator';
import { demoUser, one } from './helpers';

describe('simulator', () => {
	it('files tickets and advances open ones through the real workflow, each change an event', async () => {
		const before = await one<{ t: number; e: number }>(
			'SELECT (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM ticket_events)::int AS e'
		);
		let filed = 0;
		let advanced = 0;
		for (let i = 0; i < 5; i++) {
			const r = await simulateTick(await demoUser('admin'));
			filed += r.filed;
			advanced += r.advanced;
		}
		const after = await one<{ t: number; e: number; sim: number }>(
			"SELECT (SELECT count(*) FROM tickets)::int AS t, (SELECT count(*) FROM ticket_events)::int AS e, (SELECT count(*) FROM tickets WHERE source = 'simulator')::int AS sim"
		);
		expect(filed).toBeGreaterThanOrEqual(3);
		expect(after.t - before.t).toBe(filed);
		expect(after.sim).toBe(filed);
		// every filed ticket writes 1–2 events, every advance exactly one
		expect(after.e - before.e).toBeGreaterThanOrEqual(filed + advanced);
		expect(after.e - before.e).toBeLessThanOrEqual(2 * filed + advanced);
	});
});
