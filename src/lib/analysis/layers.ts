// Analysis layers for any MapLibre map: ticket density (hexagon bins: flat and coloured by count below
// the hexagon zoom, 3D by count and coloured by overdue share from it), repeat hotspots, and one
// coverage-gap layer at a time. All from aggregated API answers (PostGIS bins), never raw tickets.
// Mount with mountAnalysisLayers(map) after the style has loaded; the caller keeps the handle to change
// filters, draws densityDeckLayers() in the map's deck.gl overlay, and removes the layers.
//
// Density comes from one playback cube per window, status filter and zoom band ($lib/analysis/cube,
// GET /api/analysis/cube): the time slider, the play button and the category filter re-aggregate it in
// the browser, so a step waits for no round trip.
//
// Which layers are drawn where, and why:
// - density hexagons: deck.gl (PolygonLayer). Their data change at every step of a playback; deck.gl
//   keeps the hexagons' geometry on the GPU and updates only two attributes (elevation, colour) from
//   the step's counts (updateTriggers), where MapLibre would need a new GeoJSON (setData) per step,
//   parsed and tiled again in its worker before anything is drawn. Flat below HEX_ZOOM − 1, extruded
//   from it. They replace MapLibre's heatmap of bin centres (which also took a new GeoJSON per step):
//   the bins' own colours show the same density without blurring the counts.
// - hotspots and coverage gaps: MapLibre. They change only when a step settles or a layer is chosen,
//   are a few hundred features with per-feature styling, and stay in the map's own stacking order.
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';
import { getBytes, getJson } from '$lib/api';
import type { DeckLib } from '$lib/map/MapView.svelte';
import { aggregate, cubeZoom, decodeCube, hexRing, type Cube, type Frame } from './cube';

export interface DensityFilter {
	category?: string[];
	status?: string[];
	/** the step shown: [from, to) as Beijing dates (YYYY-MM-DD) */
	from: string;
	to: string;
	/** the whole window of the slider (the cube loaded once): [from, to) as Beijing dates */
	span: { from: string; to: string };
}

export type GapKind = 'party' | 'facilities' | 'stewards' | 'patrol';

interface HotspotAnswer {
	hotspots: {
		kind: string;
		id: number;
		name: string;
		category: string;
		tickets: number;
		lon: number;
		lat: number;
	}[];
}

export interface DensityStats {
	total: number;
	cells: number;
	hotspots: number;
	/** hexagon size, EPSG:3857 metres */
	size: number;
	/** a cube is being loaded */
	loading: boolean;
	/** ms from setFilter() to the step's counts (re-aggregation in the browser, or the cube's load) */
	ms: number;
}

/** What the deck.gl overlay draws: the cube's cells (geometry made once per cube) and the step's sums. */
export interface DensityView {
	cube: Cube;
	frame: Frame;
	/** one object per cell, made once per cube: deck.gl tessellates it once */
	cells: { polygon: [number, number][]; k: number }[];
	/** the largest cell count of the step (the colour scale below the hexagon zoom) */
	max: number;
	/** changes with every step: deck.gl's updateTriggers */
	seq: number;
}

export interface AnalysisLayers {
	/** Shows a step: re-aggregates the loaded cube, loading it first when the span or status changed. */
	setFilter(f: DensityFilter): Promise<void>;
	setGap(kind: GapKind | null, opts?: { area?: number; type?: string }): Promise<number>;
	onUpdate(fn: (s: DensityStats) => void): void;
	/** the density to draw in the deck.gl overlay (densityDeckLayers), at every step */
	onDensity(fn: (v: DensityView | null) => void): void;
	remove(): void;
}

/** Zoom at which the hexagons stand up in 3D. */
export const HEX_ZOOM = 12;
const IDS = {
	hot: 'analysis-hotspots',
	gapFill: 'analysis-gap-fill',
	gapLine: 'analysis-gap-line',
	gapDot: 'analysis-gap-dot'
};
const SOURCES = ['analysis-hotspots', 'analysis-gaps'];
const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** The cube's URL for a filter's span and status at a zoom band. */
export function cubeUrl(f: Pick<DensityFilter, 'status' | 'span'>, zoom: number): string {
	const p = new URLSearchParams({ zoom: String(zoom), from: f.span.from, to: f.span.to });
	if (f.status?.length) p.set('status', f.status.join(','));
	return `/api/analysis/cube?${p}`;
}

/** GET /api/analysis/density's URL for one step (the per-step answer the cube's sums equal). */
export function densityUrl(f: Omit<DensityFilter, 'span'>, zoom: number): string {
	const p = new URLSearchParams({ zoom: String(Math.round(zoom)) });
	if (f.category?.length) p.set('category', f.category.join(','));
	if (f.status?.length) p.set('status', f.status.join(','));
	p.set('from', f.from);
	p.set('to', f.to);
	return `/api/analysis/density?${p}`;
}

