// What the field pages keep on the phone, in IndexedDB (localStorage is too small for a zone and
// its photos): each user's outbox of requests made offline, and the last zone synced, so /my-grid
// opens without a network. Signing out (or in as someone else) deletes a user's data and the
// service worker's caches; an expired session deletes nothing.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { OutboxItem } from './outbox';
import { FIELD_PAGE } from './cache-names';

/** The last synced zone of a user: the /api/me/zone and /api/me/route answers and when. */
export interface ZoneSnapshot {
	user: number;
	username: string;
	syncedAt: string;
	zone: unknown;
	route: unknown;
	coverage: unknown;
}

interface FieldDb extends DBSchema {
	outbox: { key: number; value: OutboxItem; indexes: { user: number } };
	zones: { key: number; value: ZoneSnapshot };
}

const DB_NAME = 'redgrid-field';
/** Caches the service worker fills (src/service-worker.ts names them with this prefix). */
export const CACHE_PREFIX = 'redgrid-';
/** Sent requests stay listed this long, then are forgotten. */
const KEEP_SENT_MS = 24 * 3600_000;

const openFieldDb = () =>
	openDB<FieldDb>(DB_NAME, 1, {
		upgrade(d) {
			d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('user', 'user');
			d.createObjectStore('zones', { keyPath: 'user' });
		}
	});

let dbp: Promise<IDBPDatabase<FieldDb>> | null = null;
function db() {
	dbp ??= openFieldDb();
	return dbp;
}

/**
 * Every user's saved zone (when synced) and queue (position and state of each request) on this
 * phone, read on a connection closed afterwards: the service worker's check that the early paint
 * it would show is still what the page would show (src/lib/field/early-paint.ts).
 */
export async function deviceState(): Promise<{
	zones: { user: number; syncedAt: string }[];
	outbox: { user: number; seq?: number; state: string }[];
}> {
	const d = await openFieldDb();
	try {
		const [zones, outbox] = await Promise.all([d.getAll('zones'), d.getAll('outbox')]);
		return {
			zones: zones.map((z) => ({ user: z.user, syncedAt: z.syncedAt })),
			outbox: outbox.map((i) => ({ user: i.user, seq: i.seq, state: i.state }))
		};
	} finally {
		d.close();
	}
}

/** Adds a request at the end of the user's queue; returns it with its queue position. */
export async function enqueue(item: Omit<OutboxItem, 'seq'>): Promise<OutboxItem> {
	const seq = await (await db()).add('outbox', item as OutboxItem);
	return { ...item, seq };
}

/** The user's queue in order (sent ones older than a day are dropped on the way). */
export async function listQueue(user: number): Promise<OutboxItem[]> {
	const d = await db();
	const items = await d.getAllFromIndex('outbox', 'user', user);
	const old = Date.now() - KEEP_SENT_MS;
	const keep: OutboxItem[] = [];
	for (const i of items) {
		if (i.state === 'sent' && i.sentAt && Date.parse(i.sentAt) < old) await d.delete('outbox', i.seq!);
		else keep.push(i);
	}
	return keep.sort((a, b) => a.seq! - b.seq!);
}

export async function saveItem(item: OutboxItem): Promise<void> {
	await (await db()).put('outbox', item);
}

export async function removeItem(seq: number): Promise<void> {
	await (await db()).delete('outbox', seq);
}

/** Requests of the user not yet taken by the server (waiting or refused and not dismissed). */
export async function unsentCount(user: number): Promise<number> {
	return (await listQueue(user)).filter((i) => i.state !== 'sent').length;
}

export async function saveZone(z: ZoneSnapshot): Promise<void> {
	await (await db()).put('zones', z);
}

// /my-grid opens from the phone's copy: its reading starts when this module loads, while the app's
// own start (route data, translations, components) still runs, and the page's first loadZone takes it
let early: Promise<ZoneSnapshot[]> | null =
	typeof indexedDB !== 'undefined' && globalThis.location?.pathname.startsWith(FIELD_PAGE)
		? db()
				.then((d) => d.getAll('zones'))
				.catch(() => [])
		: null;

/** The user's last synced zone on this phone, or undefined. */
export async function loadZone(user: number): Promise<ZoneSnapshot | undefined> {
	const first = early;
	early = null;
	if (first) {
		const hit = (await first).find((z) => z.user === user);
		if (hit) return hit;
	}
	return (await db()).get('zones', user);
}

/** Other users who left data on this phone (their zone or queue), with their unsent counts. */
export async function otherUsers(
	user: number | null
): Promise<{ user: number; username: string; unsent: number }[]> {
	const d = await db();
	const zones = await d.getAll('zones');
	const out = [];
	for (const z of zones)
		if (z.user !== user) out.push({ user: z.user, username: z.username, unsent: await unsentCount(z.user) });
	return out;
}

/** Deletes a user's queue and zone, and every cache of the service worker (tiles, pages, data). */
export async function forgetDevice(user: number): Promise<void> {
	const d = await db();
	const tx = d.transaction(['outbox', 'zones'], 'readwrite');
	for (const seq of await tx.objectStore('outbox').index('user').getAllKeys(user))
		await tx.objectStore('outbox').delete(seq);
	await tx.objectStore('zones').delete(user);
	await tx.done;
	if ('caches' in globalThis)
		for (const k of await caches.keys()) if (k.startsWith(CACHE_PREFIX)) await caches.delete(k);
}

/**
 * After a sign-in: another user's data left on this phone (they signed in here before, and their
 * session expired or they never signed out) is deleted; the login page warned about it beforehand
 * (DeviceNotice). The same user's data stays, so their waiting requests are sent now.
 */
export async function afterSignIn(user: number): Promise<void> {
	for (const o of await otherUsers(user)) await forgetDevice(o.user);
}
