import type { Scope, SessionUser } from '$lib/server/auth/roles';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			scope: Scope | null;
			/** How the user was authenticated: a session cookie or an API key. */
			via: 'cookie' | 'api_key' | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
