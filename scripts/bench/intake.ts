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
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchEnv, log, machine, ms, percentile, ratio, sortNum, table } from './lib';
import { addressLookupBench } from '../lib/address-bench';

const args = parseArgs({
	options: {
		seconds: { type: 'string', default: '20' },
		clients: { type: 'string', default: '500' },
		only: { type: 'string' },
		scale: { type: 'string', default: '1' }
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
		`\nRun ${new Date().toISOString()} on ${machine()}; demo city scale ${args.scale}: ${rows[0].c} compounds, ${rows[0].b} buildings; ${f.queries} addresses, first answer right ${(100 * f.firstRight).toFixed(1)} %.`
	);
	table(
		'Address lookup (locate: parse, pg_trgm over name characters, rank, building)',
		['figure', 'value', 'baseline (plain trigram search over compound names)', 'ratio'],
		[
			['p50', ms(f.lookupP50), ms(f.trigramP50), ratio(f.lookupP50, f.trigramP50)],
			['p95 (goal < 50 ms)', ms(f.lookupP95), ms(f.trigramP95), ratio(f.lookupP95, f.trigramP95)]
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
