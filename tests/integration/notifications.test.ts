// The one LISTEN connection of an instance (src/lib/server/db/notifications.ts): a healthy one is
// kept; one whose network path goes dead (no error, no close: packets just stop) is noticed by its
// heartbeat, made again, and heard on again. The dead path is a TCP proxy in this test that stops
// carrying bytes on the connections it has open.
import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import {
	HEARTBEAT,
	notificationsBackendPid,
	stopNotifications,
	subscribe
} from '../../src/lib/server/db/notifications';

const CHANNEL = 'test_heartbeat';

/** A TCP proxy to `target` whose open connections can be made to carry nothing, and never close. */
async function proxyTo(target: URL) {
	const open = new Set<{ dead: boolean; a: net.Socket; b: net.Socket }>();
	const server = net.createServer((a) => {
		const b = net.connect(Number(target.port), target.hostname);
		const pair = { dead: false, a, b };
		open.add(pair);
		a.on('data', (d) => pair.dead || b.write(d));
		b.on('data', (d) => pair.dead || a.write(d));
		for (const [s, other] of [
			[a, b],
			[b, a]
		]) {
			s.on('error', () => {});
			s.on('close', () => {
				other.destroy();
				open.delete(pair);
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		/** the connections open now go dead; new ones are carried */
		blackhole: () => {
			for (const p of open) p.dead = true;
		},
		close: () => {
			for (const p of open) p.a.destroy();
			server.close();
		}
	};
}

afterAll(async () => {
	await stopNotifications();
});

it('keeps a healthy LISTEN connection; drops one whose network path goes dead, connects again and hears the next NOTIFY', async () => {
	const real = process.env.DATABASE_URL!;
	await db().query('SELECT 1'); // the API's pool keeps the direct address
	const proxy = await proxyTo(new URL(real));
	const via = new URL(real);
	via.port = String(proxy.port);
	process.env.DATABASE_URL = via.toString(); // the LISTEN connection goes through the proxy
	const saved = { ...HEARTBEAT };
	Object.assign(HEARTBEAT, { everyMs: 200, timeoutMs: 1500 });
	const heard: string[] = [];
	let reconnects = 0;
	const alive = async (pid: number) =>
		(await db().query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid]))
			.rows[0].n;
	try {
		await subscribe(CHANNEL, { onNotify: (p) => heard.push(p), onReconnect: () => reconnects++ });
		expect(reconnects).toBe(1); // the first connection counts as one
		const first = notificationsBackendPid()!;
		expect(await alive(first)).toBe(1);
		// ten heartbeats answered: the same connection
		await new Promise((r) => setTimeout(r, 2000));
		expect([reconnects, notificationsBackendPid()]).toEqual([1, first]);

		proxy.blackhole();
		await expect.poll(() => reconnects, { timeout: 10_000 }).toBe(2);
		const second = notificationsBackendPid();
		expect(second).not.toBe(first);
		// the dead connection's socket is closed, and its server process ends
		await expect.poll(() => alive(first), { timeout: 5000 }).toBe(0);
		await db().query(`SELECT pg_notify($1, 'after')`, [CHANNEL]);
		await expect.poll(() => heard).toEqual(['after']);
	} finally {
		Object.assign(HEARTBEAT, saved);
		process.env.DATABASE_URL = real;
		await stopNotifications();
		proxy.close();
	}
});
