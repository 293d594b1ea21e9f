// Runs before each integration test file: gives the file a database of its own, cloned from the
// migrated and seeded template that scripts/test-run.ts prepared, and drops it afterwards.
import { randomBytes } from 'node:crypto';
import { clusterQuery } from './cluster';
import { afterAll } from 'vitest';
import { closeDb } from '../../src/lib/server/db/pool';
import { stopNotifications } from '../../src/lib/server/db/notifications';

const server = process.env.REDGRID_TEST_PG;
const template = process.env.REDGRID_TEST_TEMPLATE;
if (!server || !template)
	throw new Error('integration tests run through `npm test`, which starts their PostgreSQL');

const name = `t_${randomBytes(6).toString('hex')}`;

await clusterQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
process.env.DATABASE_URL = `${server}/${name}`;

afterAll(async () => {
	await stopNotifications();
	await closeDb();
	await clusterQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});
