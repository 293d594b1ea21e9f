// Accounts: creation with role and scope, must-change-password after a reset, disabling, API keys
// stored as SHA-256, and the audit rows of each.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { login, sessionId, userFromApiKey, userFromSession } from '../../src/lib/server/auth/sessions';
import {
	changeOwnPassword,
	createUser,
	issueKey,
	resetPassword,
	revokeKey,
	updateUser
} from '../../src/lib/server/accounts/service';
import { demoUser, one, refused } from './helpers';

describe('accounts', () => {
	it('creates a user who must change the chosen password, audited without the hash', async () => {
		const admin = await demoUser('admin');
		const area = await one<{ id: number }>(`SELECT id FROM areas WHERE code = '360802'`);
		const u = await createUser(
			{
				username: 'wang.li',
				displayName: '王丽',
				password: 'first-pass-123',
				role: 'official',
				areaId: area.id
			},
			admin
		);
		expect(u.mustChangePassword).toBe(true);
		expect(u.areaId).toBe(area.id);
		const audit = await one<{ action: string; after: Record<string, unknown> }>(
			`SELECT action, after FROM audit_log WHERE entity = 'users' AND entity_id = $1`,
			[u.id]
		);
		expect(audit.action).toBe('create');
		expect(audit.after.username).toBe('wang.li');
		expect(JSON.stringify(audit.after)).not.toMatch(/scrypt/);
	});

	it('refuses an official without an area and a taken username, writing nothing', async () => {
		const admin = await demoUser('admin');
		const users = await one<{ n: number }>('SELECT count(*)::int AS n FROM users');
		const e1 = await refused(() =>
			createUser(
				{ username: 'no.area', displayName: 'x', password: 'long-enough-1', role: 'official' },
				admin
			)
		);
		expect([e1.status, e1.field]).toEqual([400, 'areaId']);
		const e2 = await refused(() =>
			createUser({ username: 'jizhou', displayName: 'x', password: 'long-enough-1', role: 'planner' }, admin)
		);
		expect([e2.status, e2.field]).toEqual([409, 'username']);
		const steward = await one<{ id: number }>(`SELECT id FROM people WHERE kind = 'steward' LIMIT 1`);
		const e3 = await refused(() =>
			createUser(
				{
					username: 'gw.x',
					displayName: 'x',
					password: 'long-enough-1',
					role: 'grid_worker',
					personId: steward.id
				},
				admin
			)
		);
		expect([e3.status, e3.field]).toEqual([422, 'personId']);
		expect(await one('SELECT count(*)::int AS n FROM users')).toEqual(users);
	});

	it('a reset password must be changed; the old one stops working; a login is audited', async () => {
		const admin = await demoUser('admin');
		const u = await createUser(
			{ username: 'reset.me', displayName: 'R', password: 'first-pass-123', role: 'planner' },
			admin
		);
		const first = await login('reset.me', 'first-pass-123', '10.9.0.1');
		if (!first.ok) throw new Error('login failed');
		const me = { ...first.user };
		await changeOwnPassword(me, { currentPassword: 'first-pass-123', newPassword: 'second-pass-123' });
		expect(
			(await one<{ m: boolean }>('SELECT must_change_password AS m FROM users WHERE id = $1', [u.id])).m
		).toBe(false);

		await resetPassword(u.id, 'reset-pass-123', admin);
		expect(await userFromSession(first.token)).toBeNull(); // signed out everywhere
		expect((await login('reset.me', 'second-pass-123', '10.9.0.2')).ok).toBe(false);
		const again = await login('reset.me', 'reset-pass-123', '10.9.0.3');
		if (!again.ok) throw new Error('login failed');
		expect(again.user.mustChangePassword).toBe(true);
		const wrong = await refused(() =>
			changeOwnPassword(again.user, { currentPassword: 'nope', newPassword: 'third-pass-1234' })
		);
		expect([wrong.status, wrong.field]).toEqual([422, 'currentPassword']);
		const other = await login('reset.me', 'reset-pass-123', '10.9.0.4');
		if (!other.ok) throw new Error('login failed');
		await changeOwnPassword(
			again.user,
			{ currentPassword: 'reset-pass-123', newPassword: 'third-pass-1234' },
			sessionId(again.token)
		);
		// the session that changed it stays; the user's other sessions end
		expect((await userFromSession(again.token))?.mustChangePassword).toBe(false);
		expect(await userFromSession(other.token)).toBeNull();

		const actions = await db().query(
			`SELECT action FROM audit_log WHERE entity = 'users' AND entity_id = $1 ORDER BY id`,
			[u.id]
		);
		expect(actions.rows.map((r) => r.action)).toEqual([
			'create',
			'login',
			'password_change',
			'password_reset',
			'login',
			'login',
			'password_change'
		]);
	});

	it('disabling stops sessions and keys at once; a key is stored as its SHA-256 and revocable', async () => {
		const admin = await demoUser('admin');
		const u = await createUser(
			{ username: 'integr', displayName: 'I', password: 'first-pass-123', role: 'planner' },
			admin
		);
		const s = await login('integr', 'first-pass-123', '10.9.1.1');
		if (!s.ok) throw new Error('login failed');
		const k = await issueKey({ userId: u.id, label: 'GIS sync' }, admin);
		const stored = await one<{ h: string }>('SELECT key_hash AS h FROM api_keys WHERE id = $1', [k.id]);
		expect(stored.h).toBe(createHash('sha256').update(k.key).digest('hex'));
		expect((await userFromApiKey(k.key))?.username).toBe('integr');

		const disabled = await updateUser(u.id, { version: u.version, disabled: true }, admin);
		expect(disabled.disabledAt).not.toBeNull();
		// the auth cache is dropped by NOTIFY, which reaches the listener a moment after the commit
		await expect.poll(() => userFromSession(s.token), { timeout: 1000, interval: 20 }).toBeNull();
		await expect.poll(() => userFromApiKey(k.key), { timeout: 1000, interval: 20 }).toBeNull();
		const stale = await refused(() => updateUser(u.id, { version: u.version, disabled: false }, admin));
		expect([stale.status, stale.field]).toEqual([409, 'version']);
		await updateUser(u.id, { version: disabled.version, disabled: false }, admin);
		await expect.poll(async () => (await userFromApiKey(k.key))?.username, { timeout: 1000 }).toBe('integr');

		await revokeKey(k.id, admin);
		await expect.poll(() => userFromApiKey(k.key), { timeout: 1000, interval: 20 }).toBeNull();
		const actions = await db().query(
			`SELECT action FROM audit_log WHERE (entity = 'users' AND entity_id = $1) OR (entity = 'api-keys' AND entity_id = $2)
			 ORDER BY id`,
			[u.id, k.id]
		);
		expect(actions.rows.map((r) => r.action)).toEqual([
			'create',
			'login',
			'key_issue',
			'disable',
			'enable',
			'key_revoke'
		]);
	});

	it('an admin cannot disable themselves', async () => {
		const admin = await demoUser('admin');
		const v = await one<{ version: number }>('SELECT version FROM users WHERE id = $1', [admin.id]);
		const e = await refused(() => updateUser(admin.id, { version: v.version, disabled: true }, admin));
		expect(e.field).toBe('disabled');
	});
});
