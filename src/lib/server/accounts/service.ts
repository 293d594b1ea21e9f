// Accounts: admins create users, set role and scope, disable / re-enable them, reset passwords
// (the user must change it at next sign-in) and issue / revoke API keys bound to a user; a user
// changes their own password. Every change is audited in its own transaction.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { text } from '../input';
import { ROLES, type SessionUser } from '../auth/roles';
import { scopeFields } from '../auth/scope';
import { hashPassword, verifyPassword } from '../auth/password';
import { hashApiKey } from '../auth/sessions';
import { db, withTransaction, type Queryable } from '../db/pool';
import { forgetCachedUsers } from '../auth/sessions';
import { InputError } from '../http';
import { writeAudit } from '../audit/log';
import type { AdminKey, AdminUser, NewAdminKey } from '../../api-types';

/**
 * A transaction that changes who may sign in: this instance forgets its cached signed-in users as
 * soon as it ends (other instances on NOTIFY auth_changed), so the change holds from the next request.
 */
async function authTransaction<T>(fn: (q: Queryable & import('pg').PoolClient) => Promise<T>): Promise<T> {
	try {
		return await withTransaction(fn);
	} finally {
		forgetCachedUsers();
	}
}

export const MIN_PASSWORD = 10;
const password = z.string().min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`).max(200);
const id = z.int().positive().max(2_147_483_647);

export const NewUser = z
	.object({
		username: z
			.string()
			.trim()
			.regex(/^[a-z0-9_.-]{3,40}$/, '3–40 of a-z 0-9 _ . -'),
		displayName: text({ max: 100 }),
		password,
		role: z.enum(ROLES),
		areaId: id.nullable().optional(),
		personId: id.nullable().optional(),
		companyId: id.nullable().optional(),
		departmentId: id.nullable().optional()
	})
	.strict();

export const UserEdit = z
	.object({
		version: z.int().positive(),
		displayName: text({ max: 100 }).optional(),
		role: z.enum(ROLES).optional(),
		areaId: id.nullable().optional(),
		personId: id.nullable().optional(),
		companyId: id.nullable().optional(),
		departmentId: id.nullable().optional(),
		disabled: z.boolean().optional()
	})
	.strict();

export const PasswordReset = z.object({ password }).strict();
export const PasswordChange = z
	.object({ currentPassword: z.string().min(1).max(200), newPassword: password })
	.strict();
export const NewKey = z.object({ userId: id, label: text({ max: 100 }) }).strict();

/** A user account as the admin sees it (times as the database returns them, ISO text once serialised). */
export type UserRow = AdminUser<Date | string>;

const USER_SELECT = `SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.area_id AS "areaId",
	a.name AS "areaName", u.person_id AS "personId", p.name AS "personName",
	u.company_id AS "companyId", pc.name AS "companyName", u.department_id AS "departmentId", d.name AS "departmentName",
	u.must_change_password AS "mustChangePassword", u.disabled_at AS "disabledAt", u.created_at AS "createdAt",
	u.version, (SELECT count(*)::int FROM api_keys k WHERE k.user_id = u.id AND k.revoked_at IS NULL) AS "activeKeys"
	FROM users u LEFT JOIN areas a ON a.id = u.area_id LEFT JOIN people p ON p.id = u.person_id
	LEFT JOIN property_companies pc ON pc.id = u.company_id LEFT JOIN departments d ON d.id = u.department_id`;

export async function listUsers(): Promise<UserRow[]> {
	const { rows } = await db().query<UserRow>(`${USER_SELECT} ORDER BY u.username`);
	return rows;
}

async function readUser(q: Queryable, userId: number, lock = false): Promise<UserRow> {
	const { rows } = await q.query<UserRow>(`${USER_SELECT} WHERE u.id = $1${lock ? ' FOR UPDATE OF u' : ''}`, [
		userId
	]);
	if (!rows[0]) throw new InputError(404, 'id', `user ${userId} does not exist`);
	return rows[0];
}

/** A user's row as the audit log keeps it (never the password hash). */
const snapshot = (u: UserRow) => {
	const { activeKeys: _k, areaName: _a, personName: _p, companyName: _c, departmentName: _d, ...rest } = u;
	return rest;
};

export async function createUser(v: z.infer<typeof NewUser>, actor: SessionUser): Promise<UserRow> {
	const hash = await hashPassword(v.password);
	return authTransaction(async (q) => {
		const { rows: taken } = await q.query('SELECT 1 FROM users WHERE username = $1', [v.username]);
		if (taken[0])
			throw new InputError(409, 'username', `"${v.username}" is already taken`, undefined, {
				reason: 'username_taken',
				username: v.username
			});
		const scope = await scopeFields(q, v);
		// a password someone else chose is changed at the first sign-in
		const { rows } = await q.query(
			`INSERT INTO users (username, display_name, password_hash, role, area_id, person_id, company_id, department_id,
			   must_change_password)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true) RETURNING id`,
			[
				v.username,
				v.displayName,
				hash,
				v.role,
				scope.areaId,
				scope.personId,
				scope.companyId,
				scope.departmentId
			]
		);
		const user = await readUser(q, rows[0].id);
		await writeAudit(q, {
			actorUserId: actor.id,
			action: 'create',
			entity: 'users',
			entityId: user.id,
			after: snapshot(user)
		});
		return user;
	});
}

export async function updateUser(
	userId: number,
	v: z.infer<typeof UserEdit>,
	actor: SessionUser
): Promise<UserRow> {
	return authTransaction(async (q) => {
		const before = await readUser(q, userId, true);
		if (before.version !== v.version)
			throw new InputError(
				409,
				'version',
				`the user was changed meanwhile (now version ${before.version}): reload`,
				undefined,
				{ reason: 'changed_meanwhile' }
			);
		if (userId === actor.id && (v.disabled === true || (v.role && v.role !== 'admin')))
			throw new InputError(
				422,
				v.disabled ? 'disabled' : 'role',
				'you cannot disable or demote yourself',
				undefined,
				{ reason: 'cannot_demote_self' }
			);
		const role = v.role ?? before.role;
		const scope = await scopeFields(q, {
			role,
			areaId: v.areaId === undefined ? before.areaId : v.areaId,
			personId: v.personId === undefined ? before.personId : v.personId,
			companyId: v.companyId === undefined ? before.companyId : v.companyId,
			departmentId: v.departmentId === undefined ? before.departmentId : v.departmentId
		});
		const disabled = v.disabled === undefined ? before.disabledAt !== null : v.disabled;
		await q.query(
			`UPDATE users SET display_name = $2, role = $3, area_id = $4, person_id = $5,
			   disabled_at = CASE WHEN $6 THEN coalesce(disabled_at, now()) ELSE NULL END, version = version + 1,
			   company_id = $7, department_id = $8
			 WHERE id = $1`,
			[
				userId,
				v.displayName ?? before.displayName,
				role,
				scope.areaId,
				scope.personId,
				disabled,
				scope.companyId,
				scope.departmentId
			]
		);
		// a disabled user is signed out everywhere at once (the hooks also check disabled_at)
		if (disabled) await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
		const after = await readUser(q, userId);
		const action = disabled !== (before.disabledAt !== null) ? (disabled ? 'disable' : 'enable') : 'update';
		await writeAudit(q, {
			actorUserId: actor.id,
			action,
			entity: 'users',
			entityId: userId,
			before: snapshot(before),
			after: snapshot(after)
		});
		return after;
	});
}

export async function resetPassword(
	userId: number,
	newPassword: string,
	actor: SessionUser
): Promise<UserRow> {
	const hash = await hashPassword(newPassword);
	return authTransaction(async (q) => {
		await readUser(q, userId, true);
		await q.query(
			`UPDATE users SET password_hash = $2, must_change_password = true, version = version + 1 WHERE id = $1`,
			[userId, hash]
		);
		await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
		await writeAudit(q, {
			actorUserId: actor.id,
			action: 'password_reset',
			entity: 'users',
			entityId: userId
		});
		return readUser(q, userId);
	});
}

/**
 * Changes the user's own password and ends the user's other sessions (the one that made the change,
 * `keepSessionId`, the stored id of its token, stays signed in).
 */
export async function changeOwnPassword(
	user: SessionUser,
	v: z.infer<typeof PasswordChange>,
	keepSessionId: string | null = null
): Promise<void> {
	const { rows } = await db().query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
	if (!rows[0] || !(await verifyPassword(v.currentPassword, rows[0].password_hash)))
		throw new InputError(422, 'currentPassword', 'is wrong', undefined, { reason: 'wrong_password' });
	if (v.currentPassword === v.newPassword)
		throw new InputError(422, 'newPassword', 'must differ from the current password', undefined, {
			reason: 'same_password'
		});
	const hash = await hashPassword(v.newPassword);
	await authTransaction(async (q) => {
		await q.query(
			'UPDATE users SET password_hash = $2, must_change_password = false, version = version + 1 WHERE id = $1',
			[user.id, hash]
		);
		await q.query('DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2', [
			user.id,
			keepSessionId
		]);
		await writeAudit(q, {
			actorUserId: user.id,
			action: 'password_change',
			entity: 'users',
			entityId: user.id
		});
	});
}

/** An API key as the admin sees it (the API's shape, times still Date until serialised). */
export type KeyRow = AdminKey<Date | string>;

export async function listKeys(): Promise<KeyRow[]> {
	const { rows } = await db().query<KeyRow>(
		`SELECT k.id, k.user_id AS "userId", u.username, k.label, k.created_at AS "createdAt", k.revoked_at AS "revokedAt"
		 FROM api_keys k JOIN users u ON u.id = k.user_id ORDER BY k.revoked_at IS NOT NULL, k.id DESC`
	);
	return rows;
}

/** Issues a key: the plain key is in this answer only; the table keeps its SHA-256. */
export async function issueKey(
	v: z.infer<typeof NewKey>,
	actor: SessionUser
): Promise<NewAdminKey<Date | string>> {
	const key = `rgk_${randomBytes(24).toString('base64url')}`;
	return authTransaction(async (q) => {
		const { rows: u } = await q.query('SELECT username FROM users WHERE id = $1', [v.userId]);
		if (!u[0]) throw new InputError(422, 'userId', `user ${v.userId} does not exist`, 'not_found');
		const { rows } = await q.query<KeyRow>(
			`INSERT INTO api_keys (user_id, key_hash, label) VALUES ($1, $2, $3)
			 RETURNING id, user_id AS "userId", label, created_at AS "createdAt", revoked_at AS "revokedAt"`,
			[v.userId, hashApiKey(key), v.label]
		);
		const row = { ...rows[0], username: u[0].username };
		await writeAudit(q, {
			actorUserId: actor.id,
			action: 'key_issue',
			entity: 'api-keys',
			entityId: row.id,
			after: row
		});
		return { ...row, key };
	});
}

export async function revokeKey(keyId: number, actor: SessionUser): Promise<KeyRow> {
	return authTransaction(async (q) => {
		const { rows } = await q.query(
			`UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2)
			 WHERE id = $1
			 RETURNING id, user_id AS "userId", label, created_at AS "createdAt", revoked_at AS "revokedAt"`,
			[keyId, actor.id]
		);
		if (!rows[0]) throw new InputError(404, 'id', `API key ${keyId} does not exist`);
		await writeAudit(q, {
			actorUserId: actor.id,
			action: 'key_revoke',
			entity: 'api-keys',
			entityId: keyId,
			after: rows[0]
		});
		return rows[0];
	});
}
