// GDAL's command-line tools (Debian's gdal-bin): the maintained readers and writers of Shapefile,
// GeoPackage and CSV that import and export use. Always spawned with argument arrays, never a shell.
import { config } from '../config.js';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export class GdalError extends Error {}

/**
 * A tool the app needs is not installed on this machine (Debian: `apt-get install gdal-bin`). Routes
 * answer 503 naming the tool, never 500: the request was fine, the server cannot serve it yet.
 */
export class ToolMissingError extends Error {
	readonly status = 503;
	/** the sentence after the tool's name */
	readonly detail =
		'not installed on the server (Debian package gdal-bin: apt-get install gdal-bin); ask the administrator';
	constructor(readonly tool: string) {
		super(`${tool}: not installed on the server`);
		this.message = `${tool}: ${this.detail}`;
	}
}

/**
 * Runs a GDAL tool and resolves with its stdout. Rejects with GdalError (GDAL's ERROR / FAILURE lines)
 * or ToolMissingError when the tool is not installed. `GDAL_BIN_DIR` (tests) overrides where it is looked for.
 */
export function runGdal(tool: 'ogr2ogr' | 'ogrinfo', args: string[], timeoutMs = 120_000): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			config.gdalBinDir ? path.join(config.gdalBinDir, tool) : tool,
			args,
			{
				maxBuffer: 512 * 1024 * 1024,
				timeout: timeoutMs,
				// no network access from file names such as /vsicurl/, and quiet, parseable messages
				env: { ...process.env, CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.none', GDAL_HTTP_TIMEOUT: '1' }
			},
			(err, stdout, stderr) => {
				if (!err) return resolve(stdout);
				if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new ToolMissingError(tool));
				const msg = String(stderr || err.message)
					.split('\n')
					.filter((l) => l.startsWith('ERROR') || l.startsWith('FAILURE'))
					.map((l) => l.replace(/^(ERROR|FAILURE) \d*:?\s*/, ''))
					.join('; ');
				reject(new GdalError(msg || String(stderr || err.message).trim()));
			}
		);
	});
}

/** Runs fn with a fresh temp folder and removes it afterwards. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
	const dir = await mkdtemp(path.join(os.tmpdir(), `redgrid-${prefix}-`));
	try {
		return await fn(dir);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
