import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { appConfig } from '$lib/server/config';
import { parseJson } from '$lib/server/http';
import { login, logout, SESSION_COOKIE, SESSION_DAYS } from '$lib/server/auth/sessions';

const Credentials = z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) });

export const GET = async ({ locals }) => json({ user: locals.user });

export const POST = async ({ request, cookies, getClientAddress }) => {
	const { username, password } = await parseJson(Credentials, request);
	const result = await login(username, password, getClientAddress());
	if (!result.ok)
		error(
			result.reason === 'rate_limited' ? 429 : 401,
			result.reason === 'rate_limited'
				? 'too many failed logins: try again in 15 minutes'
				: 'wrong username or password'
		);
	cookies.set(SESSION_COOKIE, result.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: appConfig.secureCookies,
		maxAge: SESSION_DAYS * 86400
	});
	return json({ user: result.user });
};

export const DELETE = async ({ cookies }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) await logout(token);
	cookies.delete(SESSION_COOKIE, { path: '/' });
	return new Response(null, { status: 204 });
};
