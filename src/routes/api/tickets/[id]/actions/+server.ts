import { z } from 'zod';
import { text } from '$lib/server/input';
import { parseId, parseJson } from '$lib/server/http';
import { act } from '$lib/server/tickets/service';
import { ACTIONS, STATUSES } from '$lib/tickets/workflow';
import { idempotencyKey, madeAt, once } from '$lib/server/field/idempotency';
import { recordPersonalReads } from '$lib/server/privacy/reads';

const Action = z.object({
	action: z.enum(ACTIONS),
	/** the status the client saw: a stale action (the ticket moved meanwhile) is a 409 naming it */
	fromStatus: z.enum(STATUSES).optional(),
	assigneeId: z.number().int().positive().max(2_147_483_647).optional(),
	/** dispatch / reassign to a property company or a department instead of a person */
	companyId: z.number().int().positive().max(2_147_483_647).optional(),
	departmentId: z.number().int().positive().max(2_147_483_647).optional(),
	reason: text({ max: 1000, multiline: true }).optional(),
	note: text({ max: 4000, multiline: true }).optional(),
	satisfaction: z.number().int().min(1).max(5).optional(),
	/** 延期: working days asked (the category's maximum is checked by the service) */
	days: z.number().int().min(1).max(60).optional(),
	/** 合并: the master ticket */
	masterId: z.number().int().positive().max(2_147_483_647).optional(),
	/** 回访: the resident reached, and satisfied */
	reached: z.boolean().optional(),
	satisfied: z.boolean().optional(),
	// when a phone made the action offline (sent later with an Idempotency-Key header)
	at: madeAt
});

export const _schema = { POST: Action };

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const key = idempotencyKey(request);
	const { at, ...input } = await parseJson(Action, request);
	// the changed ticket comes back with its reporter: audited as a read (PIPL)
	return once(locals.user!.id, key, `POST /api/tickets/${id}/actions`, at, async (remember) => {
		const ticket = await act(id, input, locals.user!, locals.scope!, remember);
		await recordPersonalReads(locals.user!, 'POST /api/tickets/[id]/actions', [ticket]);
		return ticket;
	});
};
