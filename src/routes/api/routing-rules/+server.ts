import { answer, parseJson } from '$lib/server/http';
import { RoutingRuleInput, routingRules, setRoutingRule } from '$lib/server/tickets/holders';

export const _schema = { PUT: RoutingRuleInput };

export const GET = () => answer(routingRules);

/** Sets the holder one category proposes inside or outside a compound (admins). */
export const PUT = async ({ request }) => {
	const v = await parseJson(RoutingRuleInput, request);
	return answer(() => setRoutingRule(v));
};
