// The schema's own guards: invalid or empty geometry, bad codes and out-of-range values are refused
// by PostgreSQL itself, whatever code writes the row.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';

const bowtie = 'SRID=4326;MULTIPOLYGON(((114.9 27.1,115 27.2,115 27.1,114.9 27.2,114.9 27.1)))';
const square = 'SRID=4326;MULTIPOLYGON(((114.9 27.1,114.91 27.1,114.91 27.11,114.9 27.11,114.9 27.1)))';

async function cityId(): Promise<number> {
	return (await db().query("SELECT id FROM areas WHERE level = 'city'")).rows[0].id;
}

describe('schema constraints', () => {
	it('refuses a self-intersecting area and an empty one', async () => {
		const city = await cityId();
		const insert = (geom: string) =>
			db().query(
				`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('t1', 't', 'district', $1, ST_GeomFromEWKT($2))`,
				[city, geom]
			);
		await expect(insert(bowtie)).rejects.toThrow(/geom_check|check constraint/);
		await expect(insert('SRID=4326;MULTIPOLYGON EMPTY')).rejects.toThrow(/check constraint/);
		await insert(square); // the same statement with a valid shape passes
		expect((await db().query("SELECT path FROM areas WHERE code = 't1'")).rows[0].path).toEqual([
			city,
			expect.any(Number)
		]);
	});

	it('refuses a geometry in another SRID', async () => {
		const city = await cityId();
		await expect(
			db().query(
				`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('t2', 't', 'district', $1, ST_Transform(ST_GeomFromEWKT($2), 4547))`,
				[city, square]
			)
		).rejects.toThrow(/SRID|check constraint/);
	});

	it('refuses a community directly under the city', async () => {
		const city = await cityId();
		await expect(
			db().query(
				`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('t3', 't', 'community', $1, ST_GeomFromEWKT($2))`,
				[city, square]
			)
		).rejects.toThrow(/cannot be a child/);
	});

	it('checks unified social credit codes by their check character', async () => {
		const valid = (await db().query("SELECT is_valid_credit_code('91350100M000100Y43') AS ok")).rows[0].ok;
		const invalid = (await db().query("SELECT is_valid_credit_code('91350100M000100Y44') AS ok")).rows[0].ok;
		expect([valid, invalid]).toEqual([true, false]);
		await expect(
			db().query("INSERT INTO property_companies (name, credit_code) VALUES ('x', '91350100M000100Y44')")
		).rejects.toThrow(/credit_code/);
	});

	it('refuses out-of-range building floors and ticket due times before creation', async () => {
		const b = (await db().query('SELECT compound_id, district_id, geom FROM buildings LIMIT 1')).rows[0];
		await expect(
			db().query(
				`INSERT INTO buildings (code, compound_id, district_id, number, floors, geom) VALUES ('tb', $1, $2, '1', 0, $3)`,
				[b.compound_id, b.district_id, b.geom]
			)
		).rejects.toThrow(/floors/);
		await expect(
			db().query(
				`INSERT INTO tickets (district_id, code, category, description, geom, created_at, accept_due_at, due_at)
				VALUES ($1, 'tt', 'water', 'leak', ST_SetSRID(ST_MakePoint(114.99, 27.11), 4326), now(), now(), now() - interval '1 day')`,
				[b.district_id]
			)
		).rejects.toThrow(/check constraint/);
	});

	it('keeps ticket events append-only', async () => {
		const e = (await db().query('SELECT id FROM ticket_events LIMIT 1')).rows[0];
		await expect(db().query('UPDATE ticket_events SET note = $2 WHERE id = $1', [e.id, 'x'])).rejects.toThrow(
			/append-only/
		);
		await expect(db().query('DELETE FROM ticket_events WHERE id = $1', [e.id])).rejects.toThrow(
			/append-only/
		);
	});

	it('has a GiST index on every geometry column searched by place', async () => {
		// Read only whole or by key, never by a spatial predicate on the table (migration 374): an
		// index there would only slow each rebuild that fills them.
		const unsearched = [
			{ table_name: 'building_access', column_name: 'p' }, // a building's projected point, read with its row
			{ table_name: 'walk_nodes', column_name: 'geom' } // the network's nodes: written by each rebuild, read by no query
		];
		const { rows } = await db().query(`
			SELECT c.table_name, c.column_name FROM information_schema.columns c
			WHERE c.udt_name = 'geometry' AND c.table_schema = 'public' AND c.table_name NOT IN (SELECT viewname FROM pg_views)
			AND NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.table_name AND i.indexdef ILIKE '%gist%(' || c.column_name || ')%')
			ORDER BY 1, 2`);
		expect(rows).toEqual(unsearched);
	});
});
