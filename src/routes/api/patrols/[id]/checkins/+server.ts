import { json } from '@sveltejs/kit';
import { answer, parseId, parseJson } from '$lib/server/http';
import { checkIn, CheckinInput, TooFar } from '$lib/server/field/patrols';

export const _schema = { POST: CheckinInput };

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const input = await parseJson(CheckinInput, request);
	try {
		return json(await checkIn(id, input, locals.user!, locals.scope!), { status: 201 });
	} catch (err) {
		// refused with the distance, so the page can say how far off the worker is
		if (err instanceof TooFar)
			return json({ message: err.message, field: err.field, distanceM: err.distanceM }, { status: 422 });
		return answer(() => Promise.reject(err));
	}
};