const RAMP: [number, number, number][] = [
	[254, 240, 217],
	[253, 204, 138],
	[252, 141, 89],
	[227, 74, 51],
	[179, 0, 0]
];
/** A colour of the density ramp for t in [0, 1] (RGBA, alpha 0–255). */
export function rampColour(t: number, alpha = 200): [number, number, number, number] {
	const x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
	const k = Math.min(RAMP.length - 2, Math.floor(x));
	const f = x - k;
	const [a, b] = [RAMP[k], RAMP[k + 1]];
	return [
		Math.round(a[0] + (b[0] - a[0]) * f),
		Math.round(a[1] + (b[1] - a[1]) * f),
		Math.round(a[2] + (b[2] - a[2]) * f),
		alpha
	];
}

const NONE: [number, number, number, number] = [0, 0, 0, 0];

/**
 * The deck.gl layers of a density view at a map zoom: one PolygonLayer of the cube's cells. Below
 * HEX_ZOOM − 1 flat, coloured by count (square root of count / the step's largest); from it extruded
 * 12 m per ticket and coloured by the overdue share (as the 3D hexagons were). Empty cells are not drawn.
 */
export function densityDeckLayers(lib: DeckLib, v: DensityView | null, zoom: number): Layer[] {
	if (!v) return [];
	const tall = zoom >= HEX_ZOOM - 1;
	const { counts, overdue } = v.frame;
	return [
		new lib.PolygonLayer<DensityView['cells'][number]>({
			id: 'analysis-hex',
			data: v.cells,
			getPolygon: (d) => d.polygon,
			extruded: tall,
			stroked: false,
			filled: true,
			getElevation: (d) => 12 * counts[d.k],
			getFillColor: (d) =>
				counts[d.k] === 0
					? NONE
					: tall
						? rampColour((overdue[d.k] / counts[d.k]) * 1.6 + 0.2, 200)
						: rampColour(Math.sqrt(counts[d.k] / v.max), 190),
			updateTriggers: { getElevation: v.seq, getFillColor: [v.seq, tall] }
		}) as unknown as Layer
	];
}

