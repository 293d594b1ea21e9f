import { parseId, parseJson } from '$lib/server/http';
import { editAnswer, parseEntity } from '$lib/server/editing/http';
import { updateSchema } from '$lib/server/editing/schemas';
import { getRecord, updateRecord } from '$lib/server/editing/service';

/** The body depends on the layer edited. */
export const _schema = { PATCH: (params: { entity: string }) => updateSchema(parseEntity(params.entity)) };

export const GET = async ({ params, locals }) => {
	const entity = parseEntity(params.entity);
	const id = parseId(params.id, 'id');
	return editAnswer(() => getRecord(entity, id, locals.scope!));
};

/** {version, ...changed fields, retired?}: 409 when the record moved past `version`. */
export const PATCH = async ({ params, request, locals }) => {
	const entity = parseEntity(params.entity);
	const id = parseId(params.id, 'id');
	const body = await parseJson(updateSchema(entity), request);
	return editAnswer(() => updateRecord(entity, id, body, locals.user!));
};
