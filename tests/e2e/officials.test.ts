// The official's day in Chromium: party status on the map (the colour of an uncovered company's
// compound is the legend's, a class hides), a compound's panel leads to its company whose compounds
// are all highlighted, figures outside one's area are not shown as totals, the dashboard's view is
// in the URL (Back, reload, live events), and the weekly briefing prints on at most 4 A4 pages.
import { describe, expect, it } from 'vitest';
import { baseUrl, signIn, waitForMapIdle } from '../setup/browser';
import { e2eFile } from '../setup/e2e';
import { deltaE, openSpot, pixelAt, type MapWindow } from '../setup/map-pixels';
import { PARTY_STATUS_COLORS } from '../../src/lib/map/style';

const e2e = e2eFile({ db: true });

describe('party status on the map', () => {
	it("draws an uncovered company's compound in the legend's colour, and hides the class on request", async () => {
		const none = await openSpot(
			e2e.sql,
			`c.company_id IN (SELECT company_id FROM company_party_status WHERE party_status = 'none')`
		);
		const plain = await openSpot(e2e.sql, 'c.company_id IS NULL');
		const page = await e2e.signedInPage('official', { viewport: { width: 1200, height: 800 } });
		const open = async (p: { lon: number; lat: number }, extra = '') => {
			await page.goto(
				`${baseUrl()}/map?at=${p.lon},${p.lat},14&layers=areas,compounds,buildings,companies${extra}`
			);
			await waitForMapIdle(page);
			return pixelAt(page, p.lon, p.lat);
		};
		// the swatch is the style's colour, not one changed to match
		const swatch = await (async () => {
			await page.goto(`${baseUrl()}/map?layers=companies`);
			const el = page.locator('[data-swatch=none]');
			await el.waitFor();
			return el.evaluate((e) => getComputedStyle(e).backgroundColor);
		})();
		const rgb = [1, 3, 5].map((k) => parseInt(PARTY_STATUS_COLORS.none.slice(k, k + 2), 16));
		expect(swatch).toBe(`rgb(${rgb.join(', ')})`);
		const uncovered = await open(none);
		const ordinary = await open(plain);
		expect(deltaE(uncovered, PARTY_STATUS_COLORS.none)).toBeLessThan(10);
		expect(deltaE(uncovered, ordinary)).toBeGreaterThanOrEqual(15);
		// hiding the class: the compound is drawn as an ordinary one again
		const hidden = await open(none, '&classes=own,joint,instructor');
		expect(deltaE(hidden, PARTY_STATUS_COLORS.none)).toBeGreaterThanOrEqual(15);
		expect(deltaE(hidden, ordinary)).toBeLessThan(10);
		// each class has a checkbox and a count (the official's area is the city)
		const counts = await (await page.request.get(`${baseUrl()}/api/companies`)).json();
		expect(await page.locator('[data-class=none] .count').textContent()).toBe(String(counts.classes.none));
		await page.close();
	}, 240_000);

	it("links a compound's company, whose compounds are all highlighted when followed", async () => {
		const { rows } = await e2e.sql.query(
			`SELECT c.id, c.company_id, ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat,
			   (SELECT count(DISTINCT id)::int FROM compounds x WHERE x.company_id = c.company_id AND x.retired_at IS NULL) AS n
			 FROM compounds c WHERE c.company_id IS NOT NULL AND c.retired_at IS NULL ORDER BY n DESC, c.id LIMIT 1`
		);
		const c = rows[0];
		const page = await e2e.signedInPage('official', { viewport: { width: 1200, height: 800 } });
		await page.goto(`${baseUrl()}/map?at=${c.lon},${c.lat},16&layers=compounds&sel=compounds:${c.id}`);
		await page.getByTestId('feature-links').waitFor();
		await page.locator('[data-link=company] button').click();
		await page.waitForFunction(() => location.search.includes('sel=companies:'));
		await waitForMapIdle(page);
		// the company's details (with its compounds) arrive after the URL changes: wait for them to draw
		const shown = () =>
			page.evaluate(
				() =>
					new Set(
						(window as unknown as MapWindow).__redgridMap
							.queryRenderedFeatures({ layers: ['selected-compounds'] })
							.map((f) => f.id)
					).size
			);
		await expect.poll(shown, { timeout: 30_000 }).toBe(c.n);
		await page.close();
	});
});

