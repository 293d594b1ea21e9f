import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { login } from '../../src/lib/server/auth/sessions';
import { one } from './helpers';

const userAdd = (args: string[], password = 'a-long-password') =>
	spawnSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', ...args], {
		encoding: 'utf8',
		env: { ...process.env, REDGRID_PASSWORD: password }
	});

describe('npm run user:add', () => {
	it('creates an official scoped to an area, who can then sign in', async () => {
		const r = userAdd(['--role', 'official', '--area', '360803', '--name', '青原区干部', 'qingyuan']);
		expect(r.status, r.stderr).toBe(0);
		const u = await one<{ role: string; code: string }>(
			`SELECT u.role, a.code FROM users u JOIN areas a ON a.id = u.area_id WHERE u.username = 'qingyuan'`
		);
		expect(u).toEqual({ role: 'official', code: '360803' });
		const l = await login('qingyuan', 'a-long-password', '10.9.9.9');
		expect(l.ok).toBe(true);
	});

	it('refuses bad input with a message naming it, and creates nothing', async () => {
		const before = (await one<{ n: number }>('SELECT count(*)::int AS n FROM users')).n;
		const noArea = userAdd(['--role', 'official', 'someone']);
		expect(noArea.status).toBe(2);
		expect(noArea.stderr).toMatch(/area: an official needs --area/);
		const badRole = userAdd(['--role', 'mayor', 'someone']);
		expect(badRole.status).toBe(2);
		expect(badRole.stderr).toMatch(/role:/);
		const shortPw = userAdd(['--role', 'planner', 'someone'], 'short');
		expect(shortPw.status).toBe(2);
		expect(shortPw.stderr).toMatch(/password: at least 8 characters/);
		const dup = userAdd(['--role', 'planner', 'admin']);
		expect(dup.status).toBe(1);
		expect(dup.stderr).toMatch(/username: admin already exists/);
		expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM users')).n).toBe(before);
	});
});
