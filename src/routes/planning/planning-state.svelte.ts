// The siting page's state: the form, the map context before any run (GET /api/siting/context: the
// existing facilities with their reach and the buildings they do not reach; GET /api/siting/grid: the
// grid of candidates), the run (POST /api/siting, polled for progress), the run before it (for the
// side-by-side comparison) and what the map draws from them (GeoJSON sources, candidate and site
// markers, the frame). Shared by the page's form, summary and map components.
import { ApiError, getJson, sendJson } from '$lib/api';
import type { MarkerSpec } from '$lib/map/MapView.svelte';
import type { FitRequest } from '$lib/map/view';
import type { SitingContext, SitingRequest, SitingRun, SitingOutcome } from '$lib/planning/types';

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
	site: '#b3121f',
	reach: '#26a69a',
	candidate: '#ff9800'
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

/** A refusal as the page keeps it (translated when shown, see failureText in ./format). */
export interface Failure {
	message: string;
	field?: string;
	code?: string;
	params?: Record<string, string | number>;
	status?: number;
}

const failureOf = (err: unknown): Failure =>
	err instanceof ApiError
		? { message: err.serverMessage, field: err.field, code: err.code, params: err.params, status: err.status }
		: { message: (err as Error).message, status: 500 };

/** A query string of the defined values. */
const query = (values: Record<string, string | number | undefined>) =>
	Object.entries(values)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
		.join('&');

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
	/** the finished run before this one, for the side-by-side comparison */
	previous = $state.raw<SitingRun | null>(null);
	busy = $state(false);
	failure = $state<Failure | null>(null);
	view = $state<'after' | 'before'>('after');
	/** the map before any run: existing facilities, their reach, the buildings reached or not */
	context = $state.raw<SitingContext | null>(null);
	contextLoading = $state(false);
	contextError = $state<Failure | null>(null);
	/** show the grid candidates of the chosen spacing on the map (asked for: a city's grid is thousands of points) */
	showGrid = $state(false);
	/** the grid candidates of the chosen spacing, shown while the grid is chosen and asked for */
	grid = $state.raw<[number, number][]>([]);
	gridError = $state<Failure | null>(null);

	/** the context query (type, reach, area) the run was started with */
	runQuery = $state('');
	/** the finished run's outcome, whatever the form says now */
	readonly finished = $derived<SitingOutcome | null>(this.run?.status === 'done' ? this.run.result : null);
	/** the form's type, reach or area changed since the run: the map shows the current coverage again */
	readonly stale = $derived(this.finished !== null && this.runQuery !== this.contextQuery());
	/** the outcome the map and summary show: the finished run's while the form still asks for it */
	readonly result = $derived<SitingOutcome | null>(this.stale ? null : this.finished);
	private contextFrame = $state.raw<FitRequest | null>(null);
	private framedArea: string | null = null;
	private contextSeq = 0;
	private gridSeq = 0;

	/** candidate points uploaded, and the grid preview (clicked points are markers, see candidateMarkers) */
	readonly candidates = $derived<Fc>(
		this.candKind === 'upload' && this.uploaded
			? this.uploaded
			: this.candKind === 'grid' && this.showGrid
				? fc(this.grid.map(([lon, lat], i) => pointFeature(lon, lat, { n: i + 1 })))
				: fc([])
	);

	/**
	 * every building's households, coloured reached before / newly / not: the run's when it answers the
	 * form as it stands, else the context's (before any run); the "before" view folds newly into not
	 */
	readonly demand = $derived<Fc>(
		fc(
			(this.result?.demand ?? this.context?.demand ?? []).map(([lon, lat, households, state, straight]) =>
				pointFeature(lon, lat, {
					households,
					state: this.view === 'before' && state === 2 ? 0 : state,
					// ringed: measured by straight line × detour while the rest walk the network
					straight: this.measure === 'network' && straight === 1 ? 1 : 0
				})
			)
		)
	);
	/** how the figures on the map are measured: the run's rule, else the context's */
	readonly measure = $derived(this.result?.rule.measure ?? this.context?.rule.measure ?? 'straight-line');
	readonly outlines = $derived<Fc>(
		((this.result?.outlines ?? this.context?.outlines) as Fc | undefined) ?? fc([])
	);
	readonly existing = $derived<Fc>(
		fc(
			(this.result?.existing ?? this.context?.existing ?? []).map((e) =>
				pointFeature(e.lon, e.lat, { name: e.name }, e.id)
			)
		)
	);
	/**
	 * the communities shaded by the share of their households reached (before, or after the run's
	 * sites in the "after" view): the outlines with `share` (0–1) from the run's or the context's areas
	 */
	readonly areaShares = $derived.by<Fc>(() => {
		const after = this.result !== null && this.view === 'after';
		const rows: { id: number; households: number; before: number; after?: number }[] =
			this.result?.areas ?? this.context?.areas ?? [];
		const share: Record<number, number | null> = Object.fromEntries(
			rows.map((a) => [
				a.id,
				a.households ? ((after ? a.after : undefined) ?? a.before) / a.households : null
			])
		);
		return fc(
			this.outlines.features
				.filter((f) => f.properties?.level === 'community' && share[Number(f.id)] != null)
				.map((f) => ({ ...f, properties: { ...f.properties, share: share[Number(f.id)] } }))
		);
	});
	/** the existing facilities' reach, as areas (from the context of the same type and area) */
	readonly reach = $derived<Fc>((this.context?.reach as Fc | undefined) ?? fc([]));
	/** the points clicked on the map, numbered; a click on one removes it */
	readonly candidateMarkers = $derived<MarkerSpec[]>(
		this.candKind === 'draw'
			? this.drawn.map(([lon, lat], i) => ({
					id: `c${i}-${lon},${lat}`,
					lngLat: [lon, lat],
					text: String(i + 1),
					title: String(i + 1),
					className: 'candidate-marker',
					onclick: () => this.removePoint(i)
				}))
			: []
	);
	readonly sites = $derived<Fc>(
		fc(
			(this.result?.sites ?? []).map((s) =>
				pointFeature(s.lon, s.lat, { rank: s.rank, added: s.addedHouseholds }, s.rank)
			)
		)
	);
	readonly markers = $derived<MarkerSpec[]>([
		...this.candidateMarkers,
		...(this.result?.sites ?? []).map((s) => ({
			id: s.rank,
			lngLat: [s.lon, s.lat] as [number, number],
			text: String(s.rank),
			title: `${s.rank}: +${s.addedHouseholds}`,
			className: 'site-marker'
		}))
	]);
	/** the result's buildings and sites framed once per result; before any run, the context's buildings once per area */
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
			: this.contextFrame
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

	/** A click on a clicked point's marker removes it. */
	removePoint(i: number) {
		if (this.busy) return;
		this.drawn = this.drawn.filter((_, j) => j !== i);
	}

	/** The context's query: type, reach and area as the form stands. */
	contextQuery(): string {
		return query({
			type: this.type,
			walkM: this.level === 'custom' ? this.walkM : undefined,
			lifeCircle: this.level !== 'custom' && this.level !== 'default' ? this.level : undefined,
			areaId: this.streetId || this.districtId || undefined
		});
	}

	/** Load the map before a run (the latest query wins); frames the map when the area changed. */
	async loadContext(query: string) {
		const seq = ++this.contextSeq;
		this.contextLoading = true;
		this.contextError = null;
		try {
			const ctx = await getJson<SitingContext>(`/api/siting/context?${query}`);
			if (seq !== this.contextSeq) return;
			this.context = ctx;
			const area = String(ctx.areaId ?? '');
			if (area !== this.framedArea && ctx.demand.length) {
				this.framedArea = area;
				this.contextFrame = {
					points: ctx.demand.map((d) => [d[0], d[1]] as [number, number]),
					padding: 40,
					maxZoom: 18
				};
			}
		} catch (err) {
			if (seq === this.contextSeq) this.contextError = failureOf(err);
		} finally {
			if (seq === this.contextSeq) this.contextLoading = false;
		}
	}

	/** Load the grid preview of the spacing and area as the form stands (the latest query wins). */
	async loadGrid(spacing: number, areaId: string) {
		const seq = ++this.gridSeq;
		this.gridError = null;
		const q = query({ spacing, areaId: areaId || undefined });
		try {
			const grid = await getJson<[number, number][]>(`/api/siting/grid?${q}`);
			if (seq === this.gridSeq) this.grid = grid;
		} catch (err) {
			if (seq !== this.gridSeq) return;
			this.grid = [];
			this.gridError = failureOf(err);
		}
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
		if (this.finished) this.previous = this.run;
		this.run = null;
		this.runQuery = this.contextQuery();
		try {
			const { id } = await sendJson<{ id: string }>('POST', '/api/siting', this.request());
			let r = await getJson<SitingRun>(`/api/siting/${id}`);
			this.run = r;
			while (r.status === 'queued' || r.status === 'running') {
				await sleep(400);
				r = await getJson<SitingRun>(`/api/siting/${id}`);
				this.run = r;
			}
			if (r.status === 'failed') this.failure = r.error ?? { message: 'failed', status: 500 };
			else this.run = await getJson<SitingRun>(`/api/siting/${id}?demand=1`);
		} catch (err) {
			this.failure = failureOf(err);
		} finally {
			this.busy = false;
		}
	}
}
