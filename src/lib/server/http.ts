// Request parsing shared by the routes: zod validation that answers 400 naming the bad field.
import { error } from '@sveltejs/kit';
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
