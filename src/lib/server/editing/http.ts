// Route helpers of the edit API: the layer named in the URL, and answers that turn a version
// conflict into 409 with the current record and what changed in between.
import { error, json } from '@sveltejs/kit';
import { isEntity, type EntityName } from '$lib/editing/fields';
import { answer } from '../http';
import { ConflictError } from './service';

export function parseEntity(raw: string): EntityName {
	if (!isEntity(raw)) error(404, `entity: no editable layer "${raw}"`);
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
					yourVersion: err.yourVersion,
					current: err.current,
					changes: err.changes
				},
				{ status: 409 }
			);
		throw err;
	}
}
