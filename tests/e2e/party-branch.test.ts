// An official records a company's new party branch in /edit, and the company's compound changes
// colour on the map (the companies tile layer carries the party status), and the coverage figure
// changes in the API (as of today and its month-end series) and on the dashboard's party tab.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PARTY_STATUS_COLORS } from '../../src/lib/map/style';
import { baseUrl, sessionCookie, signIn, waitForMapIdle } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile({ db: true });

interface Coverage {
	at: string;
	total: { companies: number; own: number; joint: number; none: number; companyCoverage: number };
}
interface Monthly {
	months: { date: string; own: number; joint: number; companies: number; companyCoverage: number }[];
}

const getJson = async <T>(path: string, cookie: string): Promise<T> => {
	const res = await fetch(`${baseUrl()}${path}`, { headers: { cookie } });
	expect(res.status, path).toBe(200);
	return (await res.json()) as T;
};

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The companies-layer feature drawn at (lon, lat) for the company: its status and its fill colour. */
async function drawnCompany(page: Page, lon: number, lat: number, companyId: number) {
	await page.goto(`${baseUrl()}/map?at=${lon},${lat},16&layers=companies`);
	await waitForMapIdle(page);
	return page.evaluate(
		([lon, lat, companyId]) => {
			const m = (window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap;
			const f = m
				.queryRenderedFeatures(m.project([lon, lat]), { layers: ['companies-fill'] })
				.find((x) => Number(x.properties.company_id) === companyId);
			if (!f) return null;
			const c = f.layer.paint?.['fill-color' as keyof typeof f.layer.paint] as unknown;
			const hex = (v: number) =>
				Math.round(v * 255)
					.toString(16)
					.padStart(2, '0');
			const rgb = c as { r: number; g: number; b: number } | string | null;
			const colour =
				rgb && typeof rgb === 'object' ? `#${hex(rgb.r)}${hex(rgb.g)}${hex(rgb.b)}` : String(rgb);
			return { status: f.properties.party_status as string, colour };
		},
		[lon, lat, companyId] as const
	);
}

describe('an official marks a new party branch', () => {
	it("changes the company's colour on the map and the coverage figure", async () => {
		const official = await sessionCookie('official');
		// a company without a party organization, at its largest live compound
		const { rows } = await e2e.sql.query(
			`SELECT pc.id, pc.name, c.community_id, ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat
			 FROM company_party_status s JOIN property_companies pc ON pc.id = s.company_id AND pc.retired_at IS NULL
			 JOIN compounds c ON c.company_id = pc.id AND c.retired_at IS NULL
			 WHERE s.party_status = 'none' ORDER BY c.households DESC, c.id LIMIT 1`
		);
		const co = rows[0] as { id: number; name: string; community_id: number; lon: number; lat: number };
		expect(co).toBeDefined();
		const before = await getJson<Coverage>('/api/coverage/party', official);
		const monthsBefore = await getJson<Monthly>('/api/coverage/party/monthly?months=12', official);

		const page = await e2e.browser.newPage({ viewport: { width: 1000, height: 700 } });
		page.on('pageerror', (e) => console.log('pageerror:', e.message));
		await signIn(page, 'official');
		expect(await drawnCompany(page, co.lon, co.lat, co.id)).toEqual({
			status: 'none',
			colour: PARTY_STATUS_COLORS.none
		});

		// /edit: a new party organization of kind branch covering the company, founded today
		await page.goto(`${baseUrl()}/edit/party-orgs/new`);
		const form = page.locator('form.entity-form');
		await form.locator('[name=name]').fill(`中共${co.name}支部委员会`);
		await form.locator('select[name=kind]').selectOption('branch');
		await form.locator('[name=areaId]').fill(String(co.community_id));
		await form.locator('[name=companyIds]').fill(String(co.id));
		await form.locator('[name=members]').fill('3');
		await form.locator('[name=foundedOn]').fill(before.at);
		await form.locator('button[type=submit]').click();
		await page.waitForURL(/\/edit\/party-orgs\/\d+$/);
		const orgId = Number(page.url().split('/').pop());
		const link = await e2e.sql.query(
			'SELECT start_on::text AS start, end_on FROM party_org_companies WHERE org_id = $1 AND company_id = $2',
			[orgId, co.id]
		);
		expect(link.rows).toEqual([{ start: before.at, end_on: null }]);

		// the map draws the compound in the own-branch colour
		expect(await drawnCompany(page, co.lon, co.lat, co.id)).toEqual({
			status: 'own',
			colour: PARTY_STATUS_COLORS.own
		});

		// the coverage figure: one more company with its own branch, one fewer without
		const after = await getJson<Coverage>('/api/coverage/party', official);
		expect(after.total.companies).toBe(before.total.companies);
		expect(after.total.own).toBe(before.total.own + 1);
		expect(after.total.none).toBe(before.total.none - 1);
		const rate =
			Math.round(((after.total.own + after.total.joint) / after.total.companies) * 10_000) / 10_000;
		expect(after.total.companyCoverage).toBe(rate);
		expect(after.total.companyCoverage).toBeGreaterThan(before.total.companyCoverage);
		// as of yesterday nothing changed; today's month-end point moved, last month's did not
		const yesterday = new Date(Date.parse(`${before.at}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
		const then = await getJson<Coverage>(`/api/coverage/party?at=${yesterday}`, official);
		expect(then.total.own).toBe(after.total.own - 1);
		const monthsAfter = await getJson<Monthly>('/api/coverage/party/monthly?months=12', official);
		expect(monthsAfter.months.at(-1)!.date).toBe(before.at);
		expect(monthsAfter.months.at(-1)!.companyCoverage).toBe(rate);
		expect(monthsAfter.months.at(-2)).toEqual(monthsBefore.months.at(-2));

		// the dashboard's party tab shows the new figure, in its summary and its month-end table
		await page.goto(`${baseUrl()}/dashboard`);
		await page.getByRole('tab', { name: '党组织覆盖' }).click();
		const monthly = page.getByTestId('party-monthly');
		await monthly.waitFor();
		expect(await monthly.locator('tbody tr').count()).toBe(12);
		const last = monthly.locator('tbody tr').last();
		expect(await last.textContent()).toContain(before.at);
		expect(await last.textContent()).toContain(pct(rate));
		expect(await page.getByText(/有党组织的物业企业占/).textContent()).toContain(pct(rate));
		expect(await page.getByText('各月末企业党组织覆盖率（近 12 个月）').count()).toBe(1);
		await page.close();
	});
});
