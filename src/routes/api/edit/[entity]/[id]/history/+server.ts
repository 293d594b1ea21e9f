import { parseId } from '$lib/server/http';
import { editAnswer, parseEntity } from '$lib/server/editing/http';
import { recordHistory } from '$lib/server/editing/service';

export const GET = async ({ params, locals }) => {
	const entity = parseEntity(params.entity);
	const id = parseId(params.id, 'id');
	return editAnswer(() => recordHistory(entity, id, locals.scope!));
};
