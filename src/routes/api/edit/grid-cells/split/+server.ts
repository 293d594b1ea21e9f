import { parseJson } from '$lib/server/http';
import { editAnswer } from '$lib/server/editing/http';
import { SplitBody, splitCell } from '$lib/server/editing/gridcells';

export const _schema = { POST: SplitBody };

export const POST = async ({ request, locals }) => {
	const body = await parseJson(SplitBody, request);
	return editAnswer(() => splitCell(body, locals.user!));
};