export function mountAnalysisLayers(map: MlMap, initial?: DensityFilter): AnalysisLayers {
	let filter: DensityFilter | undefined = initial;
	let stats: DensityStats = { total: 0, cells: 0, hotspots: 0, size: 0, loading: false, ms: 0 };
	let listeners: ((s: DensityStats) => void)[] = [];
	let densityListeners: ((v: DensityView | null) => void)[] = [];
	const cubes = new Map<string, Promise<{ cube: Cube; cells: DensityView['cells'] }>>();
	let view: DensityView | null = null;
	let seq = 0;
	let hotSeq = 0;
	for (const id of SOURCES) map.addSource(id, { type: 'geojson', data: empty() });
	map.addLayer({
		id: IDS.gapFill,
		type: 'fill',
		source: 'analysis-gaps',
		filter: ['==', ['geometry-type'], 'Polygon'],
		paint: {
			'fill-color': [
				'case',
				['has', 'share'],
				['interpolate', ['linear'], ['get', 'share'], 0, '#c7e9c0', 1, '#a50f15'],
				'#e31a1c'
			],
			'fill-opacity': 0.45
		}
	});
	map.addLayer({
		id: IDS.gapLine,
		type: 'line',
		source: 'analysis-gaps',
		filter: ['==', ['geometry-type'], 'Polygon'],
		paint: { 'line-color': '#a50f15', 'line-width': 1.5 }
	});
	map.addLayer({
		id: IDS.gapDot,
		type: 'circle',
		source: 'analysis-gaps',
		filter: ['==', ['geometry-type'], 'Point'],
		paint: {
			'circle-color': '#6a3d9a',
			'circle-radius': ['interpolate', ['linear'], ['coalesce', ['get', 'households'], 50], 0, 2, 300, 8],
			'circle-opacity': 0.7
		}
	});
	map.addLayer({
		id: IDS.hot,
		type: 'circle',
		source: 'analysis-hotspots',
		paint: {
			'circle-color': 'rgba(0,0,0,0)',
			'circle-stroke-color': '#111',
			'circle-stroke-width': 2,
			'circle-radius': ['interpolate', ['linear'], ['get', 'tickets'], 3, 8, 20, 18]
		}
	});

	const set = (id: string, data: GeoJSON.FeatureCollection) =>
		(map.getSource(id) as GeoJSONSource).setData(data);
	const emit = (s: Partial<DensityStats>) => {
		stats = { ...stats, ...s };
		for (const fn of listeners) fn(stats);
	};

	/** The cube of a filter's span and status at a zoom band (kept: the last few are reused). */
	function loadCube(f: DensityFilter, zoom: number) {
		const url = cubeUrl(f, zoom);
		let p = cubes.get(url);
		if (!p) {
			p = getBytes(url).then((buf) => {
				const cube = decodeCube(buf);
				const cells = Array.from({ length: cube.cells }, (_, k) => ({
					polygon: hexRing(cube.size, cube.cellI[k], cube.cellJ[k]),
					k
				}));
				return { cube, cells };
			});
			p.catch(() => cubes.delete(url));
			cubes.set(url, p);
			while (cubes.size > 4) cubes.delete(cubes.keys().next().value!);
		}
		return p;
	}

	/** Sums the step from the view's cube and hands it to the overlay; synchronous. */
	function step(f: DensityFilter, t0: number) {
		if (!view) return;
		const frame = aggregate(view.cube, f, f.category, view.frame);
		let max = 1;
		for (let k = 0; k < frame.counts.length; k++) if (frame.counts[k] > max) max = frame.counts[k];
		view = { ...view, frame, max, seq: ++seq };
		for (const fn of densityListeners) fn(view);
		emit({ total: frame.total, cells: frame.cells, size: view.cube.size, ms: performance.now() - t0 });
	}

	let hotTimer: ReturnType<typeof setTimeout> | undefined;
	/** Hotspots of the step, once the slider has rested 300 ms (they are not part of the playback). */
	function hotspotsLater(f: DensityFilter) {
		clearTimeout(hotTimer);
		const mine = ++hotSeq;
		hotTimer = setTimeout(async () => {
			const p = new URLSearchParams({ from: f.from, to: f.to });
			if (f.category?.length) p.set('category', f.category.join(','));
			if (f.status?.length) p.set('status', f.status.join(','));
			try {
				const h = await getJson<HotspotAnswer>(`/api/analysis/hotspots?${p}`);
				if (mine !== hotSeq) return;
				set('analysis-hotspots', {
					type: 'FeatureCollection',
					features: h.hotspots.map((s) => ({
						type: 'Feature',
						geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
						properties: { ...s }
					}))
				});
				emit({ hotspots: h.hotspots.length });
			} catch (e) {
				console.error('analysis hotspots:', e);
			}
		}, 300);
	}

	let showSeq = 0;
	async function show(f: DensityFilter) {
		const t0 = performance.now();
		const mine = ++showSeq;
		filter = f;
		const band = cubeZoom(map.getZoom());
		const c = view?.cube;
		const same = c && c.zoom === band && c.from === f.span.from && c.to === f.span.to;
		if (!same || (c.status ?? []).join(',') !== (f.status ?? []).join(',')) {
			emit({ loading: true });
			let got: { cube: Cube; cells: DensityView['cells'] };
			try {
				got = await loadCube(f, band);
			} finally {
				if (mine === showSeq) emit({ loading: false });
			}
			if (mine !== showSeq) return; // a newer filter is on its way
			view = { ...got, frame: aggregate(got.cube, f), max: 1, seq };
		}
		step(f, t0);
		hotspotsLater(f);
	}

	const onMove = () => {
		if (filter && (!view || cubeZoom(map.getZoom()) !== view.cube.zoom))
			show(filter).catch((e) => console.error('analysis layers:', e));
	};
	map.on('moveend', onMove);
	if (initial) show(initial).catch((e) => console.error('analysis layers:', e));

	return {
		setFilter: show,
		async setGap(kind, opts = {}) {
			if (!kind) {
				set('analysis-gaps', empty());
				return 0;
			}
			const p = new URLSearchParams({ format: 'geojson' });
			if (opts.area) p.set('area', String(opts.area));
			if (kind === 'facilities') p.set('type', opts.type ?? 'elderly_center');
			const fc = await getJson<GeoJSON.FeatureCollection>(`/api/coverage/${kind}?${p}`);
			set('analysis-gaps', fc);
			return fc.features.length;
		},
		onUpdate(fn) {
			listeners.push(fn);
			fn(stats);
		},
		onDensity(fn) {
			densityListeners.push(fn);
			fn(view);
		},
		remove() {
			clearTimeout(hotTimer);
			map.off('moveend', onMove);
			for (const fn of densityListeners) fn(null);
			listeners = [];
			densityListeners = [];
			for (const id of Object.values(IDS)) if (map.getLayer(id)) map.removeLayer(id);
			for (const id of SOURCES) if (map.getSource(id)) map.removeSource(id);
		}
	};
}
