import { db } from '../db/pool';

export async function health() {
	const { rows } = await db().query(`SELECT
		current_setting('server_version') AS postgres, postgis_lib_version() AS postgis,
		(SELECT count(*) FROM areas) AS areas, (SELECT count(*) FROM grid_cells) AS grid_cells,
		(SELECT count(*) FROM compounds) AS compounds, (SELECT count(*) FROM buildings) AS buildings,
		(SELECT count(*) FROM property_companies) AS companies, (SELECT count(*) FROM party_orgs) AS party_orgs,
		(SELECT count(*) FROM facilities) AS facilities, (SELECT count(*) FROM tickets) AS tickets`);
	const { postgres, postgis, ...counts } = rows[0];
	return { status: 'ok' as const, postgres, postgis, counts };
}

/** Whether the database answers a trivial query within 2 s. */
export async function reachable(): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	try {
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timeout')), 2000);
		});
		await Promise.race([db().query('SELECT 1'), timeout]);
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
