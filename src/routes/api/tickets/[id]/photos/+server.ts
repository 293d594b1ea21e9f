import { parseId } from '$lib/server/http';
import { idempotencyKey, once } from '$lib/server/field/idempotency';
import { addTicketPhoto, PhotoFields, readPhotoForm } from '$lib/server/tickets/photos';
import { recordPersonalReads } from '$lib/server/privacy/reads';

/** multipart: `photo` (JPEG / PNG / WebP ≤ 5 MB), `note` (its caption), `at` (when taken offline). */
export const _schema = { POST: PhotoFields };
export const _encoding = { POST: 'multipart' } as const;

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const key = idempotencyKey(request);
	const { photo, note, at } = await readPhotoForm(request);
	return once(
		locals.user!.id,
		key,
		`POST /api/tickets/${id}/photos`,
		at,
		// the changed ticket comes back with its reporter: audited as a read (PIPL), as for actions
		async (remember) => {
			const ticket = await addTicketPhoto(id, { photo, note }, locals.user!, locals.scope!, remember);
			await recordPersonalReads(locals.user!, 'POST /api/tickets/[id]/photos', [ticket]);
			return ticket;
		},
		{ status: 201 }
	);
};
