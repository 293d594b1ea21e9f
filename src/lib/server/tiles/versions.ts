// Per-layer data versions (table layer_versions, bumped by statement triggers). Each instance keeps
// them in memory, kept fresh by LISTEN layer_versions; while that connection is down it reads the
// table on every call instead, so a version is never older than the data it is used to cache.
import pg from 'pg';
import { databaseUrl, db } from '../db/pool';
import type { LayerId } from '$lib/map/layer-ids';

const CHANNEL = 'layer_versions';
const RETRY_MS = 5_000;

let client: pg.Client | null = null;
let listening = false;
let connecting: Promise<void> | null = null;
let lastAttempt = 0;
const versions = new Map<string, number>();
const listeners = new Set<(layer: string, version: number) => void>();

function note(layer: string, version: number) {
	if ((versions.get(layer) ?? 0) >= version) return;
	versions.set(layer, version);
	for (const l of listeners) l(layer, version);
}

function drop(c: pg.Client) {
	if (client !== c) return;
	client = null;
	listening = false;
	versions.clear();
	c.end().catch(() => {});
}

async function connect(): Promise<void> {
	const c = new pg.Client({ connectionString: databaseUrl() });
	c.on('error', () => drop(c));
	c.on('end', () => drop(c));
	c.on('notification', (msg) => {
		if (msg.channel !== CHANNEL || !msg.payload) return;
		const [layer, v] = msg.payload.split(' ');
		note(layer, Number(v));
	});
	client = c;
	await c.connect();
	await c.query(`LISTEN ${CHANNEL}`);
	// read after LISTEN: a change committed in between is either in this read or notified
	const { rows } = await c.query<{ layer: string; version: number }>(
		'SELECT layer, version::float8 AS version FROM layer_versions'
	);
	for (const r of rows) note(r.layer, r.version);
	if (client === c) listening = true;
}

function ensureListening(): Promise<void> | null {
	if (listening || connecting) return connecting;
	if (Date.now() - lastAttempt < RETRY_MS) return null;
	lastAttempt = Date.now();
	connecting = connect()
		.catch((err) => {
			console.error(
				`tiles: LISTEN ${CHANNEL} failed (${(err as Error).message}); reading versions per request`
			);
			if (client) drop(client);
		})
		.finally(() => {
			connecting = null;
		});
	return connecting;
}

/** The current data version of a layer. */
export async function layerVersion(layer: LayerId): Promise<number> {
	await ensureListening();
	const known = listening ? versions.get(layer) : undefined;
	if (known !== undefined) return known;
	const { rows } = await db().query<{ version: number }>(
		'SELECT version::float8 AS version FROM layer_versions WHERE layer = $1',
		[layer]
	);
	return rows[0]?.version ?? 0;
}

/** Called with every new version this instance hears of (cache eviction hooks, tests). */
export function onLayerVersion(fn: (layer: string, version: number) => void): () => void {
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/** Closes the listening connection (tests, shutdown). */
export async function stopLayerVersions(): Promise<void> {
	const c = client;
	if (c) drop(c);
	lastAttempt = 0;
}
