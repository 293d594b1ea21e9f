import { z } from 'zod';
import { decimal, isoDay } from '$lib/server/input';
import { parseQuery } from '$lib/server/http';
import { auditCsv, listAudit } from '$lib/server/audit/log';
import { json } from '@sveltejs/kit';

const Query = z.object({
	entity: z.string().max(40).optional(),
	entityId: decimal(z.number().int().positive().optional()),
	actor: z.string().max(40).optional(),
	action: z.string().max(30).optional(),
	from: isoDay().optional(),
	to: isoDay().optional(),
	before: decimal(z.number().int().positive().optional()),
	limit: decimal(z.number().int().min(1).max(10000).optional()),
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
