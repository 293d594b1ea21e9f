// Analysis layers for any MapLibre map: ticket density (a heatmap of hexagon bins at low zoom, 3D
// hexagons by count when zoomed in), repeat hotspots, and one coverage-gap layer at a time. All from
// aggregated API answers (PostGIS bins), never raw tickets. Mount with mountAnalysisLayers(map) after
// the style has loaded; the caller keeps the handle to change filters and to remove the layers.
//
// Why MapLibre layers rather than deck.gl: the bins arrive as GeoJSON polygons, which MapLibre's
// fill-extrusion draws in 3D and its heatmap draws from the bin centres; staying in MapLibre keeps the
// layers in the map's own stacking order and needs no second WebGL overlay on the host page.
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { getJson } from '$lib/api';

export interface DensityFilter {
	category?: string[];
	status?: string[];
	from?: string;
	to?: string;
}

export type GapKind = 'party' | 'facilities' | 'stewards' | 'patrol';

interface DensityAnswer {
	size: number;
	total: number;
	cells: { count: number; open: number; overdue: number; geometry: GeoJSON.Polygon }[];
}
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

export interface AnalysisLayers {
	setFilter(f: DensityFilter): Promise<void>;
	setGap(kind: GapKind | null, opts?: { area?: number; type?: string }): Promise<number>;
	onUpdate(fn: (s: { total: number; cells: number; hotspots: number; size: number }) => void): void;
	remove(): void;
}

/** Zoom at which hexagons take over from the heatmap. */
export const HEX_ZOOM = 12;
const IDS = {
	hex: 'analysis-hex',
	heat: 'analysis-heat',
	hot: 'analysis-hotspots',
	gapFill: 'analysis-gap-fill',
	gapLine: 'analysis-gap-line',
	gapDot: 'analysis-gap-dot'
};
const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function densityUrl(f: DensityFilter, bbox: number[] | null, zoom: number): string {
	const p = new URLSearchParams({ zoom: String(Math.round(zoom)) });
	if (bbox) p.set('bbox', bbox.map((v) => v.toFixed(5)).join(','));
	if (f.category?.length) p.set('category', f.category.join(','));
	if (f.status?.length) p.set('status', f.status.join(','));
	if (f.from) p.set('from', f.from);
	if (f.to) p.set('to', f.to);
	return `/api/analysis/density?${p}`;
}

const centre = (g: GeoJSON.Polygon): [number, number] => {
	const ring = g.coordinates[0].slice(0, -1);
	return [ring.reduce((s, c) => s + c[0], 0) / ring.length, ring.reduce((s, c) => s + c[1], 0) / ring.length];
};

export function mountAnalysisLayers(map: MlMap, initial: DensityFilter = {}): AnalysisLayers {
	let filter = initial;
	let listeners: ((s: { total: number; cells: number; hotspots: number; size: number }) => void)[] = [];
	let seq = 0;
	for (const id of ['analysis-density', 'analysis-centres', 'analysis-hotspots', 'analysis-gaps'])
		map.addSource(id, { type: 'geojson', data: empty() });
	map.addLayer({
		id: IDS.heat,
		type: 'heatmap',
		source: 'analysis-centres',
		maxzoom: HEX_ZOOM + 1,
		paint: {
			'heatmap-weight': ['interpolate', ['linear'], ['get', 'count'], 0, 0, 50, 1],
			'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 8, 12, 12, 40],
			'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], HEX_ZOOM - 1, 0.8, HEX_ZOOM + 1, 0]
		}
	});
	map.addLayer({
		id: IDS.hex,
		type: 'fill-extrusion',
		source: 'analysis-density',
		minzoom: HEX_ZOOM - 1,
		paint: {
			'fill-extrusion-color': [
				'interpolate',
				['linear'],
				['/', ['get', 'overdue'], ['max', 1, ['get', 'count']]],
				0,
				'#fdd49e',
				0.3,
				'#ef6548',
				0.6,
				'#990000'
			],
			'fill-extrusion-height': ['*', 12, ['get', 'count']],
			'fill-extrusion-opacity': 0.75
		}
	});
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

	async function refresh() {
		const mine = ++seq;
		const b = map.getBounds();
		const zoom = map.getZoom();
		// below the hexagon zoom the whole city is binned (the heatmap); above it, only the view
		const bbox = zoom >= HEX_ZOOM - 1 ? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] : null;
		const hp = new URLSearchParams(densityUrl(filter, null, zoom).split('?')[1]);
		hp.delete('zoom');
		const [d, h] = await Promise.all([
			getJson<DensityAnswer>(densityUrl(filter, bbox, zoom)),
			getJson<HotspotAnswer>(`/api/analysis/hotspots?${hp}`)
		]);
		if (mine !== seq) return; // a newer request is on its way
		set('analysis-density', {
			type: 'FeatureCollection',
			features: d.cells.map((c) => ({
				type: 'Feature',
				geometry: c.geometry,
				properties: { count: c.count, open: c.open, overdue: c.overdue }
			}))
		});
		set('analysis-centres', {
			type: 'FeatureCollection',
			features: d.cells.map((c) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: centre(c.geometry) },
				properties: { count: c.count }
			}))
		});
		set('analysis-hotspots', {
			type: 'FeatureCollection',
			features: h.hotspots.map((s) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
				properties: { ...s }
			}))
		});
		for (const fn of listeners)
			fn({ total: d.total, cells: d.cells.length, hotspots: h.hotspots.length, size: d.size });
	}

	let timer: ReturnType<typeof setTimeout> | undefined;
	const onMove = () => {
		clearTimeout(timer);
		timer = setTimeout(() => refresh().catch((e) => console.error('analysis layers:', e)), 250);
	};
	map.on('moveend', onMove);
	refresh().catch((e) => console.error('analysis layers:', e));

	return {
		async setFilter(f) {
			filter = f;
			await refresh();
		},
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
		},
		remove() {
			clearTimeout(timer);
			map.off('moveend', onMove);
			listeners = [];
			for (const id of Object.values(IDS)) if (map.getLayer(id)) map.removeLayer(id);
			for (const id of ['analysis-density', 'analysis-centres', 'analysis-hotspots', 'analysis-gaps'])
				if (map.getSource(id)) map.removeSource(id);
		}
	};
}
