import { z } from 'zod';
import { text } from '$lib/server/input';
import { answer, parseId, parseJson } from '$lib/server/http';
import { act } from '$lib/server/tickets/service';
import { ACTIONS } from '$lib/server/tickets/workflow';

const Action = z.object({
	action: z.enum(ACTIONS),
	assigneeId: z.number().int().positive().optional(),
	reason: text({ max: 1000, multiline: true }).optional(),
	note: text({ max: 4000, multiline: true }).optional(),
	satisfaction: z.number().int().min(1).max(5).optional()
});

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const input = await parseJson(Action, request);
	return answer(() => act(id, input, locals.user!, locals.scope!));
};
