// The one LISTEN connection of an instance (src/lib/server/db/notifications.ts): one that hangs
// without an error is noticed by its heartbeat, made again, and heard on again.
import { afterAll, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { HEARTBEAT, stopNotifications, subscribe } from '../../src/lib/server/db/notifications';

const CHANNEL = 'test_heartbeat';
/** The server process of the LISTEN connection: its last statement was LISTEN on our channel. */
const listener = async () =>
	(
		await db().query<{ pid: number }>(
			`SELECT pid FROM pg_stat_activity WHERE query = $1 AND datname = current_database()`,
			[`LISTEN ${CHANNEL}`]
		)
	).rows.map((r) => r.pid);

afterAll(async () => {
	await stopNotifications();
});

it('drops a LISTEN connection that stops answering without an error, connects again and hears the next NOTIFY', async () => {
	const saved = { ...HEARTBEAT };
	Object.assign(HEARTBEAT, { everyMs: 200, timeoutMs: 400 });
	const heard: string[] = [];
	let reconnects = 0;
	try {
		await subscribe(CHANNEL, { onNotify: (p) => heard.push(p), onReconnect: () => reconnects++ });
		await expect.poll(() => reconnects).toBe(1); // the first connection counts as one
		const [frozen] = await listener();
		expect(frozen).toBeGreaterThan(0);
		// the server process stops answering, with no error on the socket (as a dead network path)
		process.kill(frozen, 'SIGSTOP');
		try {
			await expect.poll(() => reconnects, { timeout: 5000 }).toBe(2);
		} finally {
			process.kill(frozen, 'SIGCONT');
		}
		// the frozen process, running again, finds its connection closed and ends; the new one listens
		await expect.poll(async () => (await listener()).includes(frozen)).toBe(false);
		expect(await listener()).toHaveLength(1);
		await db().query(`SELECT pg_notify($1, 'after')`, [CHANNEL]);
		await expect.poll(() => heard).toEqual(['after']);
	} finally {
		Object.assign(HEARTBEAT, saved);
	}
});
