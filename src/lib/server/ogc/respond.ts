// Answers of the OGC routes: JSON with the spec's media type; an InputError becomes its status with
// {message, field}, like the rest of the API.
import { json } from '@sveltejs/kit';
import { InputError } from '../http';

/** The API's own base URL (/ogc under the app's origin, which adapter-node takes from ORIGIN). */
export const ogcBase = (url: URL) => `${url.origin}/ogc`;

export async function ogcAnswer(fn: () => unknown, type = 'application/json'): Promise<Response> {
	try {
		return json(await fn(), { headers: { 'content-type': type } });
	} catch (err) {
		if (err instanceof InputError)
			return json({ message: err.message, field: err.field }, { status: err.status });
		throw err;
	}
}
