// Ticket intake and live delivery.
//   npx tsx scripts/bench/intake.ts [--seconds 20] [--clients 500]
// 1. SSE: N clients connected to /api/events; latency from COMMIT of an event to each client
//    receiving it, against the raw LISTEN/NOTIFY latency to one connection measured in the same run.
// 2. Baseline: a plain INSERT of the same ticket rows (no routing, no SLA, no events), as fast as it goes.
// 3. Intake over HTTP (POST /api/tickets: routing, SLA, duplicate check, events): latency at a steady
//    50 tickets/s, and the highest sustained rate with 8 concurrent clients, against the baseline.
// 4. Address lookup (the form's search, Open311 address_string): p95 against a plain pg_trgm
//    search over compound names. `--only lookup` runs this part alone, on the city's places without
//    its year of tickets (the lookup reads only areas, compounds and buildings); `--scale N` seeds
//    the demo city at scale N first (README: at most 10 on shared machines).
// 5. `--only streams`: the app's memory with `--clients` (here 100) live-event clients replaying
//    from Last-Event-ID: 0 that never read (goal: growth under 100 MB in total), against the app idle.
// 7. `--only outbox`: the outbox (README "Notifications and the outbox") under intake at 50 tickets/s
//    for `--seconds`: a local webhook receiver, the lag from each ticket event's commit time to its
//    arrival (goal: p95 under 2 s, nothing left undelivered) and the delivery rate as a ratio against
//    the intake's event rate in the same run.
// 6. `--only import`: an import dry run of a large GeoJSON (`--rows`, 270,000 facilities, about
//    95 MB) in the import command: peak memory and time against the file's size, the same command
//    on a file of 1 % of the rows, and a plain JSON.parse of the big file (scripts/lib/memory-bench.ts).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchEnv, log, machine, ms, percentile, ratio, sortNum, table } from './lib';
import { addressLookupBench } from '../lib/address-bench';
import { jsonParseArgs, measureProcess, sseMemory, writeFacilitiesGeoJson } from '../lib/memory-bench';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = parseArgs({
	options: {
		seconds: { type: 'string', default: '20' },
		clients: { type: 'string', default: '500' },
		only: { type: 'string' },
		scale: { type: 'string', default: '1' },
		rows: { type: 'string', default: '270000' }
	}
}).values;
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const KEY = 'redgrid-demo-key';

if (args.only === 'lookup') {
	const env = await benchEnv({ scale: Number(args.scale), cityOnly: true });
	try {
		await lookupTable(env.url);
	} finally {
		await env.dispose();
		process.exit(0);
	}
}

if (args.only === 'streams') {
	const env = await benchEnv({ app: true, scale: Number(args.scale) });
	try {
		const clients = args.clients === '500' ? 100 : CLIENTS;
		const events = (
			await db1(
				env.url,
				'SELECT (SELECT count(*) FROM ticket_events)::int AS e, (SELECT count(*) FROM tickets)::int AS t'
			)
		)[0];
		log(`SSE memory: ${clients} non-reading clients from Last-Event-ID: 0 (${events.e} events to replay)`);
		const f = await sseMemory(new URL(env.app!.base), env.app!.process.pid!, KEY, clients);
		console.log(
			`\nRun ${new Date().toISOString()} on ${machine()}, load average ${os
				.loadavg()
				.map((x) => x.toFixed(1))
				.join(
					' '
				)}; demo city scale ${args.scale}: ${events.t} tickets, ${events.e} events; ${clients} clients.`
		);
		const mb = (x: number) => `${x.toFixed(0)} MB`;
		table(
			`App memory with ${clients} non-reading SSE clients replaying from Last-Event-ID: 0`,
			['figure', 'value', 'baseline (the app idle, same run)', 'ratio'],
			[
				['RSS peak over 20 s', mb(f.peak), mb(f.idle), ratio(f.peak, f.idle)],
				['growth at the peak (goal < 100 MB)', mb(f.peak - f.idle), '—', '—'],
				['RSS with the clients open after 20 s', mb(f.open), mb(f.idle), ratio(f.open, f.idle)],
				['RSS 5 s after they closed', mb(f.after), mb(f.idle), ratio(f.after, f.idle)]
			]
		);
	} finally {
		await env.dispose();
		process.exit(0);
	}
}

