import { parseJson } from '$lib/server/http';
import { editAnswer } from '$lib/server/editing/http';
import { MergeBody, mergeCells } from '$lib/server/editing/gridcells';

export const _schema = { POST: MergeBody };

export const POST = async ({ request, locals }) => {
	const body = await parseJson(MergeBody, request);
	return editAnswer(() => mergeCells(body, locals.user!));
};
