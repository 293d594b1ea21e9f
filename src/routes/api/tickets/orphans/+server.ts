import { answer } from '$lib/server/http';
import { orphanTickets } from '$lib/server/tickets/orphans';

export const GET = () => answer(() => orphanTickets());
