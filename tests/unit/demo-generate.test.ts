// The demo city generator: reproducible, believable in its named facts, and strict about its options.
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as turf from '@turf/turf';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isValidCreditCode } from '../../src/lib/server/demo/credit-code';
import { districtsFromBoundaries } from '../../src/lib/server/demo/districts';
import { generateCity, type City } from '../../src/lib/server/demo/generate';
import { seedDemo } from '../../src/lib/server/demo/load';
import { mulberry32 } from '../../src/lib/server/demo/random';

const NOW = Date.UTC(2025, 5, 1, 4, 0);
const digest = (c: City) => createHash('sha256').update(JSON.stringify(c)).digest('hex');

/** A pool that fails the test if anything touches it. */
const untouchable = new Proxy(
	{},
	{
		get: (_, k) =>
			k === 'then'
				? undefined
				: () => {
						throw new Error(`database touched (${String(k)})`);
					}
	}
) as pg.Pool;

describe('mulberry32', () => {
	it('is reproducible and uniform enough', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		let sum = 0;
		for (let i = 0; i < 10_000; i++) {
			const x = a();
			expect(x).toBe(b());
			expect(x).toBeGreaterThanOrEqual(0);
			expect(x).toBeLessThan(1);
			sum += x;
		}
		expect(sum / 10_000).toBeCloseTo(0.5, 1);
	});
});

describe('generateCity', { timeout: 60_000 }, () => {
	const city = generateCity({ now: NOW });

	it('gives the same city for the same seed, another for another seed', () => {
		expect(digest(generateCity({ now: NOW }))).toBe(digest(city));
		const other = generateCity({ seed: 7, now: NOW });
		expect(digest(other)).not.toBe(digest(city));
		expect(
			other.tickets[0].reporter_name === city.tickets[0].reporter_name &&
				other.buildings.length === city.buildings.length
		).toBe(false);
	}, 60_000);

	it('has the 13 districts of 吉安市, 吉州区 of a believable size', () => {
		const districts = city.areas.filter((a) => a.level === 'district');
		expect(districts.map((d) => d.code).sort()).toEqual([
			'360802',
			'360803',
			'360821',
			'360822',
			'360823',
			'360824',
			'360825',
			'360826',
			'360827',
			'360828',
			'360829',
			'360830',
			'360881'
		]);
		const jizhou = districts.find((d) => d.name === '吉州区')!;
		const km2 = turf.area(turf.multiPolygon(jizhou.geom)) / 1e6;
		expect(km2).toBeGreaterThan(350);
		expect(km2).toBeLessThan(500);
		for (const d of districts.filter((x) => x !== jizhou))
			expect(turf.area(turf.multiPolygon(d.geom)) / 1e6).toBeGreaterThan(km2);
		const streets = city.areas
			.filter((a) => a.level === 'street' && a.parent_id === jizhou.id)
			.map((s) => s.name);
		for (const s of [
			'古南街道',
			'白塘街道',
			'永叔街道',
			'文山街道',
			'习溪桥街道',
			'北门街道',
			'禾埠街道',
			'兴桥镇',
			'樟山镇',
			'长塘镇'
		])
			expect(streets).toContain(s);
	});

	it('has the named compounds and consistent households', () => {
		const cj = city.compounds.find((c) => c.name === '城建花苑')!;
		expect(Math.abs(cj.households - 1000)).toBeLessThan(50);
		const community = city.areas.find((a) => a.id === cj.community_id)!;
		expect(community.name).toBe('桃树下社区');
		expect(city.areas.find((a) => a.id === community.parent_id)!.name).toBe('古南街道');
		expect(city.property_companies.find((c) => c.id === cj.company_id)!.name).toBe('吉安市锦华物业有限公司');
		const ym = city.compounds.find((c) => c.name === '阳明花园')!;
		expect(ym.households).toBe(1714);
		expect(ym.population).toBe(5400);
		expect(
			city.facilities.some((f) => f.type === 'red_station' && f.compound_id === ym.id && f.floor_area === 200)
		).toBe(true);
		const byCompound = new Map<number, number>();
		for (const b of city.buildings)
			byCompound.set(b.compound_id, (byCompound.get(b.compound_id) ?? 0) + b.households);
		for (const c of city.compounds) expect(byCompound.get(c.id)).toBe(c.households);
		for (const b of city.buildings) {
			expect(b.floors).toBeGreaterThanOrEqual(2);
			expect(b.floors).toBeLessThanOrEqual(33);
		}
		const communities = city.areas.filter((a) => a.level === 'community');
		const typical = communities.filter((c) => c.households >= 1000 && c.households <= 5000).length;
		expect(typical / communities.length).toBeGreaterThan(0.8);
	});

	it('has valid credit codes and 43 companies with a party organization', () => {
		for (const c of city.property_companies) expect(isValidCreditCode(c.credit_code)).toBe(true);
		const covered = new Set(city.party_org_companies.map((p) => p.company_id));
		expect(covered.size).toBe(43);
		const share = covered.size / city.property_companies.length;
		expect(share).toBeGreaterThan(0.6);
		expect(share).toBeLessThan(0.85);
		expect(city.cross_appointments.filter((c) => c.direction === 'committee_to_company')).toHaveLength(37);
		const kinds = new Set(city.facilities.map((f) => f.type));
		expect(kinds.size).toBe(10);
	});

	it('has a year of tickets with consistent times', () => {
		expect(city.tickets.length).toBeGreaterThan(20_000);
		expect(city.tickets.length).toBeLessThan(40_000);
		const events = new Map<number, number[]>();
		for (const e of city.ticket_events) {
			const list = events.get(e.ticket_id) ?? [];
			list.push(e.at);
			events.set(e.ticket_id, list);
		}
		for (const t of city.tickets) {
			expect(t.created_at).toBeLessThanOrEqual(NOW);
			expect(t.created_at).toBeGreaterThan(NOW - 367 * 86_400_000);
			expect(t.accept_due_at - t.created_at).toBe(2 * 3_600_000);
			const at = events.get(t.id)!;
			expect(at[0]).toBe(t.created_at);
			for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThanOrEqual(at[i - 1]);
			if (t.closed_at) expect(t.closed_at).toBeGreaterThanOrEqual(t.resolved_at!);
		}
		const open = city.tickets.filter((t) => !['resolved', 'closed', 'rejected'].includes(t.status));
		expect(open.length).toBeGreaterThan(0);
		expect(city.tickets.some((t) => t.resolved_at && t.resolved_at > t.due_at)).toBe(true);
	});

	it('scales compounds, buildings and tickets', () => {
		const three = generateCity({ scale: 3, now: NOW });
		expect(three.buildings.length).toBeGreaterThan(2.5 * city.buildings.length);
		expect(three.tickets.length).toBeGreaterThan(2.5 * city.tickets.length);
		expect(city.buildings.length * 50).toBeGreaterThan(200_000);
		expect(city.tickets.length * 50).toBeGreaterThan(1_000_000);
	}, 30_000);
});

