// Analysis playback in headless Chromium: from a slider input to the step's data updated in the page
// (the playback cube summed in the browser and handed to the deck.gl overlay), against the old way
// measured in the same run and the same page: one round trip per step (GET /api/analysis/density and
// /api/analysis/hotspots of the step, as the page fetched them before the cube). Frame time (input →
// the map's next rendered frame) is printed separately: SwiftShader draws on the CPU.
//   npm run bench -- playback [--steps 30] [--scale N]
// With REDGRID_BENCH_DATABASE_URL (e.g. the kept scale-40 city) the app is started on that database
// with the simulator off and nothing written to it; otherwise a throwaway city at --scale (default 1).
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import {
	appOnKeptDatabase,
	benchEnv,
	launchBrowser,
	log,
	machine,
	ms,
	percentile,
	signIn,
	sortNum,
	table
} from './lib';
import { config } from '../lib/config';

const { values: args } = parseArgs({
	options: { steps: { type: 'string', default: '30' }, scale: { type: 'string', default: '1' } }
});
const STEPS = Number(args.steps);

/** The app on the kept database (no throwaway cluster), or a throwaway city with the app. */
async function appEnv(): Promise<{ base: string; label: string; dispose(): Promise<void> }> {
	const kept = config.benchDatabaseUrl;
	if (!kept) {
		const env = await benchEnv({ app: true, scale: Number(args.scale) });
		return {
			base: env.app!.base,
			label: `throwaway city at scale ${args.scale}`,
			dispose: () => env.dispose()
		};
	}
	const app = await appOnKeptDatabase(kept);
	return {
		base: app.base,
		label: 'the kept database (REDGRID_BENCH_DATABASE_URL)',
		dispose: () => app.stop()
	};
}

interface Sample {
	data: number;
	frame: number;
	total: number;
	window: string;
}

/** Moves the slider to each position in turn; the times to the data and to the next frame. */
async function slide(page: Page, positions: number[]): Promise<Sample[]> {
	return page.evaluate(async (ks) => {
		type Overlay = { setProps(p: unknown): void };
		type Map = { once(ev: string, fn: () => void): void; triggerRepaint(): void };
		const w = window as unknown as { __analysisMapDeck: Overlay; __analysisMap: Map };
		const overlay = w.__analysisMapDeck;
		const setProps = overlay.setProps.bind(overlay);
		let resolveSet: (() => void) | null = null;
		overlay.setProps = (p: unknown) => {
			setProps(p);
			resolveSet?.();
		};
		const slider = document.querySelector<HTMLInputElement>('input[type=range]')!;
		const out = [];
		for (const k of ks) {
			await new Promise((r) => setTimeout(r, 50)); // let the previous frame settle
			const set = new Promise<void>((r) => (resolveSet = r));
			const t0 = performance.now();
			slider.value = String(k);
			slider.dispatchEvent(new Event('input', { bubbles: true }));
			await set;
			const t1 = performance.now();
			await new Promise<void>((r) => w.__analysisMap.once('render', () => requestAnimationFrame(() => r())));
			const t2 = performance.now();
			out.push({
				data: t1 - t0,
				frame: t2 - t0,
				total: Number(document.querySelector('[data-testid=density-total]')!.textContent),
				window: document.querySelector('[data-testid=window]')!.textContent!
			});
		}
		overlay.setProps = setProps;
		return out;
	}, positions);
}

/** The old way, per step: both requests of the step, parsed (the page drew only after both). */
async function roundTrips(page: Page, windows: string[], category: string) {
	return page.evaluate(
		async ({ ws, cat }) => {
			const out = [];
			for (const win of ws) {
				const [from, to] = win.split(' → ');
				const q = `from=${from}&to=${to}${cat ? `&category=${cat}` : ''}`;
				const t0 = performance.now();
				const [d] = await Promise.all([
					fetch(`/api/analysis/density?zoom=10&${q}`).then((r) => r.json()),
					fetch(`/api/analysis/hotspots?${q}`).then((r) => r.json())
				]);
				out.push({ ms: performance.now() - t0, total: (d as { total: number }).total });
			}
			return out;
		},
		{ ws: windows, cat: category }
	);
}

const env = await appEnv();
const browser = await launchBrowser();
try {
	const cookie = (await signIn(env.base, 'official')).split('=');
	const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	await ctx.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: env.base }]);
	const page = await ctx.newPage();
	page.on('pageerror', (e) => log(`page error: ${e.message}`));
	await page.goto(`${env.base}/analysis`);
	const settled = () =>
		page.waitForFunction(
			() =>
				!document.querySelector('[data-testid=density-loading]') &&
				Number(document.querySelector('[data-testid=density-total]')?.textContent) > 0,
			null,
			{ timeout: 120_000 }
		);
	await settled();
	const rows: (string | number)[][] = [];
	const equal: string[] = [];
	for (const [mode, label, n] of [
		['day', '按日', 60],
		['week', '按周', 26]
	] as const) {
		for (const category of ['', 'water']) {
			await page.getByLabel('类别').selectOption(category);
			const t = Date.now();
			let bytes = 0;
			if (category === '') {
				const cube = page.waitForResponse((r) => r.url().includes('/api/analysis/cube'), {
					timeout: 120_000
				});
				await page.getByLabel(label).check();
				bytes = (await (await cube).body()).length;
			}
			await settled();
			const load = Date.now() - t;
			const positions = Array.from({ length: STEPS }, (_, k) => (n - 1 - k * 7) % n).map((k) => (k + n) % n);
			const got = await slide(page, positions);
			const old = await roundTrips(
				page,
				got.map((g) => g.window),
				category
			);
			got.forEach((g, k) => {
				if (g.total !== old[k].total)
					equal.push(`${mode} ${category} ${g.window}: page ${g.total}, server ${old[k].total}`);
			});
			const data = sortNum(got.map((g) => g.data));
			const frame = sortNum(got.map((g) => g.frame));
			const trip = sortNum(old.map((o) => o.ms));
			rows.push([
				`${mode}${category ? ` · ${category}` : ''}`,
				category === '' ? `${(bytes / 1024).toFixed(0)} KB in ${load} ms` : '(same cube)',
				ms(percentile(data, 50)),
				ms(percentile(data, 95)),
				ms(percentile(trip, 50)),
				ms(percentile(trip, 95)),
				`${(percentile(data, 50) / percentile(trip, 50)).toFixed(3)}×`,
				ms(percentile(frame, 50)),
				ms(percentile(frame, 95))
			]);
			log(`${mode} ${category || 'all'}: ${got.length} steps`);
		}
	}
	table(
		`Analysis playback, ${STEPS} slider steps per row, official (city scope), zoom 10 (${env.label}; ${machine()}; load ${os
			.loadavg()
			.map((x) => x.toFixed(2))
			.join(' ')})`,
		[
			'slider',
			'cube (once)',
			'input → data p50',
			'p95',
			'old round trip per step p50',
			'p95',
			'data / round trip (p50)',
			'input → next frame p50 (SwiftShader)',
			'p95'
		],
		rows
	);
	console.log(
		equal.length
			? `\nMISMATCH between the page and the server:\n${equal.join('\n')}`
			: `\nEvery step's total in the page equals the server's per-step answer (${rows.length * STEPS} steps).`
	);
	if (equal.length) process.exitCode = 1;
	await ctx.close();
} finally {
	await browser.close();
	await env.dispose();
}
