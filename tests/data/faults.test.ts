// Fault tests on their own PostgreSQL cluster and app process (never the suite's shared users):
// a live stream ends within 2 s of its user being disabled, its password reset, its API key
// revoked; with PostgreSQL stopped every route answers 503 with Retry-After, and the app serves
// again within 5 s of the database's return, by itself.
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayCluster, type Throwaway } from '../../scripts/lib/throwaway';
import { ensureDatabase, freePort, startCluster, stopCluster } from '../../scripts/lib/cluster';
import { prepareDatabase } from '../../scripts/lib/database';
import { startApp, stopApp } from '../../scripts/lib/app';
import { hashPassword } from '../../src/lib/server/auth/password';

let pgc: Throwaway;
let app: ChildProcess;
let base: string;
let sql: pg.Client;
let url: string;
const PASSWORD = 'fault-test-password';

async function signIn(username: string): Promise<string> {
	const res = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: PASSWORD })
	});
	expect(res.status).toBe(200);
	return res.headers.getSetCookie()[0].split(';')[0];
}

async function addUser(username: string, role = 'admin'): Promise<number> {
	const { rows } = await sql.query(
		`INSERT INTO users (username, display_name, password_hash, role) VALUES ($1, $1, $2, $3) RETURNING id`,
		[username, await hashPassword(PASSWORD), role]
	);
	return rows[0].id;
}

/**
 * Opens /api/events and resolves, once the server has ended the stream, with the ms between
 * `trigger()` and that end and the events it sent last.
 */
async function streamEndsAfter(headers: Record<string, string>, trigger: () => Promise<void>) {
	const ctl = new AbortController();
	const res = await fetch(`${base}/api/events`, { headers, signal: ctl.signal });
	expect(res.status).toBe(200);
	const reader = res.body!.getReader();
	const text = new TextDecoder();
	let received = '';
	// wait for the greeting, so the stream is fully open before the trigger
	while (!received.includes(': connected')) received += text.decode((await reader.read()).value);
	const t0 = Date.now();
	await trigger();
	const guard = setTimeout(() => ctl.abort(), 10_000);
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			received += text.decode(value);
		}
	} catch {
		// aborted by the guard: the stream did not end
	} finally {
		clearTimeout(guard);
	}
	return { ms: Date.now() - t0, received };
}

beforeAll(async () => {
	pgc = await throwawayCluster(() => {});
	await ensureDatabase(pgc.cluster, 'faults');
	url = pgc.cluster.url('faults');
	await prepareDatabase(url, false, () => {});
	sql = new pg.Client({ connectionString: url });
	await sql.connect();
	await addUser('fault.admin');
	const port = await freePort();
	base = `http://127.0.0.1:${port}`;
	app = await startApp({
		port,
		databaseUrl: url,
		env: { REDGRID_SIMULATOR: '0', REDGRID_DEMO: '0', REDGRID_DATA_DIR: pgc.scratch },
		quiet: true
	});
}, 180_000);

afterAll(async () => {
	if (app) await stopApp(app);
	await sql?.end().catch(() => {});
	pgc?.dispose();
});

describe('a live stream ends with what opened it', () => {
	it('within 2 s of its user being disabled', async () => {
		await addUser('fault.disabled');
		const cookie = await signIn('fault.disabled');
		const { ms, received } = await streamEndsAfter({ cookie }, async () => {
			await sql.query(`UPDATE users SET disabled_at = now() WHERE username = 'fault.disabled'`);
		});
		expect(ms).toBeLessThan(2000);
		expect(received).toMatch(/event: end\ndata: \{"reason":"credential_ended"\}/);
	});

	it('within 2 s of its password being reset by an admin', async () => {
		const id = await addUser('fault.reset');
		const cookie = await signIn('fault.reset');
		const admin = await signIn('fault.admin');
		const { ms, received } = await streamEndsAfter({ cookie }, async () => {
			const res = await fetch(`${base}/api/admin/users/${id}/password`, {
				method: 'POST',
				headers: { cookie: admin, 'content-type': 'application/json' },
				body: JSON.stringify({ password: 'a-new-password-123' })
			});
			expect(res.status).toBe(200);
		});
		expect(ms).toBeLessThan(2000);
		expect(received).toContain('event: end');
	});

	it('within 2 s of its API key being revoked', async () => {
		const userId = await addUser('fault.keyholder');
		const key = `rgk_${randomBytes(18).toString('base64url')}`;
		const { rows } = await sql.query(
			`INSERT INTO api_keys (user_id, key_hash, label) VALUES ($1, $2, 'fault') RETURNING id`,
			[userId, createHash('sha256').update(key).digest('hex')]
		);
		const admin = await signIn('fault.admin');
		const { ms, received } = await streamEndsAfter({ 'x-api-key': key }, async () => {
			const res = await fetch(`${base}/api/admin/api-keys/${rows[0].id}`, {
				method: 'DELETE',
				headers: { cookie: admin }
			});
			expect(res.status).toBe(200);
		});
		expect(ms).toBeLessThan(2000);
		expect(received).toContain('event: end');
	});

	it('not while its session stays valid (another user is disabled)', async () => {
		await addUser('fault.other');
		await addUser('fault.stays');
		const cookie = await signIn('fault.stays');
		const { ms, received } = await streamEndsAfter({ cookie }, async () => {
			await sql.query(`UPDATE users SET disabled_at = now() WHERE username = 'fault.other'`);
		});
		// the test's guard aborts it after 10 s: it was still open long after the 2 s
		expect(received).not.toContain('event: end');
		expect(ms).toBeGreaterThan(5000);
	}, 30_000);
});

describe('an unreachable database', () => {
	it('answers 503 with Retry-After on every route, and serves again within 5 s of its return', async () => {
		const cookie = await signIn('fault.admin');
		await sql.end();
		stopCluster(pgc.cluster.dir, 'fast');
		const probes: [string, RequestInit][] = [
			['/api/health', {}],
			['/api/health', { headers: { cookie } }],
			['/api/tickets', { headers: { cookie } }],
			['/api/areas', { headers: { cookie } }],
			['/dashboard', { headers: { cookie, accept: 'text/html' } }],
			[
				'/api/session',
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ username: 'fault.admin', password: PASSWORD })
				}
			]
		];
		for (const [path, init] of probes) {
			const res = await fetch(`${base}${path}`, { ...init, redirect: 'manual' });
			expect(`${path} ${res.status}`).toBe(`${path} 503`);
			expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		}
		await startCluster({ dir: pgc.cluster.dir, port: pgc.cluster.port, throwaway: true });
		const back = Date.now();
		let served = 0;
		while (Date.now() - back < 10_000) {
			const res = await fetch(`${base}/api/tickets`, { headers: { cookie } }).catch(() => null);
			if (res?.status === 200) {
				served = Date.now() - back;
				break;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(served).toBeGreaterThan(0);
		expect(served).toBeLessThan(5000);
		sql = new pg.Client({ connectionString: url });
		await sql.connect();
	}, 60_000);
});
