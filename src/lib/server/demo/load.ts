// Loads the generated demo city into PostGIS: one transaction, COPY for every table, rolled back
// whole on any error so that the database is left as it was.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashPassword } from '../auth/password';
import { CRS_NAMES, type Crs } from '../geo/crs';
import { districtsFromBoundaries, type DistrictShape } from './districts';
import { lineEwkb, multiPolygonEwkb, pointEwkb } from './ewkb';
import {
	DEFAULT_SEED,
	buildCity,
	validateScale,
	validateSeed,
	type ActivityBatch,
	type CityBase,
	type Point
} from './generate';
import { seedGovernance } from './governance';
import type { TicketRow } from './rows';

export interface SeedOptions {
	seed?: number;
	scale?: number;
	boundariesFile?: string;
	crs?: Crs;
	log?: (s: string) => void;
	/** End of the generated year of activity (default: now). */
	now?: Date | number;
	/**
	 * The city without its year of activity (tickets, events, patrols) and governance records: for
	 * benchmarks that read only the city's places (the address lookup at scale 50).
	 */
	cityOnly?: boolean;
	/**
	 * Filled in when given: the seconds the load of facilities and of roads took, almost all of it
	 * their triggers working out every building's straight-line reach and walking distance to each
	 * facility type (migrations 330 and later: derived data of the planners' analyses, not the city's rows).
	 * The seed bench reports the load with and without it.
	 */
	timing?: { reachSeconds: number };
}
export type Counts = Record<string, number>;

export const DEMO_PASSWORD = 'redgrid-demo';
export const DEMO_API_KEY = 'redgrid-demo-key';

/** The tables the demo fills, in load order; all must be empty beforehand (users excepted). */
export const DEMO_TABLES = [
	'areas',
	'property_companies',
	'people',
	'grid_cells',
	'compounds',
	'buildings',
	'party_orgs',
	'party_org_companies',
	'party_instructors',
	'cross_appointments',
	'facilities',
	'fee_collections',
	'roads',
	'water',
	'landuse',
	'tickets',
	'ticket_events',
	'patrols',
	'patrol_checkins'
] as const;
const SERIAL_TABLES = [
	'areas',
	'property_companies',
	'people',
	'grid_cells',
	'compounds',
	'buildings',
	'party_orgs',
	'party_instructors',
	'cross_appointments',
	'facilities',
	'roads',
	'water',
	'landuse',
	'users',
	'api_keys',
	'tickets',
	'ticket_events',
	'patrols',
	'patrol_checkins'
];

// --- COPY text format

function esc(v: unknown): string {
	if (v === null || v === undefined) return '\\N';
	const s = String(v);
	return /[\\\t\n\r]/.test(s)
		? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
		: s;
}
const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
// geometries go in as hex EWKB (ewkb.ts): PostGIS reads it about eight times as fast as WKT
const pointGeom = (p: Point | null) => (p ? pointEwkb(p) : null);

async function copyRows<T>(
	client: pg.PoolClient,
	table: string,
	columns: string[],
	rows: Iterable<T>,
	toRow: (r: T) => unknown[]
): Promise<number> {
	let n = 0;
	function* chunks() {
		let buf: string[] = [];
		for (const r of rows) {
			buf.push(toRow(r).map(esc).join('\t'));
			n++;
			if (buf.length === 2000) {
				yield buf.join('\n') + '\n';
				buf = [];
			}
		}
		if (buf.length) yield buf.join('\n') + '\n';
	}
	const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
	await pipeline(Readable.from(chunks()), stream);
	return n;
}

// --- validation before anything touches the database

