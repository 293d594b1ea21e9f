// Facility siting in the app (README "Facility siting"): POST /api/siting validates the request and gathers its data
// from PostGIS (demand = buildings' households at their point-on-surface, existing facilities of the
// type, candidates), records a run and answers at once; the solve runs in the background of this
// instance, one at a time, writing its progress and result to siting_runs so that any instance can
// answer GET /api/siting/{id}.
//
// Reach is the rule in force of src/lib/server/coverage/reach.ts. With walks over the road network
// (README "Walking distance"): "before" is building_walk's distance ≤ the walk, as facility coverage
// counts; the candidates are snapped onto the network and reach a building on it by the walk of
// migration 330's rule ($lib/siting/network.ts over walk_edges), a building more than 100 m from it
// by straight line (radius walk / detour). Without a network: straight-line radius = walk / detour,
// "before" decided in PostGIS (geodesic distance, as facility coverage does). The solver sees only
// the households not yet reached, in EPSG:4547 metres (plane distances there differ from geodesic
// ones by well under a metre at Ji'an).
import {
	SitingInputError,
	buildCoverage,
	parsePoints,
	solveSiting,
	type SitingProgress,
	type SitingResult
} from '$lib/siting';
import type {
	CandidateSpec,
	SitingOutcome,
	SitingProgressView,
	SitingRequest,
	SitingRun
} from '$lib/planning/types';
import { db } from '../db/pool';
// JIT off for the gathering queries (as for the analysis): LLVM compilation of the grid query alone
// took longer than the query (about 0.5 s of 0.9 s at scale 1), and once more on each new connection
import { analysisQuery, KeptQuery } from '../analysis/query';
import { InputError } from '../http';
import { assertAreaInScope } from '../auth/scope';
import type { Scope, SessionUser } from '../auth/roles';
import { buildWalkGraph, networkCoverage, withinOf, type WalkGraph } from '$lib/siting/network';
import {
	LIFE_CIRCLE_WALK_M,
	OFF_NETWORK_M,
	WALK_LIMIT_M,
	straightLineRadius,
	walkRule,
	type Measure,
	type Reach
} from '../coverage/reach';
import { toWgs84 } from '../geo/crs';
import { DEFAULT_SPACING_M, MAX_CANDIDATES, parseSitingRequest } from './request';
import { sitesCsv, sitesGeoJson } from './export';
import { setSitingReadAhead } from './read-ahead';
import {
	planeReach,
	summarise,
	type Candidate,
	type DemandRow,
	type ReachOf,
	type SiteArea
} from './outcome';
import demandSql from './demand.sql?raw';
import gridSql from './grid.sql?raw';
import projectSql from './project.sql?raw';
import siteAreasSql from './site-areas.sql?raw';
import contextSql from './context.sql?raw';
import snapSql from './snap.sql?raw';
import walkEdgesSql from './walk-edges.sql?raw';

/**
 * Solver settings of the app. The solve runs on the server's thread: greedy and swaps yield to other
 * requests every 50 ms, but the Lagrangian bound and the HiGHS MIP do not, so the Lagrangian is
 * capped, and the MIP runs only when the Lagrangian bound leaves a gap on a small instance, briefly.
 */
export const APP_SOLVER_OPTIONS = {
	lagrangianTimeLimitMs: 250,
	swapTimeLimitMs: 3_000,
	exactMaxNonzeros: 8_000,
	exactTimeLimitMs: 1_000
} as const;
/** A run whose progress has not moved for this long was lost (its instance stopped). */
const LOST_AFTER = '5 minutes';
const KEEP_RUNS = '7 days';
const RUN_TIME_LIMIT_MS = 120_000;

export interface PreparedRun {
	request: SitingRequest;
	type: string;
	lifeCircle: SitingOutcome['rule']['lifeCircle'];
	walkM: number;
	detour: number;
	radius: number;
	/** 'network': walks over the road network (graph below); 'straight-line': radius only */
	measure: Measure;
	network: SitingOutcome['rule']['network'];
	graph: WalkGraph | null;
	areaId: number | null;
	demand: DemandRow[];
	candidates: Candidate[];
	spacing: number | null;
	existing: SitingOutcome['existing'];
	outlines: unknown;
}

