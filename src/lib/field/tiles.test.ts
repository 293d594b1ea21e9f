import { describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX, padBbox, tilesForBbox } from './tiles';

describe('tile grid', () => {
	it('puts known places in their OSM tiles', () => {
		// Berlin's Brandenburger Tor at z17 is tile 70406/42987 (OSM wiki example area)
		expect(lonToTileX(13.37771, 17)).toBe(70406);
		expect(latToTileY(52.51628, 17)).toBe(42987);
		// the whole world is one tile at z0; the antimeridian starts column 0
		expect(lonToTileX(-180, 0)).toBe(0);
		expect(latToTileY(0, 1)).toBe(1);
		expect(latToTileY(10, 1)).toBe(0);
	});

	it('lists every tile of a box, low zooms first, and the count grows four-fold per zoom', () => {
		// about 1 km around the centre of Ji'an
		const box = padBbox([114.985, 27.11, 114.985, 27.11], 500);
		const tiles = tilesForBbox(box, 14, 17);
		expect(tiles[0].z).toBe(14);
		expect(tiles.at(-1)!.z).toBe(17);
		const per = (z: number) => tiles.filter((t) => t.z === z).length;
		// 1 km is ≈ 3.3 tiles at z17 (≈ 305 m each at this latitude): 4×4 or 5×5 with the edges
		expect(per(17)).toBeGreaterThanOrEqual(16);
		expect(per(17)).toBeLessThanOrEqual(25);
		expect(per(14)).toBeLessThanOrEqual(4);
		// no tile twice, and every one inside the box's rows and columns
		expect(new Set(tiles.map((t) => `${t.z}/${t.x}/${t.y}`)).size).toBe(tiles.length);
		for (const t of tiles.filter((t) => t.z === 16)) {
			expect(t.x).toBeGreaterThanOrEqual(lonToTileX(box[0], 16));
			expect(t.x).toBeLessThanOrEqual(lonToTileX(box[2], 16));
			expect(t.y).toBeGreaterThanOrEqual(latToTileY(box[3], 16));
			expect(t.y).toBeLessThanOrEqual(latToTileY(box[1], 16));
		}
	});

	it('grows a box by metres on each side', () => {
		const b = padBbox([115, 27, 115, 27], 1000);
		expect((b[3] - b[1]) * 111_320).toBeCloseTo(2000, 0);
		expect(b[0]).toBeLessThan(115);
		expect(b[2]).toBeGreaterThan(115);
	});
});
