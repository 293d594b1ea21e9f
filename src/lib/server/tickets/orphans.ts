// The admin's check for tickets that cannot be worked: open tickets whose assignee cannot act on
// them (the dispatch rule, ticket_assignee_reason of migration 141), or whose holding company or
// department may not hold them (ticket_holder_ok, migration 350).
import type { Orphan } from '../../api-types';
import { db } from '../db/pool';
import orphansSql from './orphans.sql?raw';

/** Open tickets whose assignee cannot act on them, newest first (at most `limit`). */
export async function orphanTickets(limit = 500): Promise<Orphan<Date>[]> {
	return (await db().query<Orphan<Date>>(orphansSql, [limit])).rows;
}
