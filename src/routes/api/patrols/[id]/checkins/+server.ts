import { json } from '@sveltejs/kit';
import { parseId, parseJson } from '$lib/server/http';
import { checkIn, CheckinInput, TooFar } from '$lib/server/field/patrols';
import { idempotencyKey, once } from '$lib/server/field/idempotency';

// refused with the distance, so the page can say how far off the worker is
const tooFar = (err: unknown) =>
	err instanceof TooFar
		? json({ message: err.message, field: err.field, distanceM: err.distanceM }, { status: 422 })
		: null;

export const _schema = { POST: CheckinInput };

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const key = idempotencyKey(request);
	const input = await parseJson(CheckinInput, request);
	return once(
		locals.user!.id,
		key,
		`POST /api/patrols/${id}/checkins`,
		input.at,
		(remember) => checkIn(id, input, locals.user!, locals.scope!, remember),
		{ status: 201, refuse: tooFar }
	);
};
