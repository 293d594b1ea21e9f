// Colours on the map in end-to-end tests: a screenshot's pixels, the rendered colour at a coordinate
// (once the map is idle: waitForMapIdle of ./browser), colours compared as people see them (CIE
// L*a*b*, ΔE).
import type pg from 'pg';
import type { Page } from 'playwright-core';

export type MapWindow = { __redgridMap: import('maplibre-gl').Map };
/** sRGB hex or [r, g, b] → CIE L*a*b* (D65), for ΔE (CIE76). */
function lab(c: string | number[]): [number, number, number] {
	const rgb = typeof c === 'string' ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : c;
	const lin = rgb.map((v) => {
		const s = v / 255;
		return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	});
	const xyz = [
		(0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047,
		0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2],
		(0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
	].map((t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 / 116) * t + 16 / 116));
	return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}
/** CIE76 colour difference of two sRGB colours (hex or [r, g, b]). */
export const deltaE = (a: string | number[], b: string | number[]) => {
	const [x, y] = [lab(a), lab(b)];
	return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
};

/**
 * The pixels of a screenshot of `clip` as RGBA bytes, row by row (`width` × `height`), decoded by the
 * page's own canvas (the browser's PNG decoder).
 */
export async function screenshotPixels(
	page: Page,
	clip: { x: number; y: number; width: number; height: number }
): Promise<{ width: number; height: number; data: Uint8Array }> {
	const png = await page.screenshot({ clip });
	const decoded = await page.evaluate(async (b64) => {
		const img = new Image();
		img.src = `data:image/png;base64,${b64}`;
		await img.decode();
		const c = document.createElement('canvas');
		[c.width, c.height] = [img.width, img.height];
		const ctx = c.getContext('2d')!;
		ctx.drawImage(img, 0, 0);
		const bytes = ctx.getImageData(0, 0, img.width, img.height).data;
		let text = '';
		for (let i = 0; i < bytes.length; i += 0x4000)
			text += String.fromCharCode(...bytes.subarray(i, i + 0x4000));
		return { width: img.width, height: img.height, rgba: btoa(text) };
	}, png.toString('base64'));
	return { width: decoded.width, height: decoded.height, data: Buffer.from(decoded.rgba, 'base64') };
}

/** The rendered colour at a map coordinate: the middle pixel of a 3 × 3 screenshot around it. */
export async function pixelAt(page: Page, lon: number, lat: number): Promise<number[]> {
	const pt = await page.evaluate(
		([lon, lat]) => (window as unknown as MapWindow).__redgridMap.project([lon, lat]),
		[lon, lat]
	);
	const box = (await page.getByTestId('map').boundingBox())!;
	const { width, data } = await screenshotPixels(page, {
		x: box.x + pt.x - 1,
		y: box.y + pt.y - 1,
		width: 3,
		height: 3
	});
	const at = (width + 1) * 4;
	return Array.from(data.subarray(at, at + 3));
}

/** A point inside a compound (`where`: a condition on compounds c), at least 8 m from any building and
 * from its edge: there the map shows the compound's own fill. */
export async function openSpot(sql: pg.Client, where: string) {
	const { rows } = await sql.query(
		`SELECT c.id, c.company_id, ST_X(p) AS lon, ST_Y(p) AS lat FROM compounds c
		 CROSS JOIN LATERAL (SELECT ST_PointOnSurface(ST_Difference(
		   ST_Buffer(c.geom::geography, -8)::geometry,
		   coalesce((SELECT ST_Union(ST_Buffer(b.geom::geography, 8)::geometry) FROM buildings b WHERE b.compound_id = c.id), 'POLYGON EMPTY'::geometry)
		 )) AS p) x
		 WHERE ${where} AND c.retired_at IS NULL AND NOT ST_IsEmpty(p) AND ST_Area(c.geom::geography) > 20000
		 ORDER BY ST_Area(c.geom::geography) DESC LIMIT 1`
	);
	return rows[0] as { id: number; company_id: number | null; lon: number; lat: number };
}
