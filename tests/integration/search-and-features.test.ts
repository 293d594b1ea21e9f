// Search by name (pg_trgm) and the feature side panel's details, checked against the database.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import type { Scope } from '../../src/lib/server/auth/roles';
import { escapeLike, search } from '../../src/lib/server/search/service';
import { featureDetails } from '../../src/lib/server/features/service';

const ADMIN: Scope = { kind: 'all' };
const field = (d: { fields: [string, unknown][] }, k: string) => d.fields.find(([key]) => key === k)?.[1];

describe('search', () => {
	it('finds 城建花苑 by its exact name first, at its centre', async () => {
		const hits = await search('城建花苑', 5, ADMIN);
		const { rows } = await db().query(
			`SELECT id, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM compounds WHERE name = '城建花苑'`
		);
		expect(hits[0]).toMatchObject({ layer: 'compounds', id: rows[0].id, name: '城建花苑', kind: 'compound' });
		expect(hits[0].center![0]).toBeCloseTo(rows[0].lon, 6);
		expect(hits[0].center![1]).toBeCloseTo(rows[0].lat, 6);
	});

	it('tolerates a typo (花园 for 花苑) and a partial name', async () => {
		expect((await search('城建花园', 5, ADMIN)).map((h) => h.name)).toContain('城建花苑');
		expect((await search('城建', 50, ADMIN)).map((h) => h.name)).toContain('城建花苑');
		expect((await search('建花苑', 5, ADMIN))[0].name).toBe('城建花苑');
	});

	it('finds areas, companies, facilities and party organizations by name', async () => {
		const { rows } = await db().query(`SELECT
			(SELECT name FROM areas WHERE code = '360802') AS area,
			(SELECT name FROM property_companies ORDER BY id LIMIT 1) AS company,
			(SELECT name FROM facilities ORDER BY id LIMIT 1) AS facility,
			(SELECT name FROM party_orgs ORDER BY id LIMIT 1) AS org`);
		const r = rows[0];
		expect((await search(r.area, 3, ADMIN))[0]).toMatchObject({
			layer: 'areas',
			name: '吉州区',
			kind: 'district'
		});
		for (const [layer, name] of [
			['companies', r.company],
			['facilities', r.facility],
			['party-orgs', r.org]
		]) {
			const hits = await search(name, 10, ADMIN);
			expect(
				hits.some((h) => h.layer === layer && h.name === name),
				`${layer} ${name}`
			).toBe(true);
		}
	});

	it("labels each hit with figures by how much of it lies in an official's area, as the panel does", async () => {
		const { rows } = await db().query(`SELECT
			(SELECT id FROM areas WHERE code = '360802') AS jizhou,
			(SELECT name FROM areas WHERE level = 'city') AS city,
			(SELECT name FROM areas WHERE name = '青原区') AS other,
			(SELECT c.name FROM compounds c JOIN areas a ON a.id = c.community_id
			 WHERE a.path @> ARRAY[(SELECT id FROM areas WHERE code = '360802')] AND c.retired_at IS NULL
			 ORDER BY c.id LIMIT 1) AS inside`);
		const r = rows[0];
		const jz: Scope = { kind: 'area', areaId: r.jizhou };
		const hit = async (q: string, layer: string) =>
			(await search(q, 10, jz)).find((h) => h.layer === layer && h.name === q);
		expect((await hit(r.city, 'areas'))?.scope).toBe('part'); // 其中本辖区
		expect((await hit(r.other, 'areas'))?.scope).toBe('outside'); // 不在本辖区
		expect((await hit('吉州区', 'areas'))?.scope).toBe('whole');
		expect((await hit(r.inside, 'compounds'))?.scope).toBe('whole');
		// each label is the feature panel's
		for (const h of await search('区', 20, jz)) {
			if (!h.scope) continue;
			expect((await featureDetails(h.layer, h.id, jz)).scope, `${h.layer} ${h.name}`).toBe(h.scope);
		}
		// hits without figures carry none; the city-wide admin sees every hit whole
		const facility = (await db().query('SELECT name FROM facilities ORDER BY id LIMIT 1')).rows[0].name;
		expect((await search(facility, 10, jz)).find((h) => h.layer === 'facilities')?.scope).toBeUndefined();
		expect((await search(r.other, 5, ADMIN)).find((h) => h.name === r.other)?.scope).toBe('whole');
	});

	it('treats LIKE wildcards in the query as text', async () => {
		expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
		expect(await search('%', 5, ADMIN)).toEqual([]);
		expect(await search('_', 5, ADMIN)).toEqual([]);
	});
});

