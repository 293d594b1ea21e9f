// GET /api/governance/compounds/{id} — a compound's committee, meetings, decisions and consultations
import { answer, parseId } from '$lib/server/http';
import { compoundGovernance } from '$lib/server/governance/service';

export const GET = ({ params, locals }) => {
	const id = parseId(params.id, 'id');
	return answer(() => compoundGovernance(id, locals.scope!));
};
