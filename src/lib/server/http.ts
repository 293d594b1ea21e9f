// The API's one error path. Services throw InputError (the project's own error: status, field,
// code, params); routes run them through `answer`, which turns it into the one JSON shape
// {field, code, params, message} (src/lib/errors.ts). Anything else thrown reaches the
// `handleError` hook (500 `internal`, or 503 `unavailable` while the database is unreachable).
// Request parsing shared by the routes: zod validation that answers 400 naming the bad field.
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { codeForStatus, ERROR_CODES, type ApiErrorBody, type ErrorCode, type ErrorParams } from '../errors';
import { controlCharacterPath } from './input';
import { isLayerId, LAYER_IDS, type LayerId } from '../map/layer-ids';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/**
 * A refusal that names the wrong field, answered as {field, code, params, message} with its status.
 * `code` defaults to the one the status implies (403 `forbidden`, 404 `not_found`...); a refusal with
 * a general code says why in `params.reason` (src/lib/errors.ts ERROR_REASONS), so that the pages
 * can give the reason in the interface language, not only the code's general sentence.
 */
export class InputError extends Error {
	readonly code: ErrorCode;
	readonly params: ErrorParams;
	constructor(
		readonly status: ErrorStatus,
		readonly field: string | null,
		message: string,
		code?: ErrorCode,
		params: ErrorParams = {}
	) {
		super(field ? `${field}: ${message}` : message);
		this.code = code ?? codeForStatus(status);
		this.params = params;
	}
}

/** The JSON body of an InputError. */
export const errorBody = (err: InputError): ApiErrorBody => ({
	field: err.field,
	code: err.code,
	params: err.params,
	message: err.message
});

/** The answer of an InputError: its status and the one JSON shape. */
export const errorResponse = (err: InputError, headers?: HeadersInit): Response =>
	json(errorBody(err), { status: err.status, headers });

/** Shorthand for an answer that is not an InputError thrown by a service (hooks, routes). */
export const refuse = (
	status: ErrorStatus,
	field: string | null,
	message: string,
	code?: ErrorCode,
	params?: ErrorParams
) => errorResponse(new InputError(status, field, message, code, params));

/**
 * Runs a service call and answers: a Response passes as it is (files, streams), anything else as
 * JSON with `status`. An InputError (or a ZodError) becomes its 4xx in the one error shape; any
 * other error is rethrown to the handleError hook.
 */
export async function answer<T>(fn: () => Promise<T> | T, status = 200): Promise<Response> {
	try {
		const result = await fn();
		return result instanceof Response ? result : json(result, { status });
	} catch (err) {
		if (err instanceof z.ZodError) return errorResponse(fromZod(err));
		if (err instanceof InputError) return errorResponse(err);
		throw err;
	}
}

const KNOWN = new Set<string>(ERROR_CODES);

/** The first zod issue as an InputError: the field it names, a stable code, its limits. */
export function fromZod(err: z.ZodError): InputError {
	const issue = err.issues[0];
	const path = issue.path.map(String);
	let field = path.join('.') || 'body';
	let code: ErrorCode = 'invalid';
	let params: Record<string, string | number> = {};
	switch (issue.code) {
		case 'invalid_type': {
			const input = (issue as { input?: unknown }).input;
			code =
				input === undefined || input === null
					? 'required'
					: typeof input === 'number' && !Number.isFinite(input)
						? 'not_a_number'
						: 'wrong_type';
			break;
		}
		case 'too_big':
			code = issue.origin === 'string' ? 'too_long' : 'too_big';
			params = { max: Number(issue.maximum) };
			break;
		case 'too_small':
			if (issue.origin === 'string') {
				code = Number(issue.minimum) <= 1 ? 'required' : 'too_short';
			} else code = 'too_small';
			params = { min: Number(issue.minimum) };
			break;
		case 'invalid_format':
			code = 'invalid_format';
			params = { format: issue.format };
			break;
		case 'invalid_value':
			code = 'invalid_value';
			if (issue.values.length <= 20) params = { allowed: issue.values.map(String).join(', ') };
			break;
		case 'unrecognized_keys':
			code = 'unknown_field';
			field = [...path, issue.keys[0]].join('.');
			break;
		case 'custom': {
			const p = (issue.params ?? {}) as Record<string, string | number>;
			if (typeof p.code === 'string' && KNOWN.has(p.code)) {
				const { code: c, ...rest } = p;
				code = c as ErrorCode;
				params = rest;
			}
			break;
		}
	}
	return new InputError(400, field, issue.message, code, params);
}

/** Every zod issue in one line (logs, import warnings); answers use only the first (fromZod). */
export function describeIssues(err: z.ZodError): string {
	return err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/** Validates a value with a schema; throws the first issue as a 400 InputError naming the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
	// every string of every input, whatever its schema: no control characters, no broken Unicode
	const bad = controlCharacterPath(value);
	if (bad)
		throw new InputError(
			400,
			bad.path,
			bad.kind === 'control_character' ? 'holds a control character' : 'is not valid Unicode text',
			bad.kind
		);
	const r = schema.safeParse(value, { reportInput: true });
	if (!r.success) throw fromZod(r.error);
	return r.data;
}

/** The query string through a schema (each parameter once: the last one wins). */
export const parseQuery = <S extends z.ZodType>(schema: S, url: URL) =>
	parseWith(schema, Object.fromEntries(url.searchParams));

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A body's bytes as text, refusing bytes that are not UTF-8 (no silent U+FFFD). */
export function decodeUtf8(bytes: ArrayBuffer | Uint8Array, field = 'body'): string {
	try {
		return utf8.decode(bytes);
	} catch {
		throw new InputError(400, field, 'is not valid UTF-8', 'invalid_utf8');
	}
}

/** A JSON body, strictly UTF-8, or a 400 naming `body`. */
export async function readJson(request: Request): Promise<unknown> {
	const text = decodeUtf8(await request.arrayBuffer());
	try {
		return JSON.parse(text);
	} catch {
		throw new InputError(400, 'body', 'not valid JSON', 'invalid_json');
	}
}

/** A JSON body through a schema. */
export async function parseJson<S extends z.ZodType>(schema: S, request: Request): Promise<z.infer<S>> {
	return parseWith(schema, await readJson(request));
}

/** A path parameter that must be a positive 32-bit integer id. */
export function parseId(raw: string, name: string): number {
	const n = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
	if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647)
		throw new InputError(
			400,
			name,
			`must be a positive integer, got "${raw.slice(0, 40)}"`,
			'invalid_format'
		);
	return n;
}

/** A map layer named in the URL (tiles, features, exports), or a 400 naming `layer`. */
export function parseLayer(raw: string): LayerId {
	if (!isLayerId(raw))
		throw new InputError(
			400,
			'layer',
			`unknown layer "${raw.slice(0, 40)}" (one of ${LAYER_IDS.join(', ')})`,
			'invalid_value'
		);
	return raw;
}

/** Like `answer`, for a CSV download named `filename` (UTF-8; an InputError still answers JSON). */
export async function answerCsv(filename: string, fn: () => Promise<string>): Promise<Response> {
	try {
		return new Response(await fn(), {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="${filename}"`
			}
		});
	} catch (err) {
		if (err instanceof InputError)
			return json({ message: err.message, field: err.field }, { status: err.status });
		throw err;
	}
}
