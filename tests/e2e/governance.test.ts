// 三方联动 in the browser: an official records a joint meeting at 城建花苑 with a decision, sees the
// meeting in the compound's map panel and in the community's meeting count, and turns the decision
// into a ticket (linked both ways). Bad input over HTTP: a 4xx naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launch, sessionCookie, signIn } from '../setup/browser';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(async () => {
	await browser?.close();
});

const get = async <T>(path: string, cookie: string): Promise<T> => {
	const res = await fetch(`${baseUrl()}${path}`, { headers: { cookie } });
	if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
	return res.json() as Promise<T>;
};
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
type Fields = { fields: [string, unknown][] };
const field = (d: Fields, k: string) => d.fields.find(([key]) => key === k)?.[1];

describe('a joint meeting at 城建花苑', () => {
	it('is recorded with a decision, shows in the panel and the community count, and the decision becomes a ticket', async () => {
		const official = await sessionCookie('official');
		const hits = await get<{ layer: string; id: number; name: string }[]>(
			`/api/search?q=${encodeURIComponent('城建花苑')}`,
			official
		);
		const cj = hits.find((h) => h.layer === 'compounds' && h.name === '城建花苑')!;
		const detail = await get<{ communityId: number }>(`/api/governance/compounds/${cj.id}`, official);
		const panelBefore = await get<Fields>(`/api/features/compounds/${cj.id}`, official);
		const figuresBefore = await get<{ quarters: { rows: { id: number; counts: number[] }[] } }>(
			`/api/governance/figures?area=${detail.communityId}`,
			official
		);
		const quarterBefore = figuresBefore.quarters.rows[0].counts.at(-1)!;

		const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
		page.on('pageerror', (e) => console.log('pageerror:', e.message));
		await signIn(page, 'official');
		await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '三方联动' }).click();
		await page.waitForURL(/\/governance/);
		await page.goto(`${baseUrl()}/governance?compound=${cj.id}`);
		expect(await page.getByTestId('compound-name').textContent()).toBe('城建花苑');

		// record the meeting: the form starts with the compound, its community, today and "held"
		await page.getByTestId('record-meeting').click();
		const form = page.locator('form.entity-form[data-entity="meetings"]');
		await expect.poll(() => form.locator('[name=heldOn]').inputValue()).toBe(today());
		const title = `城建花苑三方联席会议（端到端 ${Date.now()}）`;
		await form.locator('[name=title]').fill(title);
		await form.locator('[name=topics]').fill('地下车库照明与消防通道');
		await form.locator('[name=communityAttendees]').fill('2');
		await form.locator('[name=committeeAttendees]').fill('3');
		await form.locator('[name=companyAttendees]').fill('1');
		await form.locator('button[type=submit]').click();
		const meeting = page.locator('article.meeting').filter({ hasText: title });
		await meeting.waitFor();

		// a decision with its owner and due date
		await meeting.getByRole('button', { name: '添加会议决定' }).click();
		const dform = meeting.locator('form.entity-form[data-entity="decisions"]');
		await dform.locator('[name=content]').fill('两周内修复地下车库照明');
		await dform.locator('[name=owner]').fill('城建物业服务中心');
		await dform.locator('[name=dueOn]').fill(today());
		await dform.locator('button[type=submit]').click();
		const decision = page.locator('article.meeting').filter({ hasText: title }).locator('li[data-decision]');
		await decision.waitFor();
		expect(await decision.textContent()).toContain('两周内修复地下车库照明');

		// turned into a ticket: the decision shows the ticket and is in progress
		await decision.getByRole('button', { name: '转为工单' }).click();
		await page
			.getByRole('status')
			.filter({ hasText: /已生成工单 RG\d+/ })
			.waitFor();
		const link = page.locator('article.meeting').filter({ hasText: title }).getByTestId('decision-ticket');
		await link.waitFor();
		const code = (await link.textContent())!.trim();
		expect(code).toMatch(/^RG\d+$/);
		expect(await decision.textContent()).toContain('办理中');
		// the link back: the ticket names the decision
		const ticketId = Number(code.slice(2));
		const back = await get<{ content: string }[]>(`/api/governance/tickets/${ticketId}/decisions`, official);
		expect(back.map((d) => d.content)).toEqual(['两周内修复地下车库照明']);

		// the compound's panel on the map: the meeting of today, one more this quarter, one more open decision
		await page.goto(`${baseUrl()}/map?sel=compounds:${cj.id}`);
		await page.getByTestId('feature-name').waitFor();
		const dd = (k: string) => page.locator(`dd[data-field="${k}"]`);
		await dd('lastMeeting').waitFor();
		expect(await dd('lastMeeting').textContent()).toBe(today());
		expect(await dd('ownersCommittee').textContent()).toBe('在任');
		expect(Number(await dd('meetingsThisQuarter').textContent())).toBe(
			Number(field(panelBefore, 'meetingsThisQuarter')) + 1
		);
		expect(Number(await dd('openDecisions').textContent())).toBe(
			Number(field(panelBefore, 'openDecisions')) + 1
		);

		// the community's count of meetings this quarter
		await page.goto(`${baseUrl()}/governance?area=${detail.communityId}`);
		const quarters = page.getByTestId('governance-quarters');
		await quarters.waitFor();
		const lastCell = quarters.locator('tbody tr').first().locator('td').last();
		expect(Number(await lastCell.textContent())).toBe(quarterBefore + 1);
		await page.close();
	});
});

describe('bad input over HTTP', () => {
	it('answers 4xx naming the field and writes nothing', async () => {
		const official = await sessionCookie('official');
		const post = (path: string, body: unknown) =>
			fetch(`${baseUrl()}${path}`, {
				method: 'POST',
				headers: { cookie: official, 'content-type': 'application/json', origin: baseUrl() },
				body: JSON.stringify(body)
			});
		const [m] = await get<{ id: number }[]>('/api/edit/meetings?limit=1', official);
		const noOwner = await post('/api/edit/decisions', {
			meetingId: m.id,
			content: '无人负责',
			dueOn: '2026-12-01'
		});
		expect(noOwner.status).toBe(400);
		expect((await noOwner.json()).field).toBe('owner');
		const before = await get<unknown[]>('/api/edit/decisions?q=无人负责', official);
		expect(before).toEqual([]);
		const [c] = await get<{ id: number }[]>('/api/edit/owner-committees?limit=1', official);
		const term = await post('/api/edit/owner-committees', {
			compoundId: (await get<{ compoundId: number }>(`/api/edit/owner-committees/${c.id}`, official))
				.compoundId,
			termStart: '2026-06-01',
			termEnd: '2026-01-01'
		});
		expect(term.status).toBe(400);
		expect((await term.json()).field).toBe('termEnd');
	});
});
