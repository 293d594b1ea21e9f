// Imported first by every command-line tool: an error ends the command with one line naming what
// went wrong (and, for a database that cannot be reached, what to check), never a stack trace.
// REDGRID_DEBUG=1 prints the stack as well.
import { config } from './config';
import path from 'node:path';

const command = path.basename(process.argv[1] ?? 'redgrid').replace(/\.[cm]?[jt]s$/, '');

function describe(err: unknown): string {
	const e = err as { message?: string; code?: string };
	const message = e?.message ?? String(err);
	if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND')
		return `${message}: the database is not reachable (check DATABASE_URL, or unset it to use the embedded cluster)`;
	if (e?.code === '3D000') return `${message}: create the database first, or unset DATABASE_URL`;
	return message;
}

function fail(err: unknown) {
	console.error(`${command}: ${describe(err)}`);
	if (config.debug) console.error((err as Error)?.stack);
	process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
