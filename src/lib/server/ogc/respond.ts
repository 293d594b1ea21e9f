// Answers of the OGC routes: JSON with the spec's media type; every refusal (a bad parameter, an
// unknown collection or feature, a missing key, an unknown path or method under /ogc, a failure) as
// a JSON exception `{code, description, field?}` (OGC API – Common's exception schema), never HTML.
import { isHttpError, json } from '@sveltejs/kit';
import { InputError } from '../http';

/** The API's own base URL (/ogc under the app's origin, which adapter-node takes from ORIGIN). */
export const ogcBase = (url: URL) => `${url.origin}/ogc`;

const CODES: Record<number, string> = {
	400: 'InvalidParameterValue',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'NotFound',
	405: 'MethodNotAllowed',
	406: 'NotAcceptable',
	500: 'ServerError'
};

/** An OGC exception answer: `{code, description, field?}` with the HTTP status. */
export function ogcError(status: number, description: string, field?: string): Response {
	return json(
		{ code: CODES[status] ?? `HTTP${status}`, description, ...(field ? { field } : {}) },
		{ status }
	);
}

export const isOgcPath = (pathname: string) => pathname === '/ogc' || pathname.startsWith('/ogc/');

/** The JSON refusal for an /ogc path made before a route runs (src/hooks.server.ts); null elsewhere. */
export function ogcDenial(pathname: string, status: number, description: string): Response | null {
	return isOgcPath(pathname) ? ogcError(status, description) : null;
}

export async function ogcAnswer(fn: () => unknown, type = 'application/json'): Promise<Response> {
	try {
		const body = await fn();
		if (body instanceof Response) return body;
		return json(body, { headers: { 'content-type': type } });
	} catch (err) {
		if (err instanceof InputError) return ogcError(err.status, err.message, err.field ?? undefined);
		if (isHttpError(err)) {
			const field = /^([\w-]+): /.exec(err.body.message)?.[1];
			return ogcError(err.status, err.body.message, field);
		}
		console.error('ogc:', err);
		return ogcError(500, 'internal error');
	}
}
