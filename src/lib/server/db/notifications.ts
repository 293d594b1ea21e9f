// One LISTEN connection per app instance, shared by everything that reacts to NOTIFY: live ticket
// events, tile data versions, the session cache. While it is down, `connected` is false and each
// user falls back to reading the database; on reconnect every channel is LISTENed again and every
// subscriber hears `onReconnect`, so nothing notified in between is lost for good.
import pg from 'pg';
import { connectionOptions, databaseUrl } from './pool';

export interface Subscriber {
	onNotify(payload: string): void;
	/** after a (re)connection: re-read whatever a missed notification would have said */
	onReconnect?(): void;
	/** the connection dropped: drop whatever relies on notifications arriving */
	onDisconnect?(): void;
}

const CHANNEL = /^[a-z_]+$/;
const channels = new Map<string, Set<Subscriber>>();
let client: pg.Client | null = null;
let connecting: Promise<void> | null = null;
let retry: ReturnType<typeof setTimeout> | undefined;
let delay = 500;
let stopped = false;

export const notificationsConnected = () => client !== null && connecting === null;

/**
 * How the LISTEN connection is checked. One that dies without an error (a network path that drops
 * packets, a NAT or load balancer that forgot it, a frozen server) is otherwise never noticed, and
 * the instance would keep answering from caches nothing invalidates any more: sessions signed out
 * elsewhere, tile versions. Every `everyMs` a `SELECT 1` must answer within `timeoutMs`, else the
 * connection is dropped and made again; a new connection must be listening within twice that. The
 * connection is never idle, so TCP keepalive (two hours before its first probe with Linux's
 * defaults) would add nothing. Tests shorten both.
 */
export const HEARTBEAT = { everyMs: 15_000, timeoutMs: 10_000 };
let beat: ReturnType<typeof setTimeout> | undefined;

/** The server process of the LISTEN connection (pg_stat_activity.pid), null while there is none. */
export const notificationsBackendPid = (): number | null =>
	(client as (pg.Client & { processID?: number | null }) | null)?.processID ?? null;

/**
 * Ends `c`, and closes its socket outright if it has not closed a second later: a connection whose
 * server no longer answers would otherwise wait for TCP to give up (about 15 minutes).
 */
function close(c: pg.Client) {
	c.end().catch(() => {});
	setTimeout(
		() => (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy(),
		1000
	).unref();
}

function scheduleHeartbeat() {
	clearTimeout(beat);
	if (stopped) return;
	beat = setTimeout(() => {
		const c = client;
		if (!c || connecting) return scheduleHeartbeat();
		let answered = false;
		// a timer can fire before an answer already in the socket is read (a busy event loop runs
		// expired timers first): the verdict waits for this turn's I/O
		const late = setTimeout(() => setImmediate(() => answered || drop(c)), HEARTBEAT.timeoutMs);
		late.unref();
		c.query('SELECT 1').then(
			() => {
				answered = true;
				clearTimeout(late);
				if (client === c) scheduleHeartbeat();
			},
			() => {
				clearTimeout(late);
				drop(c);
			}
		);
	}, HEARTBEAT.everyMs);
	beat.unref();
}

function drop(c: pg.Client) {
	if (client !== c) return;
	client = null;
	close(c);
	for (const subs of channels.values()) for (const s of subs) s.onDisconnect?.();
	if (!stopped) {
		clearTimeout(retry);
		retry = setTimeout(() => void connect().catch(() => {}), delay);
		retry.unref();
		delay = Math.min(delay * 2, 5000);
	}
}

function connect(): Promise<void> {
	connecting ??= (async () => {
		const c = new pg.Client({ connectionString: databaseUrl(), ...connectionOptions('-listen') });
		c.on('error', () => drop(c));
		c.on('end', () => drop(c));
		c.on('notification', (m) => {
			for (const s of channels.get(m.channel) ?? []) s.onNotify(m.payload ?? '');
		});
		// a server that accepts the connection but never answers: its pending steps then fail
		const giveUp = setTimeout(() => close(c), HEARTBEAT.timeoutMs * 2);
		giveUp.unref();
		try {
			await c.connect();
			for (const ch of channels.keys()) await c.query(`LISTEN ${ch}`);
			clearTimeout(giveUp);
			if (stopped) {
				close(c); // stopNotifications ran meanwhile
				return;
			}
			client = c;
			delay = 500;
			scheduleHeartbeat();
		} catch (err) {
			clearTimeout(giveUp);
			client = c;
			drop(c);
			throw err;
		}
	})().finally(() => (connecting = null));
	return connecting.then(() => {
		for (const subs of channels.values()) for (const s of subs) s.onReconnect?.();
	});
}

/** Listens on `channel` (a fixed lower-case name); resolves once LISTEN is in place, or rejects. */
export async function subscribe(channel: string, s: Subscriber): Promise<() => void> {
	if (!CHANNEL.test(channel)) throw new Error(`not a channel name: ${channel}`);
	stopped = false;
	const fresh = !channels.has(channel);
	const subs = channels.get(channel) ?? new Set();
	subs.add(s);
	channels.set(channel, subs);
	if (connecting) await connecting;
	if (!client) await connect();
	else if (fresh) await client.query(`LISTEN ${channel}`);
	return () => subs.delete(s);
}

export async function stopNotifications(): Promise<void> {
	stopped = true;
	clearTimeout(retry);
	clearTimeout(beat);
	const c = client;
	client = null;
	channels.clear();
	await c?.end().catch(() => {});
}