if (args.only === 'outbox') {
	const env = await benchEnv({ app: true, scale: Number(args.scale) });
	try {
		await outboxBench(env.url, env.app!.base);
	} finally {
		await env.dispose();
		process.exit(0);
	}
}

/** the heap cap of the bounded-memory run: below the big file's size */
const CAPPED_HEAP_MB = 64;

if (args.only === 'import') {
	const env = await benchEnv({ scale: Number(args.scale) });
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-bench-import-'));
	try {
		const places = await db1(
			env.url,
			`SELECT code, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT code, ST_PointOnSurface(geom) p FROM areas WHERE level = 'community') s ORDER BY code`
		);
		const rows = Number(args.rows);
		const big = path.join(tmp, 'big.geojson');
		const small = path.join(tmp, 'small.geojson');
		log(`writing ${rows} facilities to a GeoJSON`);
		const bigBytes = await writeFacilitiesGeoJson(big, rows, places);
		const smallBytes = await writeFacilitiesGeoJson(small, Math.round(rows / 100), places);
		const childEnv = {
			...process.env,
			DATABASE_URL: env.url,
			REDGRID_DEMO: '0',
			REDGRID_IMPORT_MAX_MB: '200'
		};
		const cli = (file: string) => [
			'--import',
			'tsx',
			'scripts/import.ts',
			'facilities',
			file,
			'--dry-run',
			'--crs',
			'wgs84'
		];
		log('JSON.parse of the big file');
		const parse = await measureProcess(jsonParseArgs(big), childEnv);
		log('import dry run of the small file');
		const s = await measureProcess(cli(small), childEnv);
		log('import dry run of the big file');
		const b = await measureProcess(cli(big), childEnv);
		// bounded, not merely lazy: the same run with V8's heap capped below the file's size
		log(`import dry run of the big file, V8 heap capped at ${CAPPED_HEAP_MB} MB`);
		const capped = await measureProcess([`--max-old-space-size=${CAPPED_HEAP_MB}`, ...cli(big)], childEnv);
		// exit 0: no rejects; 1: rows rejected (the dry run still read and checked every row)
		for (const r of [s, b])
			if (r.code !== 0 && r.code !== 1)
				throw new Error(`the import failed (exit ${r.code}): ${r.output.slice(-600)}`);
		const summary = (r: typeof b) => r.output.trim().split('\n').pop();
		log(`small: ${summary(s)}`);
		log(`big: ${summary(b)}`);
		const count = /: (\d+) rows/.exec(b.output)?.[1];
		const MB = 1048576;
		console.log(
			`\nRun ${new Date().toISOString()} on ${machine()}, load average ${os
				.loadavg()
				.map((x) => x.toFixed(1))
				.join(
					' '
				)}; ${rows.toLocaleString('en')} facilities (${(bigBytes / MB).toFixed(1)} MB; the import read ${count} rows), small file ${Math.round(rows / 100).toLocaleString('en')} rows (${(smallBytes / MB).toFixed(1)} MB).`
		);
		const mb = (x: number) => `${x.toFixed(0)} MB`;
		const sec = (x: number) => `${(x / 1000).toFixed(1)} s`;
		table(
			'Import dry run, peak resident memory (VmHWM) and time of the import command',
			['figure', 'value', 'baseline (same run)', 'ratio'],
			[
				['peak memory, big file', mb(b.peak), `file size ${mb(bigBytes / MB)}`, ratio(b.peak, bigBytes / MB)],
				[
					'peak memory, big file',
					mb(b.peak),
					`plain JSON.parse of it: ${mb(parse.peak)}`,
					ratio(b.peak, parse.peak)
				],
				[
					'peak memory, big file',
					mb(b.peak),
					`the same command on the small file: ${mb(s.peak)}`,
					ratio(b.peak, s.peak)
				],
				[
					'growth over the small file, per MB of file',
					`${((b.peak - s.peak) / ((bigBytes - smallBytes) / MB)).toFixed(2)} MB/MB`,
					'—',
					'—'
				],
				['time, big file', sec(b.ms), `plain JSON.parse of it: ${sec(parse.ms)}`, ratio(b.ms, parse.ms)],
				['time, small file', sec(s.ms), '—', '—'],
				[
					`big file with the V8 heap capped at ${CAPPED_HEAP_MB} MB`,
					capped.code === 0 || capped.code === 1
						? `finished: ${mb(capped.peak)} peak, ${sec(capped.ms)}`
						: `failed (exit ${capped.code}): ${capped.output.trim().split('\n').pop()}`,
					`file size ${mb(bigBytes / MB)}`,
					ratio(capped.peak, bigBytes / MB)
				]
			]
		);
	} catch (err) {
		console.error(`intake: ${(err as Error).message}`);
		process.exitCode = 1;
	} finally {
		rmSync(tmp, { recursive: true, force: true });
		await env.dispose();
		process.exit(process.exitCode ?? 0);
	}
}

