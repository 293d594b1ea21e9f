// Request parsing shared by the routes: zod validation that answers 400 naming the bad field.
import { error, json } from '@sveltejs/kit';
import type { z } from 'zod';

export function describeIssues(err: z.ZodError): string {
	return err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
	const r = schema.safeParse(value);
	if (!r.success) error(400, describeIssues(r.error));
	return r.data;
}

export const parseQuery = <S extends z.ZodType>(schema: S, url: URL) =>
	parseWith(schema, Object.fromEntries(url.searchParams));

export async function parseJson<S extends z.ZodType>(schema: S, request: Request): Promise<z.infer<S>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, 'body: not valid JSON');
	}
	return parseWith(schema, body);
}

export function parseId(raw: string, name: string): number {
	const n = Number(raw);
	if (!Number.isInteger(n) || n <= 0 || n > 2_147_483_647)
		error(400, `${name}: must be a positive integer, got "${raw}"`);
	return n;
}

/** A refusal that names the wrong field: answered as JSON with its status by `answer`. */
export class InputError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 413 | 415 | 422,
		readonly field: string,
		message: string,
		/** more for the client (e.g. the candidates of an ambiguous address), sent beside field */
		readonly params?: Record<string, unknown>
	) {
		super(`${field}: ${message}`);
	}
}

/** Runs a service call and answers JSON; an InputError becomes its status with {message, field}. */
export async function answer<T>(fn: () => Promise<T>, status = 200): Promise<Response> {
	try {
		return json(await fn(), { status });
	} catch (err) {
		if (err instanceof InputError)
			return json(
				{ message: err.message, field: err.field, ...(err.params ? { params: err.params } : {}) },
				{ status: err.status }
			);
		throw err;
	}
}
