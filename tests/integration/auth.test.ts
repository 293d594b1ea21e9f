import { describe, expect, it, vi } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { login, logout, userFromApiKey, userFromSession } from '../../src/lib/server/auth/sessions';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';

describe('passwords', () => {
	it('verifies the right password only, with a fresh salt each time', async () => {
		const a = await hashPassword('s3cret');
		const b = await hashPassword('s3cret');
		expect(a).not.toBe(b);
		expect(await verifyPassword('s3cret', a)).toBe(true);
		expect(await verifyPassword('s3creT', a)).toBe(false);
	});
});

describe('sessions', () => {
	it('logs in a demo user with the scope of their role, and logs out', async () => {
		const r = await login('jizhou', 'redgrid-demo', '10.0.0.1');
		if (!r.ok) throw new Error('login failed');
		expect(r.user.role).toBe('official');
		const area = (await db().query('SELECT code FROM areas WHERE id = $1', [r.user.areaId])).rows[0];
		expect(area.code).toBe('360802');
		expect((await userFromSession(r.token))?.username).toBe('jizhou');
		await logout(r.token);
		expect(await userFromSession(r.token)).toBeNull();
	});

	it('stores only a hash of the token', async () => {
		const r = await login('planner', 'redgrid-demo', '10.0.0.2');
		if (!r.ok) throw new Error('login failed');
		const { rows } = await db().query('SELECT id FROM sessions WHERE id = $1', [r.token]);
		expect(rows).toHaveLength(0);
	});

	it('rate-limits failed logins per username', async () => {
		for (let i = 0; i < 5; i++)
			expect(await login('official', 'wrong', `10.1.0.${i}`)).toEqual({ ok: false, reason: 'invalid' });
		// even the right password is refused while the limit holds
		expect(await login('official', 'redgrid-demo', '10.1.1.1')).toEqual({
			ok: false,
			reason: 'rate_limited'
		});
	});

	it('stops sessions and API keys of a disabled user at once', async () => {
		const r = await login('admin', 'redgrid-demo', '10.0.0.3');
		if (!r.ok) throw new Error('login failed');
		expect((await userFromApiKey('redgrid-demo-key'))?.username).toBe('admin');
		await db().query("UPDATE users SET disabled_at = now() WHERE username = 'admin'");
		// the instance's cache of signed-in users is dropped by NOTIFY auth_changed: within milliseconds
		await vi.waitFor(
			async () => {
				expect(await userFromSession(r.token)).toBeNull();
				expect(await userFromApiKey('redgrid-demo-key')).toBeNull();
			},
			{ timeout: 1000, interval: 5 }
		);
	});
});