const asInputError = (e: unknown) =>
	e instanceof SitingInputError ? new InputError(400, e.field, e.message) : (e as Error);

/**
 * The grid candidates of a spacing and area, kept while the compounds and areas are unchanged (their
 * layer versions): a city-wide 250 m grid clips some 49,000 compounds to their squares, 1.6–2.4 s at
 * --scale 40, and a planner's next runs (another type, another k) ask for the same grid.
 */
const grids = new KeptQuery<Candidate, Candidate[]>(
	gridSql,
	`SELECT string_agg(layer || ' ' || version, ', ' ORDER BY layer) AS state
	 FROM layer_versions WHERE layer IN ('areas', 'compounds')`,
	(rows) => rows
);

/** The grid candidates over built-up land; 400 naming `field` when the spacing gives too many. */
export async function gridCandidates(
	spacing: number,
	areaId: number | null,
	field = 'candidates.spacing'
): Promise<Candidate[]> {
	const rows = await grids.get([spacing, areaId, MAX_CANDIDATES + 1]);
	if (rows.length > MAX_CANDIDATES)
		throw new InputError(
			400,
			field,
			`a ${spacing} m grid gives more than ${MAX_CANDIDATES} candidates here: widen the spacing or pick a smaller area`
		);
	if (rows.length === 0) throw new InputError(400, 'candidates', 'no built-up land (compounds) in the area');
	return rows;
}

async function clientCandidates(spec: Extract<CandidateSpec, { kind: 'geojson' }>): Promise<Candidate[]> {
	const features = (spec.geojson as { features?: unknown })?.features;
	if (Array.isArray(features) && features.length > MAX_CANDIDATES)
		throw new InputError(
			400,
			'candidates.geojson',
			`${features.length} candidates; at most ${MAX_CANDIDATES}`
		);
	let points;
	try {
		points = parsePoints('candidates.geojson', spec.geojson, { required: true });
	} catch (e) {
		throw asInputError(e);
	}
	if (points.length > MAX_CANDIDATES)
		throw new InputError(400, 'candidates.geojson', `${points.length} candidates; at most ${MAX_CANDIDATES}`);
	const seen = new Set<string | number>();
	points.forEach((p, i) => {
		if (seen.has(p.id))
			throw new InputError(400, `candidates.geojson[${i}].id`, `id ${JSON.stringify(p.id)} is used twice`);
		seen.add(p.id);
	});
	const convert = toWgs84(spec.crs ?? 'wgs84');
	const lonLat = points.map((p) => convert([p.x, p.y]));
	const { rows } = await db().query<{ x: number; y: number }>(projectSql, [
		lonLat.map((p) => p[0]),
		lonLat.map((p) => p[1])
	]);
	return points.map((p, i) => ({
		id: p.id,
		lon: lonLat[i][0],
		lat: lonLat[i][1],
		x: rows[i].x,
		y: rows[i].y
	}));
}

/**
 * The reach rule of a run: the type's row of facility_reach, its walk (life circle or metres), the
 * straight-line radius (m) and how reach is measured: 'network' when walks over the road network are
 * in force and the walk is at most the 1,000 m they are kept to (`network` says why not otherwise).
 */
export async function resolveReach(
	type: string,
	lifeCircleAsked?: SitingRequest['lifeCircle'],
	walkAsked?: number
): Promise<{
	reach: Reach;
	walkM: number;
	lifeCircle: SitingOutcome['rule']['lifeCircle'];
	radius: number;
	measure: Measure;
	network: SitingOutcome['rule']['network'];
}> {
	// detour is a real (float4): divide in float8 as the dashboard's facility coverage does
	// (walk_m / detour::float8), but report it as entered (float4's shortest text: 1.3, not 1.2999999523162842)
	const { rows: rules } = await db().query<Reach & { detour8: number }>(
		`SELECT type, life_circle AS "lifeCircle", walk_m AS "walkM", detour::text::float8 AS detour,
		   detour::float8 AS detour8
		 FROM facility_reach WHERE type = $1`,
		[type]
	);
	const reach = rules[0];
	if (!reach) {
		const { rows } = await db().query<{ type: string }>('SELECT type FROM facility_reach ORDER BY type');
		throw new InputError(400, 'type', `unknown facility type; one of ${rows.map((r) => r.type).join(', ')}`);
	}
	const walkM = walkAsked ?? LIFE_CIRCLE_WALK_M[lifeCircleAsked ?? reach.lifeCircle];
	const lifeCircle = walkAsked !== undefined ? null : (lifeCircleAsked ?? reach.lifeCircle);
	const { detour8, ...rule } = reach;
	const rule0 = await walkRule();
	const network = rule0 === 'network' && walkM > WALK_LIMIT_M ? 'walk-too-long' : rule0;
	return {
		reach: rule,
		walkM,
		lifeCircle,
		radius: straightLineRadius(walkM, detour8),
		measure: network === 'network' ? 'network' : 'straight-line',
		network
	};
}

