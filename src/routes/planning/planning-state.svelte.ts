// The siting page's state: the form, the run (POST /api/siting, polled for progress) and what the
// map draws from them (GeoJSON sources, numbered site markers, the frame). Shared by the page's form,
// summary and map components.
import { ApiError, getJson, sendJson } from '$lib/api';
import type { MarkerSpec } from '$lib/map/MapView.svelte';
import type { FitRequest } from '$lib/map/view';
import type { SitingRequest, SitingRun, SitingOutcome } from '$lib/planning/types';

export interface AreaOption {
	id: number;
	name: string;
	level: string;
}

export const COLORS = {
	uncovered: '#e53935',
	before: '#43a047',
	newly: '#1e88e5',
	existing: '#00695c',
	site: '#b3121f'
};

type Fc = GeoJSON.FeatureCollection;
const fc = (features: GeoJSON.Feature[]): Fc => ({ type: 'FeatureCollection', features });
const pointFeature = (
	lon: number,
	lat: number,
	properties: Record<string, unknown>,
	id?: number
): GeoJSON.Feature => ({
	type: 'Feature',
	...(id === undefined ? {} : { id }),
	properties,
	geometry: { type: 'Point', coordinates: [lon, lat] }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PlanningState {
	type = $state('red_station');
	level = $state<'default' | '5min' | '10min' | '15min' | 'custom'>('default');
	walkM = $state(500);
	goal = $state<'k' | 'target'>('k');
	k = $state(3);
	targetPct = $state(90);
	districts = $state<AreaOption[]>([]);
	streets = $state<AreaOption[]>([]);
	districtId = $state('');
	streetId = $state('');
	candKind = $state<'grid' | 'draw' | 'upload'>('grid');
	spacing = $state(250);
	drawn = $state<[number, number][]>([]);
	uploaded = $state.raw<{ type: 'FeatureCollection'; features: GeoJSON.Feature[] } | null>(null);
	uploadCrs = $state<'wgs84' | 'gcj02' | 'bd09'>('wgs84');
	uploadError = $state('');
	run = $state.raw<SitingRun | null>(null);
	busy = $state(false);
	failure = $state<{ message: string; field?: string } | null>(null);
	view = $state<'after' | 'before'>('after');

	readonly result = $derived<SitingOutcome | null>(this.run?.status === 'done' ? this.run.result : null);

	/** candidate points the user clicked or uploaded */
	readonly candidates = $derived<Fc>(
		this.candKind === 'draw'
			? fc(this.drawn.map(([lon, lat], i) => pointFeature(lon, lat, { n: i + 1 })))
			: this.candKind === 'upload' && this.uploaded
				? this.uploaded
				: fc([])
	);

	/** every building's households, coloured reached before / newly / not (the "before" view folds newly into not) */
	readonly demand = $derived<Fc>(
		fc(
			(this.result?.demand ?? []).map(([lon, lat, households, state]) =>
				pointFeature(lon, lat, { households, state: this.view === 'before' && state === 2 ? 0 : state })
			)
		)
	);
	readonly outlines = $derived<Fc>((this.result?.outlines as Fc | undefined) ?? fc([]));
	readonly existing = $derived<Fc>(
		fc((this.result?.existing ?? []).map((e) => pointFeature(e.lon, e.lat, { name: e.name }, e.id)))
	);
	readonly sites = $derived<Fc>(
		fc(
			(this.result?.sites ?? []).map((s) =>
				pointFeature(s.lon, s.lat, { rank: s.rank, added: s.addedHouseholds }, s.rank)
			)
		)
	);
	readonly markers = $derived<MarkerSpec[]>(
		(this.result?.sites ?? []).map((s) => ({
			id: s.rank,
			lngLat: [s.lon, s.lat],
			text: String(s.rank),
			title: `${s.rank}: +${s.addedHouseholds}`,
			className: 'site-marker'
		}))
	);
	/** the result's buildings and sites, framed once per result */
	readonly fit = $derived<FitRequest | null>(
		this.result
			? {
					points: [
						...(this.result.demand ?? []).map((d) => [d[0], d[1]] as [number, number]),
						...this.result.sites.map((s) => [s.lon, s.lat] as [number, number])
					],
					padding: 40,
					maxZoom: 20
				}
			: null
	);

	async loadDistricts() {
		this.districts = await getJson<AreaOption[]>('/api/areas?level=district');
	}

	async loadStreets() {
		this.streetId = '';
		this.streets = this.districtId ? await getJson<AreaOption[]>(`/api/areas?parent=${this.districtId}`) : [];
	}

	/** Read an uploaded GeoJSON FeatureCollection of candidate points. */
	async upload(file: File | undefined, notFc: string) {
		this.uploadError = '';
		this.uploaded = null;
		if (!file) return;
		try {
			const parsed = JSON.parse(await file.text());
			if (parsed?.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) throw new Error(notFc);
			this.uploaded = parsed;
		} catch (err) {
			this.uploadError = (err as Error).message;
		}
	}

	/** A map click adds a candidate point while drawing candidates. */
	addPoint(lngLat: [number, number]) {
		if (this.candKind !== 'draw' || this.busy) return;
		this.drawn = [...this.drawn, [Number(lngLat[0].toFixed(6)), Number(lngLat[1].toFixed(6))]];
	}

	request(): SitingRequest {
		const areaId = Number(this.streetId || this.districtId) || undefined;
		const candidates: SitingRequest['candidates'] =
			this.candKind === 'grid'
				? { kind: 'grid', spacing: this.spacing }
				: this.candKind === 'draw'
					? {
							kind: 'geojson',
							geojson: fc(this.drawn.map(([lon, lat], i) => pointFeature(lon, lat, { id: `p${i + 1}` })))
						}
					: { kind: 'geojson', geojson: this.uploaded, crs: this.uploadCrs };
		return {
			type: this.type,
			...(this.level === 'custom'
				? { walkM: this.walkM }
				: this.level === 'default'
					? {}
					: { lifeCircle: this.level }),
			...(this.goal === 'k' ? { k: this.k } : { target: this.targetPct / 100 }),
			...(areaId ? { areaId } : {}),
			candidates
		};
	}

	/** Start a run and poll it to the end; the result (with every building's demand) lands in `run`. */
	async start() {
		this.failure = null;
		this.busy = true;
		this.run = null;
		try {
			const { id } = await sendJson<{ id: string }>('POST', '/api/siting', this.request());
			let r = await getJson<SitingRun>(`/api/siting/${id}`);
			this.run = r;
			while (r.status === 'queued' || r.status === 'running') {
				await sleep(400);
				r = await getJson<SitingRun>(`/api/siting/${id}`);
				this.run = r;
			}
			if (r.status === 'failed') this.failure = r.error ?? { message: 'failed' };
			else this.run = await getJson<SitingRun>(`/api/siting/${id}?demand=1`);
		} catch (err) {
			this.failure = {
				message: (err as Error).message,
				field: err instanceof ApiError ? err.field : undefined
			};
		} finally {
			this.busy = false;
		}
	}
}
