import type { Scope, SessionUser } from '$lib/server/auth/roles';
import type { ApiErrorBody } from '$lib/errors';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			scope: Scope | null;
			/** How the user was authenticated: a session cookie or an API key. */
			via: 'cookie' | 'api_key' | null;
			/** The session token or API key this request came with (live streams watch it end). */
			credential: { kind: 'session' | 'api_key'; secret: string } | null;
			/** What handleError caught, for the hooks' answer (src/hooks.server.ts). */
			failure?: unknown;
		}
		// every error answer of the API: {field, code, params, message} (src/lib/errors.ts)
		// eslint-disable-next-line @typescript-eslint/no-empty-object-type
		interface Error extends ApiErrorBody {}
	}
}

export {};
