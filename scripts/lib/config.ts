// Environment configuration of the scripts (the app reads the same variables; see README).
import path from 'node:path';

const dataDir = path.resolve(process.env.REDGRID_DATA_DIR ?? '.data');

export const config = {
	port: Number(process.env.PORT ?? 3000),
	dataDir,
	pgDir: path.join(dataDir, 'pg'),
	pgPort: Number(process.env.REDGRID_PG_PORT ?? 54329),
	databaseUrl: process.env.DATABASE_URL || undefined
};
