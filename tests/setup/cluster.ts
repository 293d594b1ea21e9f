// The test cluster's maintenance connection: creating and dropping the databases tests run in.
import pg from 'pg';

/**
 * Runs one statement (CREATE / DROP DATABASE …) on the `postgres` database of the throwaway cluster
 * that `npm test` started (REDGRID_TEST_PG), over a connection of its own.
 */
export async function clusterQuery(sql: string): Promise<void> {
	const server = process.env.REDGRID_TEST_PG;
	if (!server) throw new Error('tests run through `npm test`, which starts their PostgreSQL');
	const c = new pg.Client({ connectionString: `${server}/postgres` });
	await c.connect();
	try {
		await c.query(sql);
	} finally {
		await c.end();
	}
}
