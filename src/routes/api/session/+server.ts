import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { config } from '$lib/server/config';
import { answer, InputError, parseJson } from '$lib/server/http';
import { login, logout, SESSION_COOKIE, SESSION_DAYS } from '$lib/server/auth/sessions';
import { text } from '$lib/server/input';

/** The body of POST /api/session. */
const Credentials = z.object({ username: text({ max: 40 }), password: z.string().min(1).max(200) });

export const _schema = { POST: Credentials };

export const GET = async ({ locals }) => json({ user: locals.user });

/**
 * Signs in: application/json only (a cross-site HTML form cannot send it without a CORS preflight,
 * and the hooks refuse a cross-site Origin), so no other site can sign a browser in (login CSRF).
 */
export const POST = ({ request, cookies, getClientAddress }) =>
	answer(async () => {
		if (!(request.headers.get('content-type') ?? '').startsWith('application/json'))
			throw new InputError(415, 'Content-Type', 'send application/json', 'unsupported_media_type');
		const { username, password } = await parseJson(Credentials, request);
		const result = await login(username, password, getClientAddress());
		if (!result.ok)
			throw result.reason === 'rate_limited'
				? new InputError(429, 'username', 'too many failed logins: try again in 15 minutes', 'rate_limited')
				: new InputError(401, 'password', 'wrong username or password', 'wrong_credentials');
		cookies.set(SESSION_COOKIE, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: config.secureCookies,
			maxAge: SESSION_DAYS * 86400
		});
		return { user: result.user };
	});

export const DELETE = async ({ cookies }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await logout(token);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return new Response(null, { status: 204 });
};
