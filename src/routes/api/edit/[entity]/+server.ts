import { z } from 'zod';
import { decimal } from '$lib/server/input';
import { parseJson, parseQuery } from '$lib/server/http';
import { editAnswer, parseEntity } from '$lib/server/editing/http';
import { createSchema } from '$lib/server/editing/schemas';
import { createRecord, listRecords } from '$lib/server/editing/service';

const Query = z.object({
	q: z.string().max(100).optional(),
	retired: z.enum(['true', 'false']).optional(),
	limit: decimal(z.number().int().min(1).max(500).optional()),
	offset: decimal(z.number().int().min(0).optional())
});

/** The body depends on the layer edited. */
export const _schema = { POST: (params: { entity: string }) => createSchema(parseEntity(params.entity)) };

export const GET = async ({ params, url, locals }) => {
	const entity = parseEntity(params.entity);
	const f = parseQuery(Query, url);
	return editAnswer(() => listRecords(entity, { ...f, retired: f.retired === 'true' }, locals.scope!));
};

export const POST = async ({ params, request, locals }) => {
	const entity = parseEntity(params.entity);
	const body = await parseJson(createSchema(entity), request);
	return editAnswer(() => createRecord(entity, body, locals.user!), 201);
};
