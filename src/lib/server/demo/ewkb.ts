// Geometries for COPY as hexadecimal EWKB, the text form PostGIS reads fastest: its WKT input runs a
// parser over every digit of every coordinate, while hex EWKB is decoded byte by byte. The seed
// writes millions of points, tracks and footprints (patrols' tracks alone hold about 11 million
// coordinates at scale 50), so the form of the text matters to its time.
//
// Format (OGC Simple Features 1.2.1, §8.2 "Well-known Binary", with PostGIS's extension for the SRID,
// doc/ZMSGeoms.txt in the PostGIS source): little-endian throughout; a byte 0x01, a uint32 type
// (1 Point, 2 LineString, 3 Polygon, 6 MultiPolygon) with the flag 0x20000000 when a uint32 SRID
// follows, then the counts (uint32) and the coordinates (float64 x, y). Every double is written
// exactly, so the geometry PostGIS stores is the one a WKT of the same numbers gives (JavaScript
// prints the shortest text that reads back as the same double).
import type { Position } from 'geojson';

const SRID_FLAG = 0x20000000;
const WGS84 = 4326;

/** Bytes of a ring or line's point count and coordinates. */
const pointsBytes = (n: number) => 4 + 16 * n;

class Writer {
	private readonly buf: Buffer;
	private at = 0;
	constructor(size: number) {
		this.buf = Buffer.allocUnsafe(size);
	}
	header(type: number) {
		this.buf.writeUInt8(1, this.at);
		this.buf.writeUInt32LE(type | SRID_FLAG, this.at + 1);
		this.buf.writeUInt32LE(WGS84, this.at + 5);
		this.at += 9;
	}
	plainHeader(type: number) {
		this.buf.writeUInt8(1, this.at);
		this.buf.writeUInt32LE(type, this.at + 1);
		this.at += 5;
	}
	count(n: number) {
		this.buf.writeUInt32LE(n, this.at);
		this.at += 4;
	}
	xy(p: Position) {
		// WKT text of NaN failed in PostGIS; the bytes of NaN would not: refuse it here
		if (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))
			throw new Error(`not a coordinate: [${p.join(', ')}]`);
		this.buf.writeDoubleLE(p[0], this.at);
		this.buf.writeDoubleLE(p[1], this.at + 8);
		this.at += 16;
	}
	points(ps: Position[]) {
		this.count(ps.length);
		for (const p of ps) this.xy(p);
	}
	hex() {
		return this.buf.toString('hex', 0, this.at);
	}
}

/** A WGS84 point as hex EWKB (SRID 4326). */
export function pointEwkb(p: Position): string {
	const w = new Writer(9 + 16);
	w.header(1);
	w.xy(p);
	return w.hex();
}

/** A WGS84 line string (two or more positions) as hex EWKB (SRID 4326). */
export function lineEwkb(ps: Position[]): string {
	const w = new Writer(9 + pointsBytes(ps.length));
	w.header(2);
	w.points(ps);
	return w.hex();
}

/** A WGS84 multipolygon (polygons of closed rings, as GeoJSON) as hex EWKB (SRID 4326). */
export function multiPolygonEwkb(m: Position[][][]): string {
	let size = 9 + 4;
	for (const poly of m) {
		size += 5 + 4;
		for (const ring of poly) size += pointsBytes(ring.length);
	}
	const w = new Writer(size);
	w.header(6);
	w.count(m.length);
	for (const poly of m) {
		w.plainHeader(3);
		w.count(poly.length);
		for (const ring of poly) w.points(ring);
	}
	return w.hex();
}