export async function readDistricts(file: string, crs: unknown): Promise<DistrictShape[]> {
	if (crs === undefined) {
		throw new Error(
			`boundaries file ${file}: say which CRS it is in (crs wgs84, gcj02 or bd09); it is never guessed`
		);
	}
	if (!CRS_NAMES.includes(crs as Crs))
		throw new Error(`unknown crs '${String(crs)}': use one of ${CRS_NAMES.join(', ')}`);
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (err) {
		throw new Error(`cannot read boundaries file ${file}: ${(err as Error).message}`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (err) {
		throw new Error(`boundaries file ${file} is not valid JSON: ${(err as Error).message}`);
	}
	// DataV "bound" files are a JSON array of features: accept them as a collection
	if (Array.isArray(json)) json = { type: 'FeatureCollection', features: json };
	return districtsFromBoundaries(json, crs as Crs, `boundaries file ${file}`);
}

/**
 * The address ticket_address() (migration 140) gives a ticket inside a compound: district, street,
 * community, then the compound's name followed by the building's number, joined by spaces.
 */
function ticketAddresses(base: CityBase): (t: TicketRow) => string {
	const areas = new Map(base.areas.map((a) => [a.id, a.name]));
	const compounds = new Map(base.compounds.map((c) => [c.id, c.name]));
	const buildings = new Map(base.buildings.map((b) => [b.id, b.number]));
	return (t) =>
		[
			areas.get(t.district_id),
			areas.get(t.street_id),
			areas.get(t.community_id),
			`${compounds.get(t.compound_id)}${t.building_id === null ? '' : buildings.get(t.building_id)}`
		]
			.filter((x) => x !== undefined)
			.join(' ');
}

interface Constraint {
	table: string;
	name: string;
	definition: string;
}

/**
 * Drops the constraints of one kind ('f' foreign keys, 'p' primary keys) of `tables`, inside the
 * caller's transaction, and returns them as they were defined, to be added back after the load
 * (restoreConstraints). A foreign key checks each row on its own as it is loaded; added back, it
 * checks all rows in one join, as pg_restore does (at scale 40 the row-by-row checks cost about
 * 85 µs a ticket and 15 µs an event, BENCHMARKS.md). A primary key added back is built by one sort.
 */
async function dropConstraints(
	client: pg.PoolClient,
	tables: readonly string[],
	kind: 'f' | 'p'
): Promise<Constraint[]> {
	const keys = (
		await client.query<Constraint>(
			`SELECT conrelid::regclass::text AS table, quote_ident(conname) AS name,
			        pg_get_constraintdef(oid) AS definition
			 FROM pg_constraint WHERE contype = $2 AND conrelid = ANY ($1::regclass[]) ORDER BY oid`,
			[tables, kind]
		)
	).rows;
	for (const k of keys) await client.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
	return keys;
}

/** The tables of a year's activity: most of the demo's rows, loaded last, read by no trigger of the load. */
const ACTIVITY_TABLES = ['tickets', 'ticket_events', 'patrols', 'patrol_checkins'];
/**
 * The tables the load's triggers fill (each building's straight-line reach, access point on the walk
 * network, and walking distance to each facility type): loaded with their keys and indexes off like
 * the demo tables. At scale 40, 3,006,260 rows of building_walk took 98.6 s to insert with their two
 * foreign keys and second index, 31.3 s without them including adding them back.
 */
const DERIVED_TABLES = ['building_reach', 'building_access', 'building_walk'];

/**
 * Drops the indexes of `tables` that back no constraint (inside the caller's transaction) and
 * returns the statements that create them again: built after the load, an index is sorted once
 * instead of updated with every row (tickets have 21 indexes).
 */
async function dropIndexes(client: pg.PoolClient, tables: readonly string[]): Promise<string[]> {
	const indexes = (
		await client.query<{ name: string; definition: string }>(
			`SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
			 FROM pg_index i WHERE i.indrelid = ANY ($1::regclass[])
			   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
			 ORDER BY i.indexrelid`,
			[tables]
		)
	).rows;
	for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
	return indexes.map((i) => i.definition);
}

/** Adds back the constraints dropConstraints dropped; fails (and so rolls back) on a row without its target. */
async function restoreConstraints(client: pg.PoolClient, keys: Constraint[]) {
	for (const k of keys) await client.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.definition}`);
}

async function assertEmpty(q: pg.Pool | pg.PoolClient) {
	const exists = await q.query<{ ok: boolean }>("SELECT to_regclass('public.areas') IS NOT NULL AS ok");
	if (!exists.rows[0].ok) throw new Error('the database has no RedGrid schema: run the migrations first');
	const areas = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM areas');
	if (areas.rows[0].n > 0) {
		throw new Error(
			`the database already has areas (${areas.rows[0].n}): the demo city is loaded only into an empty database`
		);
	}
	for (const t of DEMO_TABLES) {
		const r = await q.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${t}) AS any`);
		if (r.rows[0].any)
			throw new Error(
				`the database is not empty: table ${t} has rows; the demo city is loaded only into an empty database`
			);
	}
}

