// Sessions and API keys, both stored hashed in the database so every app instance shares them.
import { hash, randomBytes } from 'node:crypto';
import { db } from '../db/pool';
import { notificationsConnected, subscribe } from '../db/notifications';
import { verifyPassword } from './password';
import { config } from '../config.js';
import type { SessionUser } from './roles';

export const SESSION_COOKIE = 'redgrid_session';
export const SESSION_DAYS = 14;

// Rate limit of failed logins, per username and per client address, over a sliding window.
const FAILURE_WINDOW = '15 minutes';
const MAX_FAILURES_PER_USERNAME = 5;
const MAX_FAILURES_PER_CLIENT = 20;

// one-shot: a quarter of createHash's time, and it runs for every request of a signed-in user
const sha256 = (s: string) => hash('sha256', s, 'hex');

const USER_COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.role, u.area_id AS "areaId",
	u.person_id AS "personId", u.company_id AS "companyId", u.department_id AS "departmentId",
	u.must_change_password AS "mustChangePassword"`;

export type LoginResult =
	{ ok: true; token: string; user: SessionUser } | { ok: false; reason: 'invalid' | 'rate_limited' };

export async function login(username: string, password: string, client: string): Promise<LoginResult> {
	const { rows: counts } = await db().query<{ by_user: number; by_client: number }>(
		`SELECT count(*) FILTER (WHERE username = $1) AS by_user, count(*) FILTER (WHERE client = $2) AS by_client
		 FROM login_failures WHERE at > now() - $3::interval AND (username = $1 OR client = $2)`,
		[username, client, FAILURE_WINDOW]
	);
	if (counts[0].by_user >= MAX_FAILURES_PER_USERNAME || counts[0].by_client >= MAX_FAILURES_PER_CLIENT) {
		return { ok: false, reason: 'rate_limited' };
	}
	const { rows } = await db().query<SessionUser & { password_hash: string }>(
		`SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.username = $1 AND u.disabled_at IS NULL`,
		[username]
	);
	const found = rows[0];
	// Hash even for unknown users so that timing does not reveal which usernames exist.
	const ok = await verifyPassword(password, found?.password_hash ?? DUMMY_HASH);
	if (!found || !ok) {
		await db().query('INSERT INTO login_failures (username, client) VALUES ($1, $2)', [username, client]);
		return { ok: false, reason: 'invalid' };
	}
	const { password_hash: _, ...user } = found;
	const token = randomBytes(32).toString('base64url');
	await db().query(
		`INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))`,
		[sha256(token), user.id, SESSION_DAYS]
	);
	await db().query('DELETE FROM login_failures WHERE username = $1', [username]);
	return { ok: true, token, user };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

// Signed-in users by token hash, for a minute at most. Every request needs its user; the cache
// spares a query per tile. It is used only while the shared listener is connected, and emptied on
// every NOTIFY auth_changed (users, sessions, API keys changed), so a disabled user, an ended session
// or a revoked key stops working at once.
const CACHE_MS = 60_000;
const cache = new Map<string, { user: SessionUser; until: number }>();
let watching: Promise<unknown> | null = null;
// bumped on every change: a load that overlapped a change is not cached (it may have read old rows)
let generation = 0;
/** Drops this instance's cache (other instances drop theirs on NOTIFY auth_changed). */
export const forgetCachedUsers = () => {
	generation++;
	cache.clear();
};

function watchAuthChanges() {
	watching ??= subscribe('auth_changed', {
		onNotify: forgetCachedUsers,
		onReconnect: forgetCachedUsers,
		onDisconnect: forgetCachedUsers
	}).catch(() => (watching = null));
	return watching;
}

/** A cached user still valid: within its minute, with the auth_changed listener connected. */
function peek(key: string): SessionUser | undefined {
	const hit = cache.get(key);
	return hit && hit.until > Date.now() && notificationsConnected() ? hit.user : undefined;
}

async function cachedUser(key: string, load: () => Promise<SessionUser | null>): Promise<SessionUser | null> {
	await watchAuthChanges();
	const hit = peek(key);
	if (hit) return hit;
	const before = generation;
	const user = await load();
	if (user && notificationsConnected() && generation === before) {
		if (cache.size > 10_000) cache.clear();
		cache.set(key, { user, until: Date.now() + CACHE_MS });
	}
	return user;
}

/**
 * The user of a live session: not expired (14 days), not idle for longer than
 * REDGRID_SESSION_IDLE_HOURS (2 h), user not disabled. Each load (at most once a minute per
 * session and instance, see the cache above) marks the session as seen.
 */
export async function userFromSession(token: string): Promise<SessionUser | null> {
	const id = sha256(token);
	return cachedUser(`s:${id}`, () => loadSessionUser(id));
}

/** What a request signs in with: a session token (its cookie) or an API key. */
export type Credential = { session: string } | { apiKey: string };

/**
 * The user of a credential when this instance knows it already (the cache above), without a
 * database round trip or a promise: the tile fast path's cache hit (src/lib/server/tiles/fast.ts).
 * undefined when it must be loaded: userOf.
 */
export const knownUser = (c: Credential): SessionUser | undefined =>
	'session' in c ? peek(`s:${sha256(c.session)}`) : peek(`k:${sha256(c.apiKey)}`);

/** The user of a credential, loaded when this instance does not know it yet; null when it is not live. */
export const userOf = (c: Credential): Promise<SessionUser | null> =>
	'session' in c ? userFromSession(c.session) : userFromApiKey(c.apiKey);

async function loadSessionUser(id: string): Promise<SessionUser | null> {
	const { rows } = await db().query<SessionUser>(
		`UPDATE sessions s SET last_seen_at = now() FROM users u
		 WHERE s.id = $1 AND u.id = s.user_id AND s.expires_at > now()
		   AND s.last_seen_at > now() - make_interval(secs => $2) AND u.disabled_at IS NULL
		 RETURNING ${USER_COLUMNS}`,
		[id, config.sessionIdleHours * 3600]
	);
	return rows[0] ?? null;
}

export async function userFromApiKey(key: string): Promise<SessionUser | null> {
	const keyHash = sha256(key);
	return cachedUser(`k:${keyHash}`, () => loadKeyUser(keyHash));
}

async function loadKeyUser(hash: string): Promise<SessionUser | null> {
	const { rows } = await db().query<SessionUser>(
		`SELECT ${USER_COLUMNS} FROM api_keys k JOIN users u ON u.id = k.user_id
		 WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.disabled_at IS NULL`,
		[hash]
	);
	return rows[0] ?? null;
}

/** The id (hash) under which a session token is stored. */
export const sessionId = (token: string) => sha256(token);

/**
 * The user a session token or API key stands for now, read from the database (not the cache): null
 * once the session ended (signed out, password changed or reset, idle, expired), the key was revoked
 * or the user disabled. Live streams ask this when authentication data changes.
 */
export function credentialUser(credential: { kind: 'session' | 'api_key'; secret: string }) {
	return credential.kind === 'session'
		? loadSessionUser(sha256(credential.secret))
		: loadKeyUser(sha256(credential.secret));
}

export async function logout(token: string): Promise<void> {
	await db().query('DELETE FROM sessions WHERE id = $1', [sha256(token)]);
	forgetCachedUsers();
}

export const hashApiKey = sha256;