describe('feature details', () => {
	it('a compound: its company, party status, households and open tickets; a breadcrumb down to it', async () => {
		const { rows } = await db().query(
			`SELECT c.id, c.households, pc.name AS company, s.party_status,
			   (SELECT count(*)::int FROM tickets t WHERE t.compound_id = c.id AND t.status NOT IN ('resolved', 'closed', 'rejected')) AS open
			 FROM compounds c LEFT JOIN property_companies pc ON pc.id = c.company_id
			   LEFT JOIN company_party_status s ON s.company_id = c.company_id WHERE c.name = '城建花苑'`
		);
		const c = rows[0];
		const d = await featureDetails('compounds', c.id, ADMIN);
		expect(d.name).toBe('城建花苑');
		expect(field(d, 'company')).toBe(c.company);
		expect(field(d, 'partyStatus')).toBe(c.party_status ?? 'none');
		expect(field(d, 'households')).toBe(c.households);
		expect(field(d, 'openTickets')).toBe(c.open);
		expect(d.path.map((p) => p.level)).toEqual(['city', 'district', 'street', 'community', 'compound']);
		expect(d.path[1].name).toBe('吉州区');
		expect(d.path.at(-1)).toMatchObject({ layer: 'compounds', id: c.id });
	});

	it('a building names its steward for staff but not for a planner', async () => {
		const { rows } = await db().query(
			`SELECT b.id, b.floors, p.name AS steward FROM buildings b JOIN people p ON p.id = b.steward_id ORDER BY b.id LIMIT 1`
		);
		const b = rows[0];
		const staff = await featureDetails('buildings', b.id, ADMIN);
		expect(field(staff, 'floors')).toBe(b.floors);
		expect(field(staff, 'steward')).toBe(b.steward);
		expect(field(await featureDetails('buildings', b.id, { kind: 'aggregates' }), 'steward')).toBeNull();
	});

	it('a grid cell counts its open and overdue tickets in the asker’s scope', async () => {
		const { rows } = await db().query(
			`SELECT g.id, g.worker_id,
			   count(t.id) FILTER (WHERE t.status NOT IN ('resolved', 'closed', 'rejected'))::int AS open,
			   count(t.id) FILTER (WHERE t.status NOT IN ('resolved', 'closed', 'rejected') AND t.due_at < now())::int AS overdue
			 FROM grid_cells g LEFT JOIN tickets t ON t.grid_cell_id = g.id
			 GROUP BY g.id ORDER BY open DESC LIMIT 1`
		);
		const g = rows[0];
		const d = await featureDetails('grid-cells', g.id, ADMIN);
		expect([field(d, 'openTickets'), field(d, 'overdueTickets')]).toEqual([g.open, g.overdue]);
		// a steward whose buildings hold none of these tickets counts fewer
		const other = await featureDetails('grid-cells', g.id, { kind: 'buildings', personId: -1 });
		expect(field(other, 'openTickets')).toBe(0);
	});

	it('a ticket outside the scope reads as absent; a planner may not open tickets; unknown ids are 404', async () => {
		const { rows } = await db().query(
			`SELECT t.id, t.grid_cell_id FROM tickets t WHERE t.grid_cell_id IS NOT NULL ORDER BY t.id LIMIT 1`
		);
		const t = rows[0];
		const d = await featureDetails('tickets', t.id, ADMIN);
		expect(d.fields.map(([k]) => k)).not.toContain('reporterName');
		expect(JSON.stringify(d)).not.toMatch(/reporter|phone/);
		await expect(featureDetails('tickets', t.id, { kind: 'grid_cells', personId: -1 })).rejects.toMatchObject(
			{
				status: 404
			}
		);
		await expect(featureDetails('tickets', t.id, { kind: 'aggregates' })).rejects.toMatchObject({
			status: 403
		});
		await expect(featureDetails('compounds', 2_000_000_000, ADMIN)).rejects.toMatchObject({ status: 404 });
	});

	it('every layer answers details for one of its rows', async () => {
		const { rows } = await db().query(`SELECT
			(SELECT min(id) FROM areas) AS areas, (SELECT min(id) FROM grid_cells) AS "grid-cells",
			(SELECT min(id) FROM facilities) AS facilities, (SELECT min(id) FROM party_orgs) AS "party-orgs",
			(SELECT min(company_id) FROM compounds) AS companies`);
		for (const [layer, id] of Object.entries(rows[0]) as [Parameters<typeof featureDetails>[0], number][]) {
			const d = await featureDetails(layer, id, ADMIN);
			expect(d.id, layer).toBe(id);
			expect(d.name.length, layer).toBeGreaterThan(0);
		}
	});
});
