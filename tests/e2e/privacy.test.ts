// Personal data (PIPL): every route that hands out a resident's name, phone or photo leaves an audit
// row (who, when, which ticket, which fields, which route); the ticket list carries them masked and
// leaves none. Read back through the admin's own audit API.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie, e2eDatabaseUrl } from '../setup/browser';

let sql: pg.Client;
let admin: string;
let official: string;
let ticketId: number;

const png = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

interface AuditRow {
	actor: string;
	action: string;
	entity: string;
	entityId: number;
	after: { fields: string[] };
	note: string;
	at: string;
}

const reads = async (id: number): Promise<AuditRow[]> => {
	const res = await fetch(`${baseUrl()}/api/admin/audit?action=personal_read&entity=ticket&entityId=${id}`, {
		headers: { cookie: admin }
	});
	expect(res.status).toBe(200);
	return res.json();
};

beforeAll(async () => {
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
	[admin, official] = await Promise.all(['admin', 'official'].map((u) => sessionCookie(u)));
	const { rows } = await sql.query(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM buildings ORDER BY id LIMIT 1) s`
	);
	const form = new FormData();
	form.set('category', 'water');
	form.set('description', 'PIPL test: a leak in the stairwell');
	form.set('lon', String(rows[0].lon));
	form.set('lat', String(rows[0].lat));
	form.set('reporterName', '周晓梅');
	form.set('reporterPhone', '13912345678');
	form.set('photo', new File([png], 'leak.png', { type: 'image/png' }));
	const res = await fetch(`${baseUrl()}/api/tickets`, {
		method: 'POST',
		headers: { cookie: admin },
		body: form
	});
	expect(res.status).toBe(201);
	ticketId = (await res.json()).ticket.id;
});

afterAll(async () => {
	await sql?.end();
});

describe('reads of residents’ personal data are audited', () => {
	it('the ticket list masks the reporter and records nothing', async () => {
		const res = await fetch(`${baseUrl()}/api/tickets?limit=20`, { headers: { cookie: official } });
		const list = await res.json();
		const mine = list.find((t: { id: number }) => t.id === ticketId);
		expect(mine.reporterPhone).toBe('139****5678');
		expect(mine.reporterName).toBe('周**');
		expect(await reads(ticketId)).toEqual([]);
	});

	it('the detail, an action and the photo each record who read which fields of which ticket, by route', async () => {
		const started = Date.now();
		const detail = await (
			await fetch(`${baseUrl()}/api/tickets/${ticketId}`, { headers: { cookie: official } })
		).json();
		expect(detail.reporterPhone).toBe('13912345678');
		let rows = await reads(ticketId);
		expect(rows.map((r) => [r.actor, r.entityId, r.after.fields, r.note])).toEqual([
			['official', ticketId, ['reporter_name', 'reporter_phone'], 'GET /api/tickets/[id]']
		]);
		expect(new Date(rows[0].at).getTime()).toBeGreaterThanOrEqual(started - 2000);

		const photo = await fetch(`${baseUrl()}/api/tickets/${ticketId}/photo`, {
			headers: { cookie: official }
		});
		expect(photo.status).toBe(200);
		const note = await fetch(`${baseUrl()}/api/tickets/${ticketId}/actions`, {
			method: 'POST',
			headers: { cookie: admin, 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'note', note: 'called the reporter back' })
		});
		expect(note.status).toBe(200);
		rows = await reads(ticketId);
		// newest first
		expect(rows.map((r) => [r.actor, r.after.fields, r.note])).toEqual([
			['admin', ['reporter_name', 'reporter_phone'], 'POST /api/tickets/[id]/actions'],
			['official', ['photo'], 'GET /api/tickets/[id]/photo'],
			['official', ['reporter_name', 'reporter_phone'], 'GET /api/tickets/[id]']
		]);
	});

	it('a photo added in the field and its serving record the reads too', async () => {
		const form = new FormData();
		form.set('note', '现场照片');
		form.set('photo', new File([png], 'site.png', { type: 'image/png' }));
		const added = await fetch(`${baseUrl()}/api/tickets/${ticketId}/photos`, {
			method: 'POST',
			headers: { cookie: admin },
			body: form
		});
		expect(added.status).toBe(201);
		const events = await (
			await fetch(`${baseUrl()}/api/tickets/${ticketId}/events`, { headers: { cookie: official } })
		).json();
		const withPhoto = events.filter((e: { hasPhoto: boolean }) => e.hasPhoto);
		expect(withPhoto).toHaveLength(1);
		const photo = await fetch(`${baseUrl()}/api/tickets/${ticketId}/photos/${withPhoto[0].id}`, {
			headers: { cookie: official }
		});
		expect(photo.status).toBe(200);
		expect(Buffer.from(await photo.arrayBuffer()).equals(png)).toBe(true);
		const rows = await reads(ticketId);
		expect(rows.slice(0, 2).map((r) => [r.actor, r.after.fields, r.note])).toEqual([
			['official', ['photo'], 'GET /api/tickets/[id]/photos/[eventId]'],
			['admin', ['reporter_name', 'reporter_phone'], 'POST /api/tickets/[id]/photos']
		]);
	});

	it('a refused read (outside the scope) records nothing', async () => {
		const jizhou = await sessionCookie('jizhou');
		const { rows } = await sql.query(
			`SELECT t.id FROM tickets t JOIN areas a ON a.id = t.district_id
			 WHERE a.code <> '360802' AND t.reporter_phone IS NOT NULL ORDER BY t.id LIMIT 1`
		);
		const res = await fetch(`${baseUrl()}/api/tickets/${rows[0].id}`, { headers: { cookie: jizhou } });
		expect(res.status).toBe(403);
		expect((await reads(rows[0].id)).filter((r) => r.actor === 'jizhou')).toEqual([]);
	});

	it("a grid worker's zone (offline copy of their tickets) records one read per ticket with a reporter", async () => {
		const worker = await sessionCookie('gridworker');
		const zone = await (await fetch(`${baseUrl()}/api/me/zone`, { headers: { cookie: worker } })).json();
		const withReporter = zone.tickets.filter(
			(t: { reporterName: string | null; reporterPhone: string | null }) => t.reporterName || t.reporterPhone
		);
		expect(withReporter.length).toBeGreaterThan(0);
		for (const t of withReporter.slice(0, 3)) {
			const mine = (await reads(t.id)).filter(
				(r) => r.actor === 'gridworker' && r.note === 'GET /api/me/zone'
			);
			expect(mine.length).toBeGreaterThanOrEqual(1);
			expect(mine[0].after.fields).toContain(t.reporterPhone ? 'reporter_phone' : 'reporter_name');
		}
	});
});
