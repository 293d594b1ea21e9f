// Which pool a tile is read from when a read replica is configured (REDGRID_READ_DATABASE_URL).
// Tile URLs carry the layer's data version and are cached for a year (service.ts), so a replica
// that is behind must never answer a version with older data. layer_versions is bumped by statement
// triggers in the same transaction as the data it versions (migration 010), so the replica holds a
// version's data exactly when its own layer_versions row has reached that version: no WAL position
// needs storing. A version the replica has not reached is waited for (up to WAIT_MS), else read on
// the primary.
import type pg from 'pg';
import { hasReplica, replicaQuery, tileDb } from '../db/pool';
import { layerVersion } from './versions';

/** How long a tile request waits for the replica to replay a version before reading the primary. */
export const WAIT_MS = 1000;
const POLL_MS = 25;

/** The highest version of each layer seen on the replica (a replica only moves forward). */
const seenOnReplica = new Map<string, number>();
/** One poll per layer and version at a time; requests that come meanwhile share it. */
const polls = new Map<string, Promise<boolean>>();

/** Tile reads since the start: on the replica at once, on it after waiting, on the primary after WAIT_MS. */
export const replicaTileReads = { immediate: 0, waited: 0, primary: 0 };

async function replicaVersion(layer: string): Promise<number> {
	const rows = await replicaQuery<{ version: number }>(
		'SELECT version::float8 AS version FROM layer_versions WHERE layer = $1',
		[layer]
	);
	const v = rows[0]?.version ?? 0;
	if (v > (seenOnReplica.get(layer) ?? -1)) seenOnReplica.set(layer, v);
	return v;
}

/** Polls the replica until its version of `layer` reaches `want` (true) or WAIT_MS passes (false). */
async function waitFor(layer: string, want: number): Promise<boolean> {
	const deadline = Date.now() + WAIT_MS;
	for (;;) {
		if ((await replicaVersion(layer)) >= want) return true;
		if (Date.now() + POLL_MS > deadline) return false;
		await new Promise((r) => setTimeout(r, POLL_MS));
	}
}

/**
 * The pool to render a tile of `layer` from: the primary's when no replica is configured; the
 * replica's once it has replayed the layer's current version (the version in the tile's cache key
 * or newer); the primary's when the replica has not within WAIT_MS (1 s) or cannot be reached.
 */
export async function tilePool(layer: Parameters<typeof layerVersion>[0]): Promise<pg.Pool> {
	if (!hasReplica()) return tileDb(false);
	const want = await layerVersion(layer);
	if ((seenOnReplica.get(layer) ?? -1) >= want) {
		replicaTileReads.immediate++;
		return tileDb(true);
	}
	const key = `${layer}|${want}`;
	let poll = polls.get(key);
	if (!poll) {
		poll = waitFor(layer, want)
			.catch((err) => {
				console.error(`tiles: the replica did not answer (${(err as Error).message}); reading the primary`);
				return false;
			})
			.finally(() => polls.delete(key));
		polls.set(key, poll);
	}
	if (await poll) {
		replicaTileReads.waited++;
		return tileDb(true);
	}
	replicaTileReads.primary++;
	return tileDb(false);
}
