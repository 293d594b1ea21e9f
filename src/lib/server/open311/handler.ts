// The one wrapper of the Open311 routes: checks the format suffix, runs the service call, and turns
// every refusal into the spec's error answer in the format asked for.
import { InputError } from '../http';
import { controlCharacterPath } from '../input';
import { errorResponse, isFormat, Open311Error, respond, type Format } from './format';

export async function open311(
	rawFormat: string,
	fn: (format: Format) => Promise<{ body: string; status?: number; headers?: Record<string, string> }>
): Promise<Response> {
	if (!isFormat(rawFormat))
		return errorResponse(
			'json',
			404,
			`format: ".${rawFormat.slice(0, 20)}" is not offered; use .json or .xml`
		);
	const format = rawFormat;
	try {
		const { body, status, headers } = await fn(format);
		return respond(format, body, status, headers);
	} catch (err) {
		if (err instanceof Open311Error) return errorResponse(format, err.status, err.message);
		if (err instanceof InputError)
			return errorResponse(format, err.status === 422 ? 400 : err.status, err.message);
		console.error('open311:', err);
		return errorResponse(format, 500, 'internal error; the request was not completed');
	}
}

/** The form of a POST requests body (form-encoded as the spec says; multipart accepted too). */
export async function formOf(request: Request): Promise<FormData> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
		throw new Open311Error(415, 'Content-Type: send application/x-www-form-urlencoded (as the spec says)');
	const form = await request.formData().catch((err) => {
		if (err instanceof InputError) throw new Open311Error(413, err.message);
		throw new Open311Error(400, 'body: not a valid form');
	});
	// the API's one text boundary (src/lib/server/input.ts): no control characters in any field,
	// and no field longer than the longest one the service reads (a description, 4,000 characters)
	const fields: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string') fields[k] = v;
	const bad = controlCharacterPath(fields);
	if (bad) throw new Open311Error(400, `${bad.path}: holds a control character`);
	const long = Object.entries(fields).find(([, v]) => Array.from(v).length > 4000);
	if (long) throw new Open311Error(400, `${long[0]}: at most 4,000 characters`);
	return form;
}
