import { z } from 'zod';
import { renderList, XML_SHAPES } from '$lib/server/open311/format';
import { formOf, open311 } from '$lib/server/open311/handler';
import {
	fileRequest,
	listRequests,
	pagingHeaders,
	readerOf,
	readRequestQuery
} from '$lib/server/open311/service';

/** The form fields POST reads (src/lib/server/open311/service.ts, readRequestForm; form-encoded). */
export const _schema = {
	POST: z.object({
		service_code: z.string(),
		lat: z.string(),
		long: z.string(),
		address_string: z.string().optional(),
		address_id: z.string().optional(),
		description: z.string(),
		media_url: z.string().optional(),
		first_name: z.string().optional(),
		last_name: z.string().optional(),
		phone: z.string().optional()
	})
};
export const _encoding = { POST: 'form' };

export const GET = ({ params, url, locals }) =>
	open311(params.format, async (f) => {
		const q = readRequestQuery(url.searchParams);
		const { items, total } = await listRequests(q, readerOf(locals.user, locals.scope, url.origin));
		return { body: renderList(f, XML_SHAPES.requests, items), headers: pagingHeaders(url, q, total) };
	});

export const POST = ({ params, request, locals }) =>
	open311(params.format, async (f) => ({
		body: renderList(f, XML_SHAPES.requests, await fileRequest(await formOf(request), locals.user!)),
		status: 201
	}));