/** The area a run or preview covers: the one asked (it must exist and be in scope), else the scope's own area, else null (the city). */
export async function resolveArea(asked: number | undefined, scope: Scope): Promise<number | null> {
	const areaId = asked ?? (scope.kind === 'area' ? scope.areaId : null);
	if (areaId !== null) {
		const { rowCount } = await db().query('SELECT 1 FROM areas WHERE id = $1 AND retired_at IS NULL', [
			areaId
		]);
		if (!rowCount) throw new InputError(400, 'areaId', `area ${areaId} does not exist`);
		await assertAreaInScope(db(), scope, areaId);
	}
	return areaId;
}

/**
 * The buildings with households of the area (the city when null) and whether an existing facility of
 * `type` reaches them, by the rule `measure` (demand.sql); the rows' `rule` says how each is measured.
 */
export async function demandOf(
	type: string,
	radius: number,
	areaId: number | null,
	walkM: number,
	measure: Measure
): Promise<DemandRow[]> {
	const rows = await analysisQuery<DemandRow>(demandSql, [
		type,
		radius,
		areaId,
		walkM,
		measure === 'network'
	]);
	return rows;
}

/** Candidates within 100 m of the road network moved onto it (snap.sql); the others keep their place, `at` null. */
export async function snapToNetwork(candidates: Candidate[]): Promise<Candidate[]> {
	const rows = await analysisQuery<{
		edgeId: number | null;
		frac: number;
		x: number;
		y: number;
		lon: number;
		lat: number;
	}>(snapSql, [candidates.map((c) => c.x), candidates.map((c) => c.y), OFF_NETWORK_M]);
	return candidates.map((c, i) => {
		const r = rows[i];
		return r.edgeId === null
			? { ...c, at: null }
			: { ...c, lon: r.lon, lat: r.lat, x: r.x, y: r.y, at: { edge: r.edgeId, frac: r.frac, access: 0 } };
	});
}

/**
 * The walk graph, kept while the network is the same: walk_edges is only written by
 * rebuild_walk_network (migrations 330, 374), which first truncates it, and a truncate gives the table
 * new storage, so its file node names the network's state. Reading and building the graph of
 * --scale 40 (804,485 edges) took 3–4 s, which made a process's first city-wide run slow (9.0 s
 * against 5.5 s): the server reads it when it starts (warmSiting), and a run reads it again only
 * after the network changed.
 */
const graphs = new KeptQuery<{ id: number; source: number; target: number; cost: number }, WalkGraph>(
	walkEdgesSql,
	`SELECT pg_relation_filenode('walk_edges')::text AS state`,
	buildWalkGraph,
	1
);

/** The walk graph (read when the network changed since the last read). */
const walkGraph = (): Promise<WalkGraph> => graphs.get([]);

export { sitingReadAhead } from './read-ahead';

/**
 * Reads ahead what a planner's first siting run would wait for (the server calls it once started):
 * the walk graph, when walks over the network are in force, and the city's candidate grid at the
 * default spacing (the planning page's first preview and run). A failure is only logged: the first
 * run then reads them itself. sitingReadAhead says where it stands.
 */
