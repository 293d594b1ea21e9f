// GDAL's command-line tools (Debian's gdal-bin): the maintained readers and writers of Shapefile,
// GeoPackage and CSV that import and export use. Always spawned with argument arrays, never a shell.
import { config } from '../config.js';
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
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

/** GDAL's ERROR / FAILURE lines of a tool's stderr, without their prefixes. */
const gdalErrors = (stderr: string) =>
	stderr
		.split('\n')
		.filter((l) => l.startsWith('ERROR') || l.startsWith('FAILURE'))
		.map((l) => l.replace(/^(ERROR|FAILURE) \d*:?\s*/, ''))
		.join('; ');

/**
 * Runs a GDAL tool and yields its stdout line by line as it comes (back-pressure: the tool waits
 * while the consumer does), so that output larger than memory never sits in one string. Throws
 * GdalError after the last line when the tool failed, ToolMissingError when it is not installed.
 */
export async function* gdalLines(
	tool: 'ogr2ogr',
	args: string[],
	timeoutMs = 600_000
): AsyncGenerator<string> {
	const child = spawn(config.gdalBinDir ? path.join(config.gdalBinDir, tool) : tool, args, {
		env: { ...process.env, CPL_VSIL_CURL_ALLOWED_EXTENSIONS: '.none', GDAL_HTTP_TIMEOUT: '1' },
		stdio: ['ignore', 'pipe', 'pipe'],
		timeout: timeoutMs
	});
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (d: string) => {
		if (stderr.length < 64 * 1024) stderr += d;
	});
	const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((resolve) => {
		child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, error }));
		child.once('close', (code) => resolve({ code }));
	});
	const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
	try {
		for await (const line of lines) yield line;
	} finally {
		// the consumer stopped early (an error in a row): end the tool
		if (child.exitCode === null) child.kill('SIGKILL');
	}
	const { code, error } = await exited;
	if (error?.code === 'ENOENT') throw new ToolMissingError(tool);
	if (error) throw error;
	if (code !== 0) throw new GdalError(gdalErrors(stderr) || stderr.trim() || `${tool} exited with ${code}`);
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
