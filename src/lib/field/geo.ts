// Small-distance geometry for the field pages and the patrol rules: metres between lon/lat points.
const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine; good to a few mm at patrol scales). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
	const dLat = rad(b.lat - a.lat);
	const dLon = rad(b.lon - a.lon);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
	return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Lon/lat → local metres around an origin (equirectangular; fine inside one grid cell). */
export function toLocalMetres(
	p: { lon: number; lat: number },
	origin: { lon: number; lat: number }
): { x: number; y: number } {
	return {
		x: rad(p.lon - origin.lon) * R * Math.cos(rad(origin.lat)),
		y: rad(p.lat - origin.lat) * R
	};
}