/** Rows of one query on a fresh connection. */
async function db1(url: string, sql: string) {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return (await c.query(sql)).rows;
	} finally {
		await c.end();
	}
}

async function lookupTable(url: string) {
	log('address lookup');
	const f = await addressLookupBench(url);
	const counts = new pg.Client({ connectionString: url });
	await counts.connect();
	const { rows } = await counts.query(
		'SELECT (SELECT count(*) FROM compounds)::int AS c, (SELECT count(*) FROM buildings)::int AS b'
	);
	await counts.end();
	console.log(
		`\nRun ${new Date().toISOString()} on ${machine()}; demo city scale ${args.scale}: ${rows[0].c} compounds, ${rows[0].b} buildings; ${f.queries} addresses (${f.typoQueries} with a typo in the name), first answer right ${(100 * f.firstRight).toFixed(1)} % (with a typo: ${(100 * f.typoFirstRight).toFixed(1)} %).`
	);
	table(
		'Address lookup (locate: parse, names within one edit, else pg_trgm over name characters; rank, building)',
		['figure', 'value', 'baseline (plain trigram search over compound names)', 'ratio'],
		[
			['p50', ms(f.lookupP50), ms(f.trigramP50), ratio(f.lookupP50, f.trigramP50)],
			['p95 (goal < 50 ms)', ms(f.lookupP95), ms(f.trigramP95), ratio(f.lookupP95, f.trigramP95)],
			['p95 of the addresses with a typo', ms(f.typoP95), ms(f.trigramP95), ratio(f.typoP95, f.trigramP95)]
		]
	);
}

