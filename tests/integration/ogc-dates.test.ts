// A date in the OGC API is a Beijing day of UTC+8, as every date of the app is (src/lib/days.ts): a
// day of China's 1986–1991 summer time too, which the zone 'Asia/Shanghai' of PostgreSQL would start
// an hour earlier. An organization founded on such a day is found by that date, not by the day
// before (the collection's extent reads the same time: tests/e2e/ogc-requirements.test.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { db } from '../../src/lib/server/db/pool';
import { items, ItemsQuery } from '../../src/lib/server/ogc/service';
import { demoUser, one } from './helpers';

const DAY = '1987-07-15'; // summer time: UTC+9 in Asia/Shanghai that day
const org = await one<{ id: number; founded_on: string }>(
	`SELECT id, to_char(founded_on, 'YYYY-MM-DD') AS founded_on FROM party_orgs WHERE retired_at IS NULL ORDER BY id LIMIT 1`
);
afterAll(() => db().query(`UPDATE party_orgs SET founded_on = $2 WHERE id = $1`, [org.id, org.founded_on]));

describe('OGC API dates of summer time', () => {
	it('finds an organization founded on a summer-time day by that date, not by the day before', async () => {
		await db().query(`UPDATE party_orgs SET founded_on = $2 WHERE id = $1`, [org.id, DAY]);
		const scope = scopeOf(await demoUser('admin'));
		const url = new URL('http://localhost/ogc/collections/party-orgs/items');
		const on = (datetime: string) =>
			items('party-orgs', ItemsQuery.parse({ datetime, limit: '1000' }), url, 'http://localhost/ogc', scope);
		const same = await on(DAY);
		expect(same.features.map((f: { id: number }) => f.id)).toContain(org.id);
		const before = await on('1987-07-14');
		expect(before.features.map((f: { id: number }) => f.id)).not.toContain(org.id);
	});
});