describe('figures one can trust', () => {
	it("shows jizhou no figure for 青原区 that differs from the city official's", async () => {
		const { rows } = await e2e.sql.query(`SELECT id FROM areas WHERE name = '青原区'`);
		const read = async (user: string) => {
			const page = await e2e.browser.newPage();
			await signIn(page, user);
			const d = await (await page.request.get(`${baseUrl()}/api/features/areas/${rows[0].id}`)).json();
			await page.close();
			return d as { scope: string; fields: [string, unknown][] };
		};
		const [jz, city] = [await read('jizhou'), await read('official')];
		expect(jz.scope).toBe('outside');
		const f = Object.fromEntries(jz.fields);
		const g = Object.fromEntries(city.fields);
		for (const k of ['openTickets', 'overdueTickets']) expect(f[k] === null || f[k] === g[k]).toBe(true);
		expect(f.openTickets).toBeNull();
	});
});

describe('dashboard view in the URL', () => {
	it('goes back one level after three drill-downs, keeps the view on reload, also with live events', async () => {
		const page = await e2e.signedInPage('official', { viewport: { width: 1366, height: 768 } });
		await page.goto(`${baseUrl()}/dashboard`);
		const name = () => page.getByTestId('area-name').textContent();
		const drill = async () => {
			const before = await name();
			await page.getByTestId('ranking').locator('tbody tr button').first().click();
			await page.waitForFunction(
				(b) => document.querySelector('[data-testid=area-name]')?.textContent !== b,
				before
			);
			return name();
		};
		await page.getByTestId('ranking').waitFor();
		// live ticket events arrive throughout: tickets filed through the API
		let n = 0;
		const live = setInterval(() => {
			void page.request
				.post(`${baseUrl()}/api/tickets`, {
					data: { category: 'water', description: `实时事件 ${++n}`, lon: 114.98, lat: 27.11 }
				})
				.catch(() => {});
		}, 400);
		try {
			const district = await drill();
			const street = await drill();
			const community = await drill();
			expect(new Set([district, street, community]).size).toBe(3);
			await page.goBack();
			await page.waitForFunction(
				(s) => document.querySelector('[data-testid=area-name]')?.textContent === s,
				street
			);
			await page.waitForTimeout(2500); // live refreshes arrive meanwhile
			expect(await name()).toBe(street);
			await page.getByRole('tab', { name: '党组织覆盖' }).click();
			await page.waitForFunction(() => location.search.includes('tab=party'));
			await page.reload();
			await page.getByTestId('area-name').waitFor();
			expect(await name()).toBe(street);
			expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('党组织覆盖');
		} finally {
			clearInterval(live);
		}
		expect(n).toBeGreaterThan(2);
		await page.close();
	});
});

describe('weekly briefing', () => {
	it('prints 吉州区 on at most 4 A4 pages naming the area and the dates, without horizontal overflow', async () => {
		const { rows } = await e2e.sql.query(`SELECT id FROM areas WHERE name = '吉州区'`);
		const page = await e2e.signedInPage('official');
		await page.goto(`${baseUrl()}/dashboard/briefing?area=${rows[0].id}`);
		await page.getByTestId('briefing-title').waitFor();
		expect(await page.getByTestId('briefing-title').textContent()).toContain('吉州区');
		const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
		expect(await page.getByTestId('briefing-dates').textContent()).toContain(today);
		await page.emulateMedia({ media: 'print' });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
		const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
		expect(pages.length).toBeGreaterThanOrEqual(1);
		expect(pages.length).toBeLessThanOrEqual(4);
		// A4 portrait: 595 × 842 points
		const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
			Math.round(Number(m[1])),
			Math.round(Number(m[2]))
		]);
		expect(boxes.length).toBeGreaterThan(0);
		for (const b of boxes) expect(b).toEqual([595, 842]);
		await page.close();
	});
});
