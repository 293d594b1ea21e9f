// GET /api/tickets/locate?q= — finds the compound and building an address names (offline lookup).
import { z } from 'zod';
import { answer, parseQuery } from '$lib/server/http';
import { locate } from '$lib/server/tickets/locate';

const Query = z.object({ q: z.string() });

export const GET = ({ url }) => answer(() => locate(parseQuery(Query, url).q, 'q'));
