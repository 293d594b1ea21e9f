import { describe, expect, it } from 'vitest';
import { parseTileAddress, tileAt } from './coords';

// the tile's edges by the inverse of the slippy-map formula
const lonOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const latOf = (y: number, z: number) =>
	(Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

describe('tileAt', () => {
	it('gives the tile whose edges hold the point, at every zoom', () => {
		let seed = 42;
		const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let i = 0; i < 500; i++) {
			const lon = -179.9 + rnd() * 359.8;
			const lat = -85 + rnd() * 170;
			const z = Math.floor(rnd() * 23);
			const t = tileAt(lon, lat, z);
			expect(t.z).toBe(z);
			expect(lonOf(t.x, z)).toBeLessThanOrEqual(lon);
			expect(lonOf(t.x + 1, z)).toBeGreaterThan(lon);
			expect(latOf(t.y, z)).toBeGreaterThanOrEqual(lat);
			expect(latOf(t.y + 1, z)).toBeLessThan(lat);
			// and the address is one the tile route accepts
			expect(parseTileAddress({ layer: 'areas', z: `${z}`, x: `${t.x}`, y: `${t.y}` }).ok).toBe(true);
		}
	});
});