export async function warmSiting(): Promise<void> {
	const start = performance.now();
	const seconds = () => Math.round(performance.now() - start) / 1000;
	setSitingReadAhead({ state: 'reading' });
	try {
		if ((await walkRule()) === 'network') await walkGraph();
		await grids.get([DEFAULT_SPACING_M, null, MAX_CANDIDATES + 1]);
		setSitingReadAhead({ state: 'done', seconds: seconds() });
	} catch (err) {
		setSitingReadAhead({ state: 'failed', seconds: seconds() });
		console.error(`siting: not read ahead (${(err as Error).message})`);
	}
}

/**
 * Which demand points not yet reached (indices into `demand`) each candidate reaches by the run's
 * rule: with the network, a building on it by its walk ≤ walkM, one more than 100 m from it by plane
 * distance ≤ radius (an off-network candidate reaches only those); without, plane distance ≤ radius
 * for all. The buildings an existing facility already reaches are left out: a run only counts what
 * its sites add (the solver's coverage sets and the summary skip them).
 */
export function candidateReach(
	p: Pick<PreparedRun, 'measure' | 'graph' | 'demand' | 'candidates' | 'radius' | 'walkM'>
): {
	reachOf: ReachOf;
	lists: number[][] | null;
} {
	if (p.measure !== 'network' || !p.graph)
		return { reachOf: planeReach(p.demand, p.candidates, p.radius), lists: null };
	const onNetwork = p.demand.map((d) =>
		!d.covered && d.rule === 'network' && d.edgeId !== null
			? { edge: d.edgeId, frac: d.frac!, access: d.accessM! }
			: null
	);
	// a walk is never shorter than the straight line between its ends (the edges' lengths are along
	// their lines, the access legs straight): a candidate with no such building within walkM of it in
	// a straight line reaches none of them, and is not walked from (most of a city-wide grid lies where
	// the existing facilities already reach every building)
	const near = withinOf(
		p.demand.filter((_, i) => onNetwork[i]),
		p.walkM
	);
	const walks = networkCoverage(
		p.graph,
		p.candidates.map((c) => (c.at && near(c.x, c.y) ? c.at : null)),
		onNetwork,
		p.walkM
	);
	// the buildings more than 100 m from the network: plane distance ≤ radius (the solver's KD-tree)
	const straight = p.demand.flatMap((d, i) => (!d.covered && d.rule === 'straight-line' ? [i] : []));
	const plane = buildCoverage(
		straight.map((i) => ({ id: i, x: p.demand[i].x, y: p.demand[i].y, weight: 1 })),
		p.candidates.map((c) => ({ id: c.id, x: c.x, y: c.y, weight: 1 })),
		[],
		p.radius,
		true
	).candidateDemand;
	const lists = walks.map((list, j) => {
		if (plane.start[j] === plane.start[j + 1]) return list;
		const more = Array.from(plane.index.subarray(plane.start[j], plane.start[j + 1]), (k) => straight[k]);
		return [...list, ...more].sort((a, b) => a - b);
	});
	return { reachOf: (j) => lists[j], lists };
}

/**
 * Validate a request and gather its data; every refusal is an InputError naming the field.
 * `opts.straightLine` measures by straight line × detour even where walks over the network are in
 * force (the benchmark's baseline in the same run).
 */
