// The admin's check for tickets that cannot be worked: open tickets whose assignee cannot act on
// them (the dispatch rule, ticket_assignee_reason of migration 141), or whose holding company or
// department may not hold them (ticket_holder_ok, migration 350).
import { db } from '../db/pool';
import orphansSql from './orphans.sql?raw';

export interface Orphan {
	id: number;
	code: string;
	status: string;
	address: string | null;
	createdAt: string;
	/** null when an organisation holds it */
	assigneeId: number | null;
	assigneeName: string;
	/** a person's kind, or 'company' / 'department' */
	assigneeKind: string;
	assigneeRetired: boolean;
}

/** Open tickets whose assignee cannot act on them, newest first (at most `limit`). */
export async function orphanTickets(limit = 500): Promise<Orphan[]> {
	return (await db().query<Orphan>(orphansSql, [limit])).rows;
}
