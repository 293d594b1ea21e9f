// Shared helpers of the integration tests.
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type SessionUser } from '../../src/lib/server/auth/roles';
import { act, createTicket } from '../../src/lib/server/tickets/service';
import { InputError } from '../../src/lib/server/http';

export async function demoUser(username: string): Promise<SessionUser> {
	const { rows } = await db().query<SessionUser>(
		`SELECT id, username, display_name AS "displayName", role, area_id AS "areaId", person_id AS "personId",
		 company_id AS "companyId", department_id AS "departmentId", must_change_password AS "mustChangePassword" FROM users WHERE username = $1`,
		[username]
	);
	if (!rows[0]) throw new Error(`no demo user ${username}`);
	return rows[0];
}

export async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
	const { rows } = await db().query(sql, params);
	if (!rows[0]) throw new Error(`no row for: ${sql}`);
	return rows[0] as T;
}

/**
 * The InputError (4xx) that the work ends with; fails the test when it ends otherwise (resolves, or
 * throws anything else, which is rethrown). `work`: a promise, or a function returning one.
 */
export async function refused(work: Promise<unknown> | (() => Promise<unknown>)): Promise<InputError> {
	try {
		await (typeof work === 'function' ? work() : work);
	} catch (err) {
		if (err instanceof InputError) return err;
		throw err;
	}
	throw new Error('expected a refusal (an InputError)');
}

/** A point on a building of a live compound the demo company manages (the first by building code). */
export async function companyPoint(): Promise<{ lon: number; lat: number; compoundId: number }> {
	const company = await demoUser('company');
	return one<{ lon: number; lat: number; compoundId: number }>(
		`SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat, c.id AS "compoundId" FROM buildings b
		 JOIN compounds c ON c.id = b.compound_id, ST_PointOnSurface(b.geom) pt
		 WHERE c.company_id = $1 AND b.retired_at IS NULL AND c.retired_at IS NULL ORDER BY b.code LIMIT 1`,
		[company.companyId]
	);
}

/**
 * A water ticket filed at companyPoint() (by the demo dispatcher over the hotline, or by `filer`),
 * then held by the demo company (dispatched to it, or reassigned to it when routing had already
 * given it to someone), and with `accept` signed for by the company. Answers its id, its compound
 * and the person routing first gave it to (null: none).
 */
export async function companyTicket(
	opts: { accept?: boolean; filer?: { user: SessionUser; source: 'ui' | 'hotline' } } = {}
): Promise<{ id: number; compoundId: number; routedTo: number | null }> {
	const dispatcher = await demoUser('dispatcher');
	const company = await demoUser('company');
	const p = await companyPoint();
	const { ticket } = await createTicket(
		{ category: 'water', description: '地下室水管渗漏', lon: p.lon, lat: p.lat },
		opts.filer?.user ?? dispatcher,
		opts.filer?.source ?? 'hotline'
	);
	await act(
		ticket.id,
		ticket.status === 'new'
			? { action: 'dispatch', companyId: company.companyId! }
			: { action: 'reassign', companyId: company.companyId!, reason: '小区内管道' },
		dispatcher,
		scopeOf(dispatcher)
	);
	if (opts.accept) await act(ticket.id, { action: 'accept' }, company, scopeOf(company));
	return { id: Number(ticket.id), compoundId: p.compoundId, routedTo: ticket.assigneeId };
}

/**
 * Runs `work` with stored figures kept up to 300 s (REDGRID_FIGURES_MAX_AGE_SECONDS), then puts back
 * the tests' 0 (every figure counted on each request), whatever `work` does.
 */
export async function withStoredFigures<T>(work: () => Promise<T>): Promise<T> {
	process.env.REDGRID_FIGURES_MAX_AGE_SECONDS = '300';
	try {
		return await work();
	} finally {
		process.env.REDGRID_FIGURES_MAX_AGE_SECONDS = '0';
	}
}

/** Makes every stored figure (figure_snapshots) `seconds` older. */
export const ageStoredFigures = (seconds: number) =>
	db().query(`UPDATE figure_snapshots SET computed_at = computed_at - make_interval(secs => $1)`, [seconds]);

/** One block of a server-sent event stream: its `id`, `event` and `data` lines, and the block as sent. */
export interface SseBlock {
	block: string;
	id?: string;
	event?: string;
	data?: string;
}

/**
 * The blocks of an SSE response body as they arrive (a blank line ends a block, as the EventSource
 * parser of the HTML standard splits them; comments such as `: connected` stay in `block`). Ends with
 * the stream; an abort rejects.
 */
export async function* sseBlocks(body: ReadableStream<Uint8Array> | null): AsyncGenerator<SseBlock> {
	const decoder = new TextDecoder();
	let buf = '';
	for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
		buf += decoder.decode(chunk, { stream: true });
		let i;
		while ((i = buf.indexOf('\n\n')) >= 0) {
			const block = buf.slice(0, i);
			buf = buf.slice(i + 2);
			yield {
				block,
				id: /^id: (.*)$/m.exec(block)?.[1],
				event: /^event: (.*)$/m.exec(block)?.[1],
				data: /^data: (.*)$/m.exec(block)?.[1]
			};
		}
	}
}

/** A GeoJSON square polygon from its south-west corner (x, y) and side, in the same units. */
export const square = (x: number, y: number, side: number) => ({
	type: 'Polygon' as const,
	coordinates: [
		[
			[x, y],
			[x + side, y],
			[x + side, y + side],
			[x, y + side],
			[x, y]
		]
	]
});