const env = await benchEnv({ app: true, scale: Number(args.scale) });
const base = env.app!.base;
const db = new pg.Pool({ connectionString: env.url, max: 8 });
try {
	const { rows: spots } = await db.query<{ lon: number; lat: number }>(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM buildings ORDER BY random() LIMIT 5000) s`
	);
	const district = (await db.query(`SELECT id FROM areas WHERE code = '360802'`)).rows[0].id;
	const CATS = ['water', 'noise', 'sanitation', 'parking', 'greenery', 'elevator'];
	const body = (i: number) => ({
		category: CATS[i % CATS.length],
		description: `bench ${i}`,
		...spots[i % spots.length]
	});

	// 1. SSE fan-out, first, on a quiet database: a long transaction elsewhere (an autoanalyze
	// after a burst of intake, say) holds the feed back until it ends, which is not what this measures
	log(`SSE: connecting ${CLIENTS} clients`);
	const received = new Map<number, number[]>(); // event id → receive times
	const controllers: AbortController[] = [];
	let connected = 0;
	await Promise.all(
		Array.from({ length: CLIENTS }, async () => {
			const ctl = new AbortController();
			controllers.push(ctl);
			const res = await fetch(`${base}/api/events`, { headers: { 'x-api-key': KEY }, signal: ctl.signal });
			connected++;
			void (async () => {
				const dec = new TextDecoder();
				let buf = '';
				try {
					for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
						buf += dec.decode(chunk, { stream: true });
						let k;
						while ((k = buf.indexOf('\n\n')) >= 0) {
							const data = /^data: (.*)$/m.exec(buf.slice(0, k))?.[1];
							buf = buf.slice(k + 2);
							if (data) {
								const id = JSON.parse(data).id as number;
								const at = performance.now();
								const list = received.get(id);
								if (list) list.push(at);
								else received.set(id, [at]);
							}
						}
					}
				} catch {
					/* closed at the end */
				}
			})();
		})
	);
	await new Promise((r) => setTimeout(r, 3000));
	log(`SSE: ${connected} connected; ${received.size} events arrived before any write; writing 40 events`);
	const listener = new pg.Client({ connectionString: env.url });
	await listener.connect();
	await listener.query('LISTEN ticket_events');
	const notified = new Map<number, number>();
	listener.on('notification', (msg) => notified.set(Number(msg.payload), performance.now()));
	const committed = new Map<number, number>();
	const ticket = (await db.query('SELECT id, district_id FROM tickets ORDER BY id DESC LIMIT 1')).rows[0];
	const writer = await db.connect();
	for (let i = 0; i < 40; i++) {
		await writer.query('BEGIN');
		const { rows } = await writer.query(
			`INSERT INTO ticket_events (ticket_id, district_id, kind, note) VALUES ($1, $2, 'note', 'bench') RETURNING id`,
			[ticket.id, ticket.district_id]
		);
		await writer.query('COMMIT');
		committed.set(Number(rows[0].id), performance.now());
		await new Promise((r) => setTimeout(r, 100));
	}
	writer.release();
	await new Promise((r) => setTimeout(r, 2000));
	log(
		`SSE: received ${[...received.values()].reduce((a, l) => a + l.length, 0)} deliveries of ${received.size} events`
	);
	const sse: number[] = [];
	let missing = 0;
	for (const [id, at] of committed) {
		const got = received.get(id) ?? [];
		missing += CLIENTS - got.length;
		for (const r of got) sse.push(r - at);
	}
	const notify = sortNum(
		[...committed].map(([id, at]) => (notified.get(id) ?? NaN) - at).filter((x) => !Number.isNaN(x))
	);
	for (const c of controllers) c.abort();
	await listener.end();

	// 2. baseline: plain inserts, 8 concurrent connections, for SECONDS/2
	log('baseline: plain INSERT');
	let n = 0;
	const until = Date.now() + (SECONDS / 2) * 1000;
	const t0 = Date.now();
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			while (Date.now() < until) {
				const b = body(n++);
				await db.query(
					`INSERT INTO tickets (district_id, code, category, description, geom, accept_due_at, due_at)
					 VALUES ($1, 'B' || nextval(pg_get_serial_sequence('tickets', 'id')), $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), now(), now() + interval '1 day')`,
					[district, b.category, b.description, b.lon, b.lat]
				);
			}
		})
	);
	const plainRate = n / ((Date.now() - t0) / 1000);

	const post = async (i: number) => {
		const s = performance.now();
		const res = await fetch(`${base}/api/tickets`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': KEY },
			body: JSON.stringify(body(i))
		});
		if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
		return performance.now() - s;
	};

	// 3a. steady 50/s
	log('intake at a steady 50 tickets/s');
	const lat50: number[] = [];
	const pending: Promise<void>[] = [];
	for (let i = 0; i < 50 * SECONDS; i++) {
		pending.push(post(100_000 + i).then((x) => void lat50.push(x)));
		await new Promise((r) => setTimeout(r, 20));
	}
	await Promise.all(pending);
	// 3b. saturation: 8 closed-loop clients
	log('intake at saturation (8 clients)');
	let m = 0;
	const latMax: number[] = [];
	const until2 = Date.now() + (SECONDS / 2) * 1000;
	const t1 = Date.now();
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			while (Date.now() < until2) latMax.push(await post(200_000 + m++));
		})
	);
	const maxRate = m / ((Date.now() - t1) / 1000);

	const s50 = sortNum(lat50);
	const sMax = sortNum(latMax);
	const sSse = sortNum(sse);
	console.log(`\nRun ${new Date().toISOString()} on ${machine()}; demo city (scale 1), ${SECONDS} s phases.`);
	table(
		'Ticket intake (POST /api/tickets with routing, SLA, duplicate check, events)',
		['figure', 'value', 'baseline', 'ratio'],
		[
			['p50 latency at 50 tickets/s', ms(percentile(s50, 50)), '—', '—'],
			['p95 latency at 50 tickets/s (goal < 100 ms)', ms(percentile(s50, 95)), '—', '—'],
			[
				'highest sustained rate, 8 clients',
				`${maxRate.toFixed(0)} tickets/s`,
				`plain INSERT ${plainRate.toFixed(0)} rows/s`,
				ratio(maxRate, plainRate)
			],
			['p95 latency at saturation', ms(percentile(sMax, 95)), '—', '—']
		]
	);
	table(
		`Live delivery (SSE, ${CLIENTS} clients, 40 events)`,
		['figure', 'value', 'baseline (raw NOTIFY to 1 connection)', 'ratio'],
		[
			[
				'p50 commit → client',
				ms(percentile(sSse, 50)),
				ms(percentile(notify, 50)),
				ratio(percentile(sSse, 50), percentile(notify, 50))
			],
			[
				'p95 commit → client (goal < 200 ms)',
				ms(percentile(sSse, 95)),
				ms(percentile(notify, 95)),
				ratio(percentile(sSse, 95), percentile(notify, 95))
			],
			['deliveries missing', String(missing), '0', '—']
		]
	);
	await lookupTable(env.url);
} finally {
	await db.end();
	await env.dispose();
	process.exit(0);
}

/** The outbox under intake at 50 tickets/s: lag from an event's commit to a local receiver. */
async function outboxBench(url: string, base: string) {
	const { createServer } = await import('node:http');
	const arrived = new Map<string, { at: number; lag: number }>();
	let duplicates = 0;
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const now = Date.now();
			const m = JSON.parse(body) as { id: string; topic: string; data: { at: string } };
			if (arrived.has(m.id)) duplicates++;
			else if (m.topic === 'ticket_event') arrived.set(m.id, { at: now, lag: now - Date.parse(m.data.at) });
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as import('node:net').AddressInfo).port;
	const db = new pg.Pool({ connectionString: url, max: 4 });
	try {
		const hook = await fetch(`${base}/api/admin/webhooks`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': KEY },
			body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, label: 'bench', topics: ['ticket_event'] })
		});
		if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${await hook.text()}`);
		const hookId = (await hook.json()).id;
		const { rows: spots } = await db.query<{ lon: number; lat: number }>(
			`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM buildings ORDER BY random() LIMIT 2000) s`
		);
		const CATS = ['water', 'noise', 'sanitation', 'parking', 'greenery', 'elevator'];
		log(`intake at a steady 50 tickets/s for ${SECONDS} s, the outbox posting to a local receiver`);
		const t0 = Date.now();
		const pending: Promise<void>[] = [];
		for (let i = 0; i < 50 * SECONDS; i++) {
			pending.push(
				fetch(`${base}/api/tickets`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-api-key': KEY },
					body: JSON.stringify({
						category: CATS[i % CATS.length],
						description: `outbox bench ${i}`,
						...spots[i % spots.length]
					})
				}).then(async (r) => {
					if (r.status !== 201) throw new Error(`intake answered ${r.status}: ${await r.text()}`);
				})
			);
			await new Promise((r) => setTimeout(r, 20));
		}
		await Promise.all(pending);
		const intakeS = (Date.now() - t0) / 1000;
		const expected = Number(
			(await db.query('SELECT count(*) AS n FROM outbox WHERE webhook_id = $1', [hookId])).rows[0].n
		);
		const until = Date.now() + 60_000;
		while (arrived.size < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
		const left = Number(
			(
				await db.query('SELECT count(*) AS n FROM outbox WHERE webhook_id = $1 AND delivered_at IS NULL', [
					hookId
				])
			).rows[0].n
		);
		const times = [...arrived.values()];
		const lags = sortNum(times.map((t) => t.lag));
		const span = (Math.max(...times.map((t) => t.at)) - t0) / 1000;
		const intakeRate = expected / intakeS;
		const deliveryRate = arrived.size / span;
		console.log(
			`\nRun ${new Date().toISOString()} on ${machine()}, load average ${os
				.loadavg()
				.map((x) => x.toFixed(1))
				.join(
					' '
				)}; demo city scale ${args.scale}; ${50 * SECONDS} tickets at 50/s, ${expected} ticket events in the outbox.`
		);
		table(
			'The outbox at 50 tickets/s (webhook to a local receiver)',
			['figure', 'value', 'baseline (intake, same run)', 'ratio'],
			[
				[
					'events per second',
					`${deliveryRate.toFixed(1)} delivered/s`,
					`${intakeRate.toFixed(1)} written/s`,
					ratio(deliveryRate, intakeRate)
				],
				['lag p50, commit → receiver', ms(percentile(lags, 50)), '—', '—'],
				['lag p95 (goal < 2 s)', ms(percentile(lags, 95)), '—', '—'],
				['lag max', ms(lags[lags.length - 1] ?? NaN), '—', '—'],
				['undelivered after 60 s (goal 0)', String(left), '—', '—'],
				['received twice (at least once)', String(duplicates), '—', '—']
			]
		);
	} finally {
		await db.end();
		server.close();
	}
}