describe('options and boundary files', () => {
	it('rejects a bad scale or seed with a message naming it', () => {
		for (const scale of [0, -1, 1.5, 51, Number.NaN])
			expect(() => generateCity({ scale })).toThrow(/scale must be a positive integer/);
		expect(() => generateCity({ seed: 1.5 })).toThrow(/seed must be an integer/);
	});

	it('rejects malformed boundaries', () => {
		expect(() => districtsFromBoundaries({ type: 'Feature' }, 'wgs84')).toThrow(
			/not a GeoJSON FeatureCollection/
		);
		expect(() =>
			districtsFromBoundaries({ type: 'FeatureCollection', features: [turf.point([115, 27])] }, 'wgs84')
		).toThrow(/no Polygon or MultiPolygon features/);
		const square = turf.polygon(
			[
				[
					[114.9, 27.1],
					[115, 27.1],
					[115, 27.2],
					[114.9, 27.2],
					[114.9, 27.1]
				]
			],
			{ adcode: 360802, name: '吉州区' }
		);
		expect(() =>
			districtsFromBoundaries({ type: 'FeatureCollection', features: [square] }, 'mars' as 'wgs84')
		).toThrow(/unknown crs 'mars'/);
		const noCode = turf.polygon(square.geometry.coordinates, { name: 'x' });
		expect(() => districtsFromBoundaries({ type: 'FeatureCollection', features: [noCode] }, 'wgs84')).toThrow(
			/adcode/
		);
		const other = turf.polygon(square.geometry.coordinates, { adcode: 360803, name: '青原区' });
		expect(() => districtsFromBoundaries({ type: 'FeatureCollection', features: [other] }, 'wgs84')).toThrow(
			/360802/
		);
		expect(districtsFromBoundaries({ type: 'FeatureCollection', features: [square] }, 'wgs84')).toHaveLength(
			1
		);
	});

	it('refuses bad seed options before touching the database', async () => {
		const dir = await mkdtemp(path.join(tmpdir(), 'demo-'));
		const broken = path.join(dir, 'broken.json');
		await writeFile(broken, '{"type": "FeatureCollection", "features": [');
		const points = path.join(dir, 'points.json');
		await writeFile(points, JSON.stringify(turf.featureCollection([turf.point([115, 27.1])])));
		await expect(seedDemo(untouchable, { scale: 0 })).rejects.toThrow(/scale must be a positive integer/);
		await expect(seedDemo(untouchable, { scale: 51 })).rejects.toThrow(/scale/);
		await expect(seedDemo(untouchable, { crs: 'utm' as 'wgs84' })).rejects.toThrow(/unknown crs 'utm'/);
		await expect(
			seedDemo(untouchable, { boundariesFile: path.join(dir, 'missing.json'), crs: 'wgs84' })
		).rejects.toThrow(/cannot read boundaries file .*missing\.json/);
		await expect(seedDemo(untouchable, { boundariesFile: broken, crs: 'wgs84' })).rejects.toThrow(
			/broken\.json is not valid JSON/
		);
		await expect(seedDemo(untouchable, { boundariesFile: points, crs: 'wgs84' })).rejects.toThrow(
			/no Polygon or MultiPolygon features/
		);
		await expect(seedDemo(untouchable, { boundariesFile: points })).rejects.toThrow(/say which CRS/);
	});
});
