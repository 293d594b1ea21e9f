import { z } from 'zod';
import { text } from '$lib/server/input';
import { answer, parseId, parseJson } from '$lib/server/http';
import { act } from '$lib/server/tickets/service';
import { ACTIONS, STATUSES } from '$lib/tickets/workflow';

const Action = z.object({
	action: z.enum(ACTIONS),
	/** the status the client saw: a stale action (the ticket moved meanwhile) is a 409 naming it */
	fromStatus: z.enum(STATUSES).optional(),
	assigneeId: z.number().int().positive().max(2_147_483_647).optional(),
	reason: text({ max: 1000, multiline: true }).optional(),
	note: text({ max: 4000, multiline: true }).optional(),
	satisfaction: z.number().int().min(1).max(5).optional()
});

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const input = await parseJson(Action, request);
	return answer(() => act(id, input, locals.user!, locals.scope!));
};
