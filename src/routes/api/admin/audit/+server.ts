import { z } from 'zod';
import { parseQuery } from '$lib/server/http';
import { auditCsv, listAudit } from '$lib/server/audit/log';
import { json } from '@sveltejs/kit';

const Query = z.object({
	entity: z.string().max(40).optional(),
	entityId: z.coerce.number().int().positive().optional(),
	actor: z.string().max(40).optional(),
	action: z.string().max(30).optional(),
	from: z.iso.date().optional(),
	to: z.iso.date().optional(),
	before: z.coerce.number().int().positive().optional(),
	limit: z.coerce.number().int().min(1).max(10000).optional(),
	format: z.enum(['json', 'csv']).optional()
});

export const GET = async ({ url }) => {
	const { format, ...f } = parseQuery(Query, url);
	const rows = await listAudit(f);
	if (format !== 'csv') return json(rows);
	return new Response(auditCsv(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`
		}
	});
};
