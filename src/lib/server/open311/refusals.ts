// Refusals made before an Open311 route runs (src/hooks.server.ts: a bad, missing or
// under-privileged api_key), in the spec's error format instead of the app's JSON {message}.
import { open311Refusal } from './format';

export type Denial = 'invalid_key' | 'no_key' | 'role' | 'not_found' | 'method';

export const isOpen311Path = (pathname: string) => pathname.startsWith('/open311/');

/** The spec-format refusal for an /open311 path, or null for every other path. */
export function open311Denial(pathname: string, kind: Denial, detail = ''): Response | null {
	if (!isOpen311Path(pathname)) return null;
	switch (kind) {
		case 'invalid_key':
			return open311Refusal(pathname, 401, 'api_key: invalid or revoked');
		case 'no_key':
			return open311Refusal(
				pathname,
				401,
				'api_key: required (send api_key in the form body, the query string or an X-API-Key header)'
			);
		case 'role':
			return open311Refusal(pathname, 403, `api_key: ${detail || 'this key may not do that'}`);
		case 'not_found':
			return open311Refusal(
				pathname,
				404,
				`path: no such Open311 resource (${pathname.slice(0, 100)}); see ${'/open311/v2/discovery.json'}`
			);
		case 'method':
			return open311Refusal(pathname, 405, `method: ${detail || 'not allowed on this resource'}`);
	}
}