export async function seedDemo(pool: pg.Pool, opts: SeedOptions = {}): Promise<Counts> {
	const log = opts.log ?? (() => {});
	const seed = validateSeed(opts.seed ?? DEFAULT_SEED);
	const scale = validateScale(opts.scale ?? 1);
	if (opts.crs !== undefined && !CRS_NAMES.includes(opts.crs)) {
		throw new Error(`unknown crs '${String(opts.crs)}': use one of ${CRS_NAMES.join(', ')}`);
	}
	const districts = opts.boundariesFile ? await readDistricts(opts.boundariesFile, opts.crs) : undefined;
	await assertEmpty(pool);

	const t0 = Date.now();
	const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	log(
		`generating the demo city (seed ${seed}, scale ${scale}${opts.boundariesFile ? `, districts from ${opts.boundariesFile} in ${opts.crs}` : ', synthetic districts'})`
	);
	const { base, activity } = buildCity({ seed, scale, districts, now: opts.now });
	log(
		`generated ${base.areas.length} areas, ${base.compounds.length} compounds, ${base.buildings.length} buildings (${elapsed()})`
	);
	const passwordHashes = await Promise.all(base.users.map(() => hashPassword(DEMO_PASSWORD)));

	const client = await pool.connect();
	const counts: Counts = {};
	try {
		await client.query('BEGIN');
		await client.query('LOCK TABLE areas IN SHARE ROW EXCLUSIVE MODE');
		await assertEmpty(client);
		const foreignKeys = await dropConstraints(client, [...DEMO_TABLES, ...DERIVED_TABLES], 'f');
		const derivedIndexes = await dropIndexes(client, DERIVED_TABLES);
		// building_walk's primary key too: the roads' trigger writes its rows (3,935,150 at scale 50) in
		// one INSERT into the empty table and looks none up by the key (building_reach's is kept: its
		// full pass writes with ON CONFLICT). On the kept scale-50 city: 22.2 s to insert them with the
		// key, 2.9 s without it and 5.7 s to add it back.
		const derivedKeys = await dropConstraints(client, ['building_walk'], 'p');
		const copy = async <T>(
			table: string,
			columns: string[],
			rows: Iterable<T>,
			toRow: (r: T) => unknown[]
		) => {
			const n = await copyRows(client, table, columns, rows, toRow);
			counts[table] = (counts[table] ?? 0) + n;
			return n;
		};
		const step = async <T>(table: string, columns: string[], rows: T[], toRow: (r: T) => unknown[]) => {
			const started = Date.now();
			await copy(table, columns, rows, toRow);
			if (opts.timing && (table === 'facilities' || table === 'roads'))
				opts.timing.reachSeconds += (Date.now() - started) / 1000;
			log(`${table}: ${rows.length} rows (${elapsed()})`);
		};

		await step(
			'areas',
			['id', 'code', 'name', 'level', 'parent_id', 'population', 'households', 'geom'],
			base.areas,
			(a) => [
				a.id,
				a.code,
				a.name,
				a.level,
				a.parent_id,
				a.population,
				a.households,
				multiPolygonEwkb(a.geom)
			]
		);
		await step(
			'property_companies',
			['id', 'name', 'credit_code', 'address', 'party_members'],
			base.property_companies,
			(c) => [c.id, c.name, c.credit_code, c.address, c.party_members]
		);
		await step('people', ['id', 'name', 'phone', 'kind', 'area_id', 'company_id'], base.people, (p) => [
			p.id,
			p.name,
			p.phone,
			p.kind,
			p.area_id,
			p.company_id
		]);
		await step(
			'grid_cells',
			['id', 'code', 'name', 'community_id', 'district_id', 'worker_id', 'geom'],
			base.grid_cells,
			(g) => [g.id, g.code, g.name, g.community_id, g.district_id, g.worker_id, multiPolygonEwkb(g.geom)]
		);
		await step(
			'compounds',
			[
				'id',
				'code',
				'name',
				'address',
				'community_id',
				'district_id',
				'company_id',
				'households',
				'population',
				'year_built',
				'geom'
			],
			base.compounds,
			(c) => [
				c.id,
				c.code,
				c.name,
				c.address,
				c.community_id,
				c.district_id,
				c.company_id,
				c.households,
				c.population,
				c.year_built,
				multiPolygonEwkb([[c.ring]])
			]
		);
		await step(
			'buildings',
			['id', 'code', 'compound_id', 'district_id', 'number', 'floors', 'households', 'steward_id', 'geom'],
			base.buildings,
			(b) => [
				b.id,
				b.code,
				b.compound_id,
				b.district_id,
				b.number,
				b.floors,
				b.households,
				b.steward_id,
				multiPolygonEwkb([[b.ring]])
			]
		);
		await step(
			'party_orgs',
			['id', 'name', 'kind', 'parent_id', 'area_id', 'compound_id', 'members', 'founded_on', 'geom'],
			base.party_orgs,
			(o) => [
				o.id,
				o.name,
				o.kind,
				o.parent_id,
				o.area_id,
				o.compound_id,
				o.members,
				o.founded_on,
				pointGeom(o.point)
			]
		);
		await step('party_org_companies', ['org_id', 'company_id'], base.party_org_companies, (o) => [
			o.org_id,
			o.company_id
		]);
		await step(
			'party_instructors',
			['id', 'person_id', 'company_id', 'start_on', 'end_on'],
			base.party_instructors,
			(i) => [i.id, i.person_id, i.company_id, i.start_on, i.end_on]
		);
		await step(
			'cross_appointments',
			['id', 'person_id', 'direction', 'community_id', 'company_id', 'title', 'start_on', 'end_on'],
			base.cross_appointments,
			(c) => [c.id, c.person_id, c.direction, c.community_id, c.company_id, c.title, c.start_on, c.end_on]
		);
		await step(
			'facilities',
			['id', 'code', 'type', 'name', 'capacity', 'floor_area', 'opened_on', 'area_id', 'compound_id', 'geom'],
			base.facilities,
			(f) => [
				f.id,
				f.code,
				f.type,
				f.name,
				f.capacity,
				f.floor_area,
				f.opened_on,
				f.area_id,
				f.compound_id,
				pointGeom(f.point)
			]
		);
		await step(
			'fee_collections',
			['compound_id', 'month', 'due_amount', 'collected_amount'],
			base.fee_collections,
			(f) => [f.compound_id, f.month, f.due_amount, f.collected_amount]
		);
		await step('roads', ['id', 'name', 'class', 'bridge', 'geom'], base.roads, (r) => [
			r.id,
			r.name,
			r.class,
			r.bridge,
			lineEwkb(r.line)
		]);
		await step('water', ['id', 'name', 'kind', 'geom'], base.water, (w) => [
			w.id,
			w.name,
			w.kind,
			multiPolygonEwkb(w.geom)
		]);
		await step('landuse', ['id', 'name', 'kind', 'geom'], base.landuse, (l) => [
			l.id,
			l.name,
			l.kind,
			multiPolygonEwkb(l.geom)
		]);

		// the departments that hold tickets (migration 350), unless some exist already
		const departments = new Map<string, number>();
		const existing = await client.query<{ id: number; kind: string }>(
			'SELECT id, kind FROM departments WHERE retired_at IS NULL ORDER BY id'
		);
		const rows = existing.rows.length
			? existing.rows
			: (
					await client.query<{ id: number; kind: string }>(
						`INSERT INTO departments (kind, name, area_id) VALUES
						 ('housing', '吉安市住房和城乡建设局', NULL), ('urban_management', '吉安市城市管理局', NULL),
						 ('power', '国网吉安供电公司', NULL), ('water', '吉安市供水公司', NULL),
						 ('urban_management', '吉州区城市管理局', (SELECT id FROM areas WHERE level = 'district' AND name = '吉州区' LIMIT 1))
						 RETURNING id, kind`
					)
				).rows;
		for (const d of rows) if (!departments.has(d.kind)) departments.set(d.kind, d.id);

		// demo accounts (an existing account of the same name is left alone)
		const userIds = new Map<string, number>();
		for (const [k, u] of base.users.entries()) {
			const r = await client.query<{ id: number }>(
				`INSERT INTO users (username, display_name, password_hash, role, area_id, person_id, company_id, department_id)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				 ON CONFLICT (username) DO NOTHING RETURNING id`,
				[
					u.username,
					u.display_name,
					passwordHashes[k],
					u.role,
					u.area_id,
					u.person_id,
					u.company_id ?? null,
					u.department_kind ? (departments.get(u.department_kind) ?? null) : null
				]
			);
			if (r.rows[0]) userIds.set(u.username, r.rows[0].id);
			else log(`user ${u.username} exists already: left as it is`);
		}
		counts.users = userIds.size;
		const admin = (await client.query<{ id: number }>("SELECT id FROM users WHERE username = 'admin'"))
			.rows[0];
		const keyHash = createHash('sha256').update(DEMO_API_KEY).digest('hex');
		const key = await client.query(
			`INSERT INTO api_keys (user_id, key_hash, label) VALUES ($1, $2, 'demo Open311 key') ON CONFLICT (key_hash) DO NOTHING`,
			[admin.id, keyHash]
		);
		counts.api_keys = key.rowCount ?? 0;
		log(
			`users: ${userIds.size} demo accounts (password '${DEMO_PASSWORD}'), api key for admin (${elapsed()})`
		);

		// activity, in batches of about 25,000 tickets. Per-row NOTIFY of historic events would flood
		// listeners: the trigger is off for this transaction only (ALTER TABLE is transactional).
		const notify = await client.query(
			"SELECT 1 FROM pg_trigger WHERE tgname = 'ticket_events_notify' AND tgrelid = 'ticket_events'::regclass AND tgenabled <> 'D'"
		);
		if (notify.rowCount) await client.query('ALTER TABLE ticket_events DISABLE TRIGGER ticket_events_notify');
		// Two per-row triggers cost more than the rows themselves at city scale (BENCHMARKS.md "Demo
		// city load"); the seed does their work in bulk, the same way, for this transaction only:
		// - ticket_events_number numbers each event in commit order under an advisory lock: the seed
		//   takes the lock once and numbers its events in the order it writes them;
		// - tickets_fill_address works out an address left empty: the seed gives each ticket the
		//   address ticket_address() would give (tests/integration/demo.test.ts compares every row).
		await client.query('SELECT pg_advisory_xact_lock(727003)');
		await client.query('ALTER TABLE ticket_events DISABLE TRIGGER ticket_events_number');
		let nextSeq = Number(
			(await client.query<{ n: string }>("SELECT nextval('ticket_events_seq') AS n")).rows[0].n
		);
		const address = ticketAddresses(base);
		const hasStreet = (
			await client.query(
				"SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tickets' AND column_name = 'street_id'"
			)
		).rowCount;
		const empty = (): ActivityBatch => ({ tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] });
		let pending = empty();
		const flush = async (batch: ActivityBatch) => {
			const columns = [
				'id',
				'district_id',
				'code',
				'category',
				'urgency',
				'status',
				'description',
				'reporter_name',
				'reporter_phone',
				'source',
				'geom',
				'community_id',
				'grid_cell_id',
				'compound_id',
				'building_id',
				'company_id',
				'assignee_id',
				'created_at',
				'accept_due_at',
				'due_at',
				'resolved_at',
				'closed_at',
				'satisfaction',
				'address'
			];
			await copy('tickets', hasStreet ? [...columns, 'street_id'] : columns, batch.tickets, (t) => {
				const row = [
					t.id,
					t.district_id,
					t.code,
					t.category,
					t.urgency,
					t.status,
					t.description,
					t.reporter_name,
					t.reporter_phone,
					t.source,
					pointGeom(t.point),
					t.community_id,
					t.grid_cell_id,
					t.compound_id,
					t.building_id,
					t.company_id,
					t.assignee_id,
					ts(t.created_at),
					ts(t.accept_due_at),
					ts(t.due_at),
					ts(t.resolved_at),
					ts(t.closed_at),
					t.satisfaction,
					address(t)
				];
				if (hasStreet) row.push(t.street_id);
				return row;
			});
			await copy(
				'ticket_events',
				['id', 'ticket_id', 'district_id', 'at', 'kind', 'from_status', 'to_status', 'note', 'seq'],
				batch.ticket_events,
				(e) => [
					e.id,
					e.ticket_id,
					e.district_id,
					ts(e.at),
					e.kind,
					e.from_status,
					e.to_status,
					e.note,
					nextSeq++
				]
			);
			await copy(
				'patrols',
				['id', 'worker_id', 'district_id', 'started_at', 'ended_at', 'track'],
				batch.patrols,
				(p) => [p.id, p.worker_id, p.district_id, ts(p.started_at), ts(p.ended_at), lineEwkb(p.track)]
			);
			await copy(
				'patrol_checkins',
				['id', 'patrol_id', 'building_id', 'at', 'geom', 'distance_m'],
				batch.patrol_checkins,
				(c) => [c.id, c.patrol_id, c.building_id, ts(c.at), pointGeom(c.point), c.distance_m]
			);
			log(
				`tickets: ${counts.tickets}, events: ${counts.ticket_events}, patrols: ${counts.patrols}, check-ins: ${counts.patrol_checkins} (${elapsed()})`
			);
		};
		// the activity tables' indexes are built once after the load, by sorting, not row by row
		const indexes = await dropIndexes(client, ACTIVITY_TABLES);
		// Generating a batch (Node) and loading the one before it (PostgreSQL) run at once, one batch
		// in flight, so the events are still numbered in the order they are written: each takes about
		// half of this step's time on the two cores of this machine kind (BENCHMARKS.md "Demo city
		// load"). The generator yields to the event loop between days so the COPY keeps being fed.
		/** a batch's rows, a patrol counted as four (its check-ins) */
		const weight = (b: ActivityBatch) => b.tickets.length + b.patrols.length * 4;
		let loading: Promise<void> = Promise.resolve();
		let sinceYield = 0;
		for (const b of opts.cityOnly ? [] : activity()) {
			for (const k of ['tickets', 'ticket_events', 'patrols', 'patrol_checkins'] as const) {
				const target = pending[k] as unknown[];
				for (const row of b[k]) target.push(row);
			}
			sinceYield += weight(b);
			if (weight(pending) >= 25_000) {
				await loading;
				const batch = pending;
				pending = empty();
				loading = flush(batch);
				loading.catch(() => {}); // awaited below; kept from being an unhandled rejection meanwhile
			}
			if (sinceYield >= 1_000) {
				sinceYield = 0;
				await new Promise((r) => setImmediate(r));
			}
		}
		await loading;
		await flush(pending);
		if (notify.rowCount) await client.query('ALTER TABLE ticket_events ENABLE TRIGGER ticket_events_notify');
		await client.query('ALTER TABLE ticket_events ENABLE TRIGGER ticket_events_number');
		await client.query("SET LOCAL maintenance_work_mem = '256MB'");
		for (const i of [...indexes, ...derivedIndexes]) await client.query(i);
		await restoreConstraints(client, derivedKeys);
		log(`indexes of ${[...ACTIVITY_TABLES, ...DERIVED_TABLES].join(', ')} built (${elapsed()})`);
		await restoreConstraints(client, foreignKeys);
		log(`foreign keys checked (${elapsed()})`);
		await client.query("SELECT setval('ticket_events_seq', $1, false)", [nextSeq]);

		for (const t of SERIAL_TABLES) {
			await client.query(
				`SELECT setval(pg_get_serial_sequence('${t}', 'id'), GREATEST((SELECT max(id) FROM ${t}), 1), (SELECT max(id) FROM ${t}) IS NOT NULL)`
			);
		}
		// owners' committees, joint meetings, decisions, consultations (after the sequences: it adds tickets)
		if (!opts.cityOnly)
			Object.assign(
				counts,
				await seedGovernance(client, { seed, now: new Date(opts.now ?? Date.now()), log })
			);
		await client.query('COMMIT');
		log(`committed (${elapsed()})`);
	} catch (err) {
		await client.query('ROLLBACK').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
	await pool.query('ANALYZE');
	log(`analyzed; done in ${elapsed()}`);
	return counts;
}
