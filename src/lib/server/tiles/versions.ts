// Per-layer data versions (table layer_versions, bumped by statement triggers). Each instance keeps
// them in memory, kept fresh by NOTIFY layer_versions on the shared listener; while that connection
// is down it reads the table on every call instead, so a version is never older than the data it is
// used to cache.
import { db } from '../db/pool';
import { notificationsConnected, subscribe } from '../db/notifications';
import type { LayerId } from '$lib/map/layer-ids';

const versions = new Map<string, number>();
let subscribed: Promise<unknown> | null = null;
// bumped whenever the listener drops: a read that overlapped a drop is not kept
let connection = 0;

function note(layer: string, version: number) {
	if ((versions.get(layer) ?? 0) >= version) return;
	versions.set(layer, version);
}

async function reload() {
	const { rows } = await db().query<{ layer: string; version: number }>(
		'SELECT layer, version::float8 AS version FROM layer_versions'
	);
	for (const r of rows) note(r.layer, r.version);
}

function ensureListening(): Promise<unknown> {
	subscribed ??= subscribe('layer_versions', {
		onNotify(payload) {
			const [layer, v] = payload.split(' ');
			if (layer && v) note(layer, Number(v));
		},
		// read after LISTEN: a change committed in between is either in this read or notified
		onReconnect: () => void reload().catch(() => versions.clear()),
		onDisconnect: () => {
			connection++;
			versions.clear();
		}
	}).catch((err) => {
		console.error(
			`tiles: LISTEN layer_versions failed (${(err as Error).message}); reading versions per request`
		);
		subscribed = null;
	});
	return subscribed;
}

/**
 * The current data version of a layer: from memory while the listener is connected, else (and the
 * first time a layer is asked for) read from the table.
 */
export async function layerVersion(layer: LayerId | 'basemap'): Promise<number> {
	await ensureListening();
	const listening = subscribed !== null && notificationsConnected();
	const known = knownLayerVersion(layer);
	if (known !== undefined) return known;
	const before = connection;
	const { rows } = await db().query<{ version: number }>(
		'SELECT version::float8 AS version FROM layer_versions WHERE layer = $1',
		[layer]
	);
	const version = rows[0]?.version ?? 0;
	// Read after LISTEN was in place: a later change is notified (note() keeps the higher of the two).
	// Without this a layer never notified since the start was read from the table on every tile (the
	// listener may have been connected by another subscriber, so no onReconnect reload ran).
	if (listening && rows[0] && before === connection && notificationsConnected()) note(layer, version);
	return version;
}

/**
 * The version of a layer when it is in memory with the listener connected, without a promise (the
 * tile fast path's cache hit); undefined when layerVersion must be asked.
 */
export function knownLayerVersion(layer: LayerId | 'basemap'): number | undefined {
	return subscribed !== null && notificationsConnected() ? versions.get(layer) : undefined;
}

/** Forgets the versions (tests, shutdown); the shared listener is closed by its owner. */
export async function stopLayerVersions(): Promise<void> {
	versions.clear();
	subscribed = null;
}