export async function prepareRun(
	body: unknown,
	scope: Scope,
	opts: { straightLine?: boolean } = {}
): Promise<PreparedRun> {
	const request = parseSitingRequest(body);
	const resolved = await resolveReach(request.type, request.lifeCircle, request.walkM);
	const { reach, walkM, lifeCircle, radius } = resolved;
	const measure: Measure = opts.straightLine ? 'straight-line' : resolved.measure;
	const network = opts.straightLine ? 'straight-line asked' : resolved.network;
	const areaId = await resolveArea(request.areaId, scope);

	const spacing =
		request.candidates.kind === 'grid' ? (request.candidates.spacing ?? DEFAULT_SPACING_M) : null;
	// the gathering queries run side by side, each on its own connection (the server's cores): the
	// candidates, then their snapping onto the network; the demand; the map context; the walk graph
	// (kept). Refusals come in the order of the request's fields, as when they ran one by one.
	const candidatesP =
		request.candidates.kind === 'grid'
			? gridCandidates(spacing!, areaId)
			: clientCandidates(request.candidates);
	const walks = measure === 'network';
	const settled = await Promise.allSettled([
		candidatesP,
		demandOf(request.type, radius, areaId, walkM, measure),
		analysisQuery<{ existing: PreparedRun['existing']; outlines: unknown }>(contextSql, [
			request.type,
			radius,
			areaId
		]),
		walks ? candidatesP.then(snapToNetwork) : null,
		walks ? walkGraph() : null
	]);
	const [gridRes, demandRes, ctxRes, snapRes, graphRes] = settled;
	if (gridRes.status === 'rejected') throw gridRes.reason;
	const placed = gridRes.value;
	if (request.k !== undefined && request.k > placed.length)
		throw new InputError(400, 'k', `k = ${request.k} but there are only ${placed.length} candidates`);
	if (demandRes.status === 'rejected') throw demandRes.reason;
	const demand = demandRes.value;
	if (demand.length === 0) throw new InputError(400, 'areaId', 'no buildings with households in the area');
	if (ctxRes.status === 'rejected') throw ctxRes.reason;
	const ctx = ctxRes.value;
	if (snapRes.status === 'rejected') throw snapRes.reason;
	if (graphRes.status === 'rejected') throw graphRes.reason;
	const candidates = snapRes.value ?? placed;
	const graph = graphRes.value;
	return {
		request,
		type: request.type,
		lifeCircle,
		walkM,
		detour: reach.detour,
		radius,
		measure,
		network,
		graph,
		areaId,
		demand,
		candidates,
		spacing,
		existing: ctx[0].existing,
		outlines: ctx[0].outlines
	};
}

/** The request as recorded: client geometry replaced by its size. */
function recordedRequest(p: PreparedRun): SitingRequest {
	const c = p.request.candidates;
	return {
		...p.request,
		candidates:
			c.kind === 'geojson' ? { kind: 'geojson', crs: c.crs, geojson: { count: p.candidates.length } } : c
	};
}

let queue: Promise<void> = Promise.resolve();

/** Record a run and queue its solve; answers the run id. */
export async function startSiting(body: unknown, user: SessionUser, scope: Scope): Promise<{ id: string }> {
	const prepared = await prepareRun(body, scope);
	await db().query(`DELETE FROM siting_runs WHERE created_at < now() - $1::interval`, [KEEP_RUNS]);
	const { rows } = await db().query<{ id: string }>(
		`INSERT INTO siting_runs (user_id, request, progress) VALUES ($1, $2, $3) RETURNING id`,
		[user.id, recordedRequest(prepared), { phase: 'queued', fraction: 0 }]
	);
	const id = rows[0].id;
	queue = queue.then(() => executeRun(id, prepared));
	return { id };
}

