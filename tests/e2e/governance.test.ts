// 三方联动 in the browser: an official records a joint meeting at 城建花苑 with a decision, sees the
// meeting in the compound's map panel and in the community's meeting count, and turns the decision
// into a ticket (linked both ways). The map's owners' committee layer draws each compound in its
// class's legend colour, hides a class, counts as the figures do and outlines the communities with
// no meeting last quarter. Bad input over HTTP: a 4xx naming the field.
import { describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie, signIn, waitForMapIdle } from '../setup/browser';
import { e2eFile } from '../setup/e2e';
import { deltaE, openSpot, pixelAt, type MapWindow } from '../setup/map-pixels';
import { COMMITTEE_COLORS } from '../../src/lib/map/style';

const e2e = e2eFile({ db: true });

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

		const page = await e2e.browser.newPage({ viewport: { width: 1366, height: 768 } });
		page.on('pageerror', (e) => console.log('pageerror:', e.message));
		await signIn(page, 'official');
		page.setDefaultTimeout(25_000);
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
			.filter({ hasText: /已生成工单 GD\d+/ })
			.waitFor();
		const link = page.locator('article.meeting').filter({ hasText: title }).getByTestId('decision-ticket');
		await link.waitFor();
		const code = (await link.textContent())!.trim();
		if (process.env.REDGRID_SHOTS)
			await page.screenshot({ path: `${process.env.REDGRID_SHOTS}/compound-1366.png`, fullPage: false });
		expect(code).toMatch(/^GD\d{15}$/);
		expect(await decision.textContent()).toContain('办理中');
		// the link back: the ticket names the decision
		const ticketId = Number(code.slice(-7)); // GD + Beijing date + the id on 7 digits
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
		if (process.env.REDGRID_SHOTS) {
			await page.screenshot({ path: `${process.env.REDGRID_SHOTS}/area-1366.png` });
			const phone = await e2e.browser.newPage({
				viewport: { width: 390, height: 844 },
				hasTouch: true,
				isMobile: true
			});
			await signIn(phone, 'official');
			await phone.goto(`${baseUrl()}/governance?compound=${cj.id}`);
			await phone.getByTestId('compound-name').waitFor();
			await phone.screenshot({ path: `${process.env.REDGRID_SHOTS}/compound-390.png` });
			await phone.goto(`${baseUrl()}/governance?area=${detail.communityId}`);
			await phone.getByTestId('governance-quarters').waitFor();
			await phone.screenshot({ path: `${process.env.REDGRID_SHOTS}/area-390.png` });
			await phone.close();
		}
		await page.close();
	});
});

describe("the map's owners' committee layer", () => {
	it('draws each class in its legend colour, hides a class, counts as the figures and outlines communities with no meeting', async () => {
		const live = `EXISTS (SELECT 1 FROM owner_committees oc WHERE oc.compound_id = c.id AND oc.retired_at IS NULL`;
		const none = await openSpot(e2e.sql, `NOT ${live})`);
		const active = await openSpot(e2e.sql, `${live} AND oc.term_end >= $$${today()}$$::date)`);
		const page = await e2e.signedInPage('official', { viewport: { width: 1200, height: 800 } });
		const open = async (p: { lon: number; lat: number }, extra = '') => {
			await page.goto(
				`${baseUrl()}/map?at=${p.lon},${p.lat},14&layers=areas,compounds,buildings,committees${extra}`
			);
			await waitForMapIdle(page);
			return pixelAt(page, p.lon, p.lat);
		};
		// the swatches are the style's colours
		await page.goto(`${baseUrl()}/map?layers=committees`);
		for (const c of ['none', 'expired', 'active'] as const) {
			const el = page.locator(`[data-swatch=${c}]`);
			await el.waitFor();
			const rgb = [1, 3, 5].map((k) => parseInt(COMMITTEE_COLORS[c].slice(k, k + 2), 16));
			expect(await el.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(`rgb(${rgb.join(', ')})`);
		}
		const noCommittee = await open(none);
		expect(deltaE(noCommittee, COMMITTEE_COLORS.none)).toBeLessThan(10);
		const inOffice = await open(active);
		expect(deltaE(inOffice, COMMITTEE_COLORS.active)).toBeLessThan(10);
		expect(deltaE(noCommittee, inOffice)).toBeGreaterThanOrEqual(15);
		// hiding the class: the compound without a committee is drawn as before the layer
		const hidden = await open(none, '&committees=expired,active,no_meeting');
		expect(deltaE(hidden, COMMITTEE_COLORS.none)).toBeGreaterThanOrEqual(15);
		expect(await page.locator('[data-committee-class=none] input').isChecked()).toBe(false);

		// the counts beside the legend are the figures of the official's area (the city)
		const cookie = await sessionCookie('official');
		const layer = await get<{ counts: Record<string, number>; noMeeting: number[] }>(
			'/api/governance/map',
			cookie
		);
		const figures = await get<{ area: Record<string, number> }>('/api/governance/figures', cookie);
		expect(layer.counts).toEqual({
			none: figures.area.withoutCommittee,
			expired: figures.area.expired,
			active: figures.area.withCommittee - figures.area.expired,
			no_meeting: figures.area.communitiesWithoutMeeting
		});
		for (const c of ['none', 'expired', 'active', 'no_meeting'])
			expect(await page.locator(`[data-committee-class=${c}] .count`).textContent()).toBe(
				String(layer.counts[c])
			);

		// the communities with no meeting last quarter are outlined, and only they; hidden on request
		expect(layer.noMeeting.length).toBeGreaterThan(0);
		const outlined = async (extra = '') => {
			const { rows } = await e2e.sql.query(
				`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM areas WHERE id = $1`,
				[layer.noMeeting[0]]
			);
			await page.goto(`${baseUrl()}/map?at=${rows[0].lon},${rows[0].lat},12&layers=areas,committees${extra}`);
			await waitForMapIdle(page);
			return page.evaluate(() =>
				(window as unknown as MapWindow).__redgridMap
					.queryRenderedFeatures({ layers: ['committees-gap-line'] })
					.map((f) => Number(f.id))
			);
		};
		const ids = await outlined();
		expect(ids).toContain(layer.noMeeting[0]);
		for (const id of ids) expect(layer.noMeeting).toContain(id);
		expect(await outlined('&committees=none,expired,active')).toEqual([]);

		// a click on a coloured compound opens the compound's own panel
		await open(none);
		const { rows } = await e2e.sql.query('SELECT name FROM compounds WHERE id = $1', [none.id]);
		const pt = await page.evaluate(
			([lon, lat]) => (window as unknown as MapWindow).__redgridMap.project([lon, lat]),
			[none.lon, none.lat]
		);
		const box = (await page.getByTestId('map').boundingBox())!;
		await page.mouse.click(box.x + pt.x, box.y + pt.y);
		await page.waitForFunction((id) => location.search.includes(`sel=compounds:${id}`), none.id);
		expect(await page.getByTestId('feature-name').textContent()).toBe(rows[0].name);
		expect(await page.locator('dd[data-field="ownersCommittee"]').textContent()).toBe('未成立');
		await page.close();
	}, 240_000); // five map views, each drawn to idle
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
