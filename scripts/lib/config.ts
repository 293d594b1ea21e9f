// Environment configuration of the scripts (the app reads the same variables; see README).
import path from 'node:path';

const dataDir = path.resolve(process.env.REDGRID_DATA_DIR ?? '.data');
const databaseUrl = process.env.DATABASE_URL || undefined;

export const config = {
	port: Number(process.env.PORT ?? 3000),
	dataDir,
	pgDir: path.join(dataDir, 'pg'),
	pgPort: Number(process.env.REDGRID_PG_PORT ?? 54329),
	databaseUrl,
	/** Demo mode (demo city and accounts): REDGRID_DEMO=1/0; by default on for the embedded cluster. */
	demo: process.env.REDGRID_DEMO ? process.env.REDGRID_DEMO === '1' : !databaseUrl
};
