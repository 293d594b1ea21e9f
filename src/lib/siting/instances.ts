/**
 * Test and benchmark instances. Pure: parsers take file text (the caller reads the file), and the
 * generator uses a seeded PRNG.
 */
import type { PointInput } from './geo';
import { mulberry32 } from '../random';

/** Swain's 55-node data (`swain.txt`: first line 55, then `id x y population`), planar. */
export function parseSwain(text: string): PointInput[] {
	const lines = text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const n = Number(lines[0]);
	const points: PointInput[] = [];
	for (let i = 1; i <= n; i++) {
		const [id, x, y, w] = lines[i].split(/[\s,]+/).map(Number);
		points.push({ id, x, y, weight: w });
	}
	return points;
}

/** São José dos Campos instances: `SJCn.txt` (n, then `x y` metres) and `demand-SJCn.dat`. */
export function parseSjc(coordinates: string, demand: string): PointInput[] {
	const lines = coordinates
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const weights = demand
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean)
		.map(Number);
	const n = Number(lines[0]);
	const points: PointInput[] = [];
	for (let i = 1; i <= n; i++) {
		const [x, y] = lines[i].split(/\s+/).map(Number);
		points.push({ id: i - 1, x, y, weight: weights[i - 1] });
	}
	return points;
}

/** mulberry32: small, fast, seeded. */
export const seededRandom = mulberry32;

function gaussian(rand: () => number): number {
	const u = Math.max(rand(), 1e-12);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface GeneratedInstance {
	demand: PointInput[];
	candidates: PointInput[];
}

/**
 * A Ji'an-like city: `demandCount` lon/lat demand points (households 20–400) in Gaussian
 * clusters (compounds in neighbourhoods) around the Jizhou city seat, plus a thin uniform
 * scatter, and `candidateCount` candidate sites, half near demand and half uniform over the area.
 */
export function generateCity(
	demandCount: number,
	candidateCount: number,
	seed = 1,
	options: { clusters?: number; halfWidthKm?: number } = {}
): GeneratedInstance {
	const rand = seededRandom(seed);
	const lon0 = 114.99;
	const lat0 = 27.11;
	const halfKm = options.halfWidthKm ?? 6;
	const kmLon = 1 / (111.32 * Math.cos((lat0 * Math.PI) / 180));
	const kmLat = 1 / 110.57;
	const clusters = Array.from({ length: options.clusters ?? 60 }, () => ({
		x: (rand() * 2 - 1) * halfKm,
		y: (rand() * 2 - 1) * halfKm,
		s: 0.15 + rand() * 0.6
	}));
	const demand: PointInput[] = [];
	for (let i = 0; i < demandCount; i++) {
		let x: number;
		let y: number;
		if (rand() < 0.9) {
			const c = clusters[Math.floor(rand() * clusters.length)];
			x = c.x + gaussian(rand) * c.s;
			y = c.y + gaussian(rand) * c.s;
		} else {
			x = (rand() * 2 - 1) * halfKm;
			y = (rand() * 2 - 1) * halfKm;
		}
		demand.push({ id: i, x: lon0 + x * kmLon, y: lat0 + y * kmLat, weight: 20 + Math.floor(rand() * 380) });
	}
	const candidates: PointInput[] = [];
	for (let j = 0; j < candidateCount; j++) {
		let x: number;
		let y: number;
		if (j % 2 === 0) {
			const d = demand[Math.floor(rand() * demand.length)];
			x = (d.x - lon0) / kmLon + gaussian(rand) * 0.3;
			y = (d.y - lat0) / kmLat + gaussian(rand) * 0.3;
		} else {
			x = (rand() * 2 - 1) * halfKm;
			y = (rand() * 2 - 1) * halfKm;
		}
		candidates.push({ id: `c${j}`, x: lon0 + x * kmLon, y: lat0 + y * kmLat });
	}
	return { demand, candidates };
}
