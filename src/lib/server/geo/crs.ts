// Chinese web-map coordinate systems to and from WGS84.
// GCJ-02 (高德, 腾讯): the public "Mars" forward formula; BD-09 (百度): GCJ-02 plus a further
// offset. The inverses are fixed-point iterations of the forward formulas, to a residual of 1e-9°.
// Outside China (the published bounding box) GCJ-02 equals WGS84.

export type LonLat = [number, number];

const A = 6378245.0;
const EE = 0.006693421622965943;
const X_PI = (Math.PI * 3000.0) / 180.0;
const TOLERANCE = 1e-9;
const MAX_STEPS = 30;

export function outOfChina([lon, lat]: LonLat): boolean {
	return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
	let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
	r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
	r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
	r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
	return r;
}

function transformLon(x: number, y: number): number {
	let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
	r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
	r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
	r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
	return r;
}

export function wgs84ToGcj02(p: LonLat): LonLat {
	const [lon, lat] = p;
	if (outOfChina(p)) return [lon, lat];
	let dLat = transformLat(lon - 105.0, lat - 35.0);
	let dLon = transformLon(lon - 105.0, lat - 35.0);
	const radLat = (lat / 180.0) * Math.PI;
	let magic = Math.sin(radLat);
	magic = 1 - EE * magic * magic;
	const sqrtMagic = Math.sqrt(magic);
	dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
	dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
	return [lon + dLon, lat + dLat];
}

export function gcj02ToBd09([lon, lat]: LonLat): LonLat {
	const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
	const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
	return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

export function wgs84ToBd09(p: LonLat): LonLat {
	return gcj02ToBd09(wgs84ToGcj02(p));
}

/** Inverts a forward transform near the identity by fixed-point iteration. */
function invert(forward: (p: LonLat) => LonLat, target: LonLat): LonLat {
	let x: LonLat = [target[0], target[1]];
	for (let i = 0; i < MAX_STEPS; i++) {
		const f = forward(x);
		const dx = f[0] - target[0];
		const dy = f[1] - target[1];
		x = [x[0] - dx, x[1] - dy];
		if (Math.abs(dx) < TOLERANCE && Math.abs(dy) < TOLERANCE) break;
	}
	return x;
}

export function gcj02ToWgs84(p: LonLat): LonLat {
	if (outOfChina(p)) return [p[0], p[1]];
	return invert(wgs84ToGcj02, p);
}

export function bd09ToWgs84(p: LonLat): LonLat {
	return invert(wgs84ToBd09, p);
}

export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export const CRS_NAMES: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

/** The function that takes a coordinate in crs to WGS84. */
export function toWgs84(crs: Crs): (p: LonLat) => LonLat {
	if (crs === 'gcj02') return gcj02ToWgs84;
	if (crs === 'bd09') return bd09ToWgs84;
	return (p) => [p[0], p[1]];
}
