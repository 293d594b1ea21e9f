// Route helpers of the edit API: the layer named in the URL, and answers that turn a version
// conflict into 409 with the current record and what changed in between.
import { json } from '@sveltejs/kit';
import { isEntity, type EntityName } from '$lib/editing/fields';
import { answer, InputError } from '../http';
import { ConflictError } from './service';

export function parseEntity(raw: string): EntityName {
	if (!isEntity(raw)) throw new InputError(404, 'entity', `no editable layer "${raw}"`);
	return raw;
}

export async function editAnswer<T>(fn: () => Promise<T>, status = 200): Promise<Response> {
	try {
		return await answer(fn, status);
	} catch (err) {
		if (err instanceof ConflictError)
			return json(
				{
					message: err.message,
					field: err.field,
					code: 'conflict',
					params: {},
					yourVersion: err.yourVersion,
					current: err.current,
					changes: err.changes
				},
				{ status: 409 }
			);
		throw err;
	}
}
