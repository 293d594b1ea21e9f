// Shared helpers of the integration tests.
import { db } from '../../src/lib/server/db/pool';
import type { SessionUser } from '../../src/lib/server/auth/roles';
import { InputError } from '../../src/lib/server/http';

export async function demoUser(username: string): Promise<SessionUser> {
	const { rows } = await db().query<SessionUser>(
		`SELECT id, username, display_name AS "displayName", role, area_id AS "areaId", person_id AS "personId",
		 company_id AS "companyId", department_id AS "departmentId", must_change_password AS "mustChangePassword" FROM users WHERE username = $1`,
		[username]
	);
	if (!rows[0]) throw new Error(`no demo user ${username}`);
	return rows[0];
}

export async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
	const { rows } = await db().query(sql, params);
	if (!rows[0]) throw new Error(`no row for: ${sql}`);
	return rows[0] as T;
}

/**
 * The InputError (4xx) that the work ends with; fails the test when it ends otherwise (resolves, or
 * throws anything else, which is rethrown). `work`: a promise, or a function returning one.
 */
export async function refused(work: Promise<unknown> | (() => Promise<unknown>)): Promise<InputError> {
	try {
		await (typeof work === 'function' ? work() : work);
	} catch (err) {
		if (err instanceof InputError) return err;
		throw err;
	}
	throw new Error('expected a refusal (an InputError)');
}