/** Solve a prepared run and store the outcome (or the error). Never throws. */
export async function executeRun(id: string, p: PreparedRun): Promise<void> {
	let lastWrite = 0;
	const writeProgress = (progress: SitingProgressView, force = false) => {
		const now = performance.now();
		if (!force && now - lastWrite < 250) return;
		lastWrite = now;
		db()
			.query(
				`UPDATE siting_runs SET progress = $2, updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
				[id, progress]
			)
			.catch((e) => console.error(`siting run ${id}: progress not saved: ${e.message}`));
	};
	try {
		await db().query(`UPDATE siting_runs SET status = 'running', updated_at = now() WHERE id = $1`, [id]);
		writeProgress({ phase: 'prepare', fraction: 0 }, true);
		const outcome = await solveRun(p, (progress) => writeProgress(progress));
		await db().query(
			`UPDATE siting_runs SET status = 'done', result = $2, progress = $3, updated_at = now(), finished_at = now()
			 WHERE id = $1`,
			[id, outcome, { phase: 'done', fraction: 1, bestHouseholds: outcome.totals.newlyCovered }]
		);
	} catch (e) {
		const err = asInputError(e);
		const error =
			err instanceof InputError ? { message: err.message, field: err.field } : { message: err.message };
		if (!(err instanceof InputError)) console.error(`siting run ${id} failed:`, err);
		await db()
			.query(
				`UPDATE siting_runs SET status = 'failed', error = $2, updated_at = now(), finished_at = now() WHERE id = $1`,
				[id, error]
			)
			.catch((e2) => console.error(`siting run ${id}: failure not saved: ${e2.message}`));
	}
}

/** The solve and its summary (exported for the benchmark and tests). */
export async function solveRun(
	p: PreparedRun,
	onProgress: (progress: SitingProgressView) => void = () => {}
): Promise<SitingOutcome> {
	const { request, demand, candidates, radius } = p;
	onProgress({ phase: 'prepare', fraction: 0 });
	// which buildings each candidate reaches (walks over the network, or plane distance)
	const { reachOf, lists } = candidateReach(p);
	const uncovered = demand.filter((d) => !d.covered);
	// the network's coverage sets, as indices into `uncovered`
	let coverage: number[][] | undefined;
	if (lists) {
		const position = new Int32Array(demand.length).fill(-1);
		let n = 0;
		demand.forEach((d, i) => {
			if (!d.covered) position[i] = n++;
		});
		coverage = lists.map((list) => list.flatMap((i) => (position[i] >= 0 ? [position[i]] : [])));
	}
	const total = demand.reduce((a, d) => a + d.households, 0);
	const before = total - uncovered.reduce((a, d) => a + d.households, 0);
	const uncoveredTotal = total - before;
	const isCover = request.target !== undefined;
	// set covering: the share the new sites must add, of the households not yet reached
	const need = isCover ? request.target! * total - before : 0;
	let result: SitingResult | null = null;
	if (uncoveredTotal > 0 && (!isCover || need > 0)) {
		const input = {
			demand: uncovered.map((d) => ({ id: d.id, x: d.x, y: d.y, weight: d.households })),
			candidates: candidates.map((c) => ({ id: c.id, x: c.x, y: c.y })),
			radius,
			planar: true,
			...(coverage ? { coverage } : {}),
			...(isCover ? { target: Math.min(1, need / uncoveredTotal) } : { k: request.k })
		};
		const signal = AbortSignal.timeout(RUN_TIME_LIMIT_MS);
		const options = (share: number, done: number) => ({
			lagrangianTimeLimitMs: APP_SOLVER_OPTIONS.lagrangianTimeLimitMs,
			swapTimeLimitMs: APP_SOLVER_OPTIONS.swapTimeLimitMs,
			exactTimeLimitMs: APP_SOLVER_OPTIONS.exactTimeLimitMs,
			signal,
			onProgress: (s: SitingProgress) =>
				onProgress({
					phase: s.phase === 'done' && share < 1 ? 'exact' : s.phase,
					fraction: done + s.fraction * share,
					bestHouseholds: s.bestWeight,
					message: s.message
				})
		});
		// heuristic (with the Lagrangian bound) first; the MIP only where it may still gain
		result = await solveSiting(input, {
			method: 'heuristic',
			...options(request.method === 'heuristic' ? 1 : 0.6, 0)
		});
		const small = result.instance.nonzeros <= APP_SOLVER_OPTIONS.exactMaxNonzeros;
		if (request.method !== 'heuristic' && small && result.gap !== 0) {
			const exact = await solveSiting(input, { method: 'exact', ...options(0.4, 0.6) });
			const better = isCover
				? exact.sites.length < result.sites.length
				: exact.newlyCoveredWeight > result.newlyCoveredWeight;
			result = better || exact.gap === 0 ? exact : result;
		}
	}
	const sites = result?.sites ?? [];
	const { rows: siteAreas } = await db().query<SiteArea>(siteAreasSql, [
		sites.map((s) => candidates[s.index].lon),
		sites.map((s) => candidates[s.index].lat)
	]);
	const ids = [...new Set(demand.flatMap((d) => [d.communityId, d.streetId]).filter((v) => v !== null))];
	const { rows: names } = await db().query<{ id: number; name: string; level: 'street' | 'community' }>(
		`SELECT id, name, level FROM areas WHERE id = ANY($1::int[]) AND level IN ('street', 'community')`,
		[ids]
	);
	const summary = summarise(
		demand,
		candidates,
		reachOf,
		result,
		siteAreas,
		new Map(names.map((n) => [n.id, { name: n.name, level: n.level }]))
	);
	const warnings = [...(result?.warnings ?? [])];
	const notices = [...(result?.notices ?? [])];
	if (summary.totals.newlyCovered !== (result?.newlyCoveredWeight ?? 0)) {
		warnings.push(
			`solver counted ${result?.newlyCoveredWeight} newly reached households, the check ${summary.totals.newlyCovered}`
		);
		notices.push({
			code: 'checkMismatch',
			values: { solver: result?.newlyCoveredWeight ?? 0, check: summary.totals.newlyCovered }
		});
	}
	return {
		problem: isCover ? 'set-cover' : 'mclp',
		rule: {
			type: p.type,
			lifeCircle: p.lifeCircle,
			walkM: p.walkM,
			detour: p.detour,
			radiusM: radius,
			measure: p.measure,
			network: p.network
		},
		areaId: p.areaId,
		k: request.k ?? null,
		target: request.target ?? null,
		reached: isCover ? summary.totals.afterShare >= request.target! - 1e-9 : null,
		candidates: {
			kind: request.candidates.kind,
			count: candidates.length,
			spacing: p.spacing,
			snapped: candidates.filter((c) => c.at).length
		},
		totals: summary.totals,
		sites: summary.sites,
		areas: summary.areas,
		solver: {
			method:
				result?.method ?? (uncoveredTotal === 0 ? 'none (every household is reached)' : 'none (target met)'),
			gap: result ? result.gap : 0,
			heuristicGap: result ? result.heuristic.gap : 0,
			timeMs: result?.timeMs ?? 0,
			groups: result?.instance.groups ?? 0,
			exact: result?.exact ? `${result.exact.status}${result.exact.relaxation ? ' (LP)' : ''}` : null,
			warnings,
			notices
		},
		existing: p.existing,
		outlines: p.outlines,
		demand: summary.demand
	};
}

const RUN_COLUMNS = (withDemand: boolean) => `id, status, progress, request,
	${withDemand ? 'result' : "result - 'demand' AS result"},
	CASE WHEN status IN ('queued', 'running') AND updated_at < now() - '${LOST_AFTER}'::interval
	  THEN '{"message": "the run was lost (its server stopped); start it again", "field": "status"}'::jsonb ELSE error END AS error,
	CASE WHEN status IN ('queued', 'running') AND updated_at < now() - '${LOST_AFTER}'::interval
	  THEN 'failed' ELSE status END AS status_now,
	created_at AS "createdAt", finished_at AS "finishedAt", user_id`;

/** A run of the user's (admins see every run); 404 for anyone else's, so ids do not leak. */
export async function getRun(
	id: string,
	user: SessionUser,
	opts: { demand?: boolean } = {}
): Promise<SitingRun> {
	const { rows } = await db().query(`SELECT ${RUN_COLUMNS(!!opts.demand)} FROM siting_runs WHERE id = $1`, [
		id
	]);
	const r = rows[0];
	if (!r || (r.user_id !== user.id && user.role !== 'admin'))
		throw new InputError(404, 'id', `no siting run ${id}`);
	return {
		id: r.id,
		status: r.status_now,
		progress: r.progress,
		request: r.request,
		result: r.result,
		error: r.error,
		createdAt: r.createdAt,
		finishedAt: r.finishedAt
	};
}

/** Wait for the queued runs of this instance (tests, shutdown). */
export const drainSiting = () => queue;

/** A finished run's sites as a file; 409 while it is not done. */
export async function exportRun(
	id: string,
	user: SessionUser,
	format: 'geojson' | 'csv'
): Promise<{ body: string; type: string; name: string }> {
	const run = await getRun(id, user);
	if (run.status !== 'done' || !run.result)
		throw new InputError(409, 'status', `the run is ${run.status}; only a finished run exports`);
	const name = `siting-${run.result.rule.type}-${id.slice(0, 8)}.${format}`;
	return format === 'csv'
		? { body: sitesCsv(run.result), type: 'text/csv; charset=utf-8', name }
		: { body: JSON.stringify(sitesGeoJson(id, run.result)), type: 'application/geo+json', name };
}
