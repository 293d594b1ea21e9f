import { answer, parseId, parseJson } from '$lib/server/http';
import { addPoints, PointBatch } from '$lib/server/field/patrols';

export const _schema = { POST: PointBatch };

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const batch = await parseJson(PointBatch, request);
	return answer(() => addPoints(id, batch, locals.user!));
};
