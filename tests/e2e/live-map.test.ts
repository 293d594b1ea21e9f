// README "Pages" (/map, /tickets), end to end: a ticket filed in one browser appears on another
// browser's map within 2 s, drawn once (the tickets tiles are the only ticket layer).
import { describe, expect, it } from 'vitest';
import { baseUrl } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile({ db: true });

type MapWindow = { __redgridMap: import('maplibre-gl').Map };

describe('live map', () => {
	it('shows a ticket filed in another browser within 2 s, once', async () => {
		const { rows } = await e2e.sql.query(
			`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM compounds WHERE name = '阳明花园') s`
		);
		const { lon, lat } = rows[0];
		const watcher = await e2e.signedInPage('official');
		await watcher.goto(`${baseUrl()}/map?at=${lon},${lat},17&layers=tickets`);
		await watcher.waitForFunction(() => {
			const m = (window as unknown as MapWindow).__redgridMap;
			return m?.loaded() && m.getLayer('tickets-point');
		});
		await watcher.waitForTimeout(1000); // the event stream connects

		const reporter = await e2e.signedInPage('admin');
		const filedAt = Date.now();
		const created = await reporter.evaluate(
			async ([x, y]) => {
				const res = await fetch('/api/tickets', {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ category: 'elevator', description: '电梯停运', lon: x, lat: y })
				});
				return (await res.json()).ticket.id as number;
			},
			[lon, lat]
		);
		await watcher.waitForFunction(
			(id) => {
				const m = (window as unknown as MapWindow).__redgridMap;
				return m.queryRenderedFeatures({ layers: ['tickets-point'] }).some((f) => Number(f.id) === id);
			},
			created,
			{ timeout: 2000, polling: 50 }
		);
		expect(Date.now() - filedAt).toBeLessThan(2500);
		const drawn = await watcher.evaluate(
			(id) =>
				(window as unknown as MapWindow).__redgridMap
					.queryRenderedFeatures({ layers: ['tickets-point'] })
					.filter((f) => Number(f.id) === id).length,
			created
		);
		expect(drawn).toBe(1);
	});
});
