import { answer } from '$lib/server/http';
import { slaRules } from '$lib/server/tickets/service';

export const GET = () => answer(slaRules);
