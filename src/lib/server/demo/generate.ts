// A deterministic generator of a believable demo city of 吉安 (Ji'an). Pure: no database.
//
// Geometry is built top-down so that containment holds by construction: districts (synthetic or
// from a boundary file) → streets (rectangles between arterials at varied spacing, clipped to the
// district's land, the Gan river cut out) → communities (a grid of rectangles between secondary
// roads at varied spacing, clipped to the street) → compounds (insets of vertical
// stripes of the community) → buildings (rows inside the compound). Roads run in the gaps that
// this leaves (arterials between streets, secondary roads between communities, lanes between
// compounds: see roads.ts), bridges cross the river (river.ts); each compound has its own footways,
// a path in front of each row of buildings and two gates to the lanes (layout.ts), so walks over the
// network enter a compound only through its gates. Grid cells cut each stripe of a
// community at gaps between building rows, so that they tile the community exactly and no
// building is cut. Around the seat, compounds are laid only inside the built-up area's edge
// (urban-edge.ts); beyond it are fields. All of this is planned on a lattice of straight lines; a last step bends it
// (warp.ts: a seeded, smooth, one-to-one displacement, zero on district boundaries and near the
// river) so that the city has curving arterials and irregular blocks and keeps every containment
// above. The static part (areas … fee collections, roads, water, land use) is returned
// as arrays; tickets and patrols are produced in day-sized batches by a generator so that a large
// scale stays in bounded memory (planned the same way, warped as they are made). Module map:
// rows.ts (row shapes), geometry.ts, model.ts, warp.ts,
// layout.ts (one community), activity.ts (tickets, patrols), divisions.ts (real names and codes).
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { activity } from './activity';
import { makeCreditCode } from './credit-code';
import { cleanMulti, districtsFromBoundaries, syntheticDistricts } from './districts';
import { clipRect, r7, rectMeters, rectMulti, rectRing, variedCuts } from './geometry';
import { facilitySpur, layoutCommunity, marginPoint } from './layout';
import { communitiesOf, streetByName } from './divisions';
import { divideLand } from './land-division';
import { ganRiver, landOf } from './river';
import { RoadLattice } from './roads';
import { TICK_DEG, Warp, WarpGeometry } from './warp';
import { urbanEdge } from './urban-edge';
import { randomDate, toNow, type CommunityModel, type CompoundModel, type Model } from './model';
import {
	CITY,
	COMMUNITY_WORDS,
	DISTRICT_STREETS,
	FACILITY_LABELS,
	FACILITY_TYPES,
	JIZHOU_STREETS,
	JIZHOU_TOWNS,
	companyName,
	mobilePhone,
	personName,
	uniqueName,
	type FacilityType,
	type TicketCategory
} from './names';
import { Random, WeightedTable } from './random';
import {
	DEFAULT_SEED,
	SHANGHAI,
	validateScale,
	validateSeed,
	type ActivityBatch,
	type AreaRow,
	type City,
	type CityBase,
	type GenerateOptions,
	type PartyOrgRow,
	type PersonRow,
	type Point,
	type Rect
} from './rows';

export * from './rows';
export type { MultiPolygonCoords } from './districts';
export { rectRing } from './geometry';

function buildModel(opts: GenerateOptions): Model {
	const seed = validateSeed(opts.seed ?? DEFAULT_SEED);
	const scale = validateScale(opts.scale ?? 1);
	const now = toNow(opts.now);
	const districts =
		opts.districts ??
		(opts.boundaries ? districtsFromBoundaries(opts.boundaries, 'wgs84') : syntheticDistricts());
	const rng = new Random(seed);

	const base: CityBase = {
		seed,
		scale,
		now,
		areas: [],
		property_companies: [],
		people: [],
		grid_cells: [],
		compounds: [],
		buildings: [],
		party_orgs: [],
		party_org_companies: [],
		party_instructors: [],
		cross_appointments: [],
		facilities: [],
		fee_collections: [],
		roads: [],
		water: [],
		landuse: [],
		users: []
	};
	const addPerson = (kind: PersonRow['kind'], area_id: number | null, company_id: number | null = null) => {
		const id = base.people.length + 1;
		base.people.push({ id, name: personName(rng), phone: mobilePhone(rng), kind, area_id, company_id });
		return id;
	};

	// --- areas: city and districts
	const districtFeatures = districts.map((d) => turf.multiPolygon(d.geom));
	// streets take the land only: the Gan river and a strip along its banks are left to water and roads
	const river = ganRiver();
	const lands = districtFeatures.map(landOf);
	const lattice = new RoadLattice();
	// the compounds' own paths and gates (layout.ts), joined to the roads after the lattice's
	const footways: { name: string | null; line: Point[] }[] = [];
	const union =
		districtFeatures.length === 1
			? districtFeatures[0]
			: turf.union(turf.featureCollection(districtFeatures));
	if (!union) throw new Error('the districts have no area');
	const ug = union.geometry as Polygon | MultiPolygon;
	base.areas.push({
		id: 1,
		code: CITY.code,
		name: CITY.name,
		level: 'city',
		parent_id: null,
		population: 0,
		households: 0,
		geom: cleanMulti(ug.type === 'Polygon' ? [ug.coordinates] : ug.coordinates)
	});
	const districtIds: number[] = [];
	for (const d of districts) {
		const id = base.areas.length + 1;
		districtIds.push(id);
		base.areas.push({
			id,
			code: d.adcode,
			name: d.name,
			level: 'district',
			parent_id: 1,
			population: 0,
			households: 0,
			geom: d.geom
		});
	}
	const jizhouIdx = districts.findIndex((d) => d.adcode === '360802');

	// --- property companies (a fixed set, whatever the scale)
	const companyHome: number[] = [];
	const usedCompanyNames = new Set<string>();
	const homes: number[] = [];
	for (let i = 0; i < 33; i++) homes.push(jizhouIdx);
	for (let di = 0; di < districts.length; di++) if (di !== jizhouIdx) homes.push(di, di);
	while (homes.length < 57) homes.push(jizhouIdx);
	homes.length = 57;
	homes.forEach((di, i) => {
		const id = i + 1;
		const d = districts[di];
		const name = i === 0 ? '吉安市锦华物业有限公司' : companyName(rng, i, d.name, usedCompanyNames);
		usedCompanyNames.add(name);
		base.property_companies.push({
			id,
			name,
			credit_code: i === 0 ? '' : makeCreditCode(rng, d.adcode),
			address: `${CITY.name}${d.name}${rng.pick(COMMUNITY_WORDS)}路${rng.int(1, 300)}号`,
			party_members: 0
		});
		companyHome.push(di);
	});
	base.property_companies[0].credit_code = makeCreditCode(new Random(360802), '360802');
	const jizhouCompanies = base.property_companies
		.filter((_, i) => companyHome[i] === jizhouIdx)
		.map((c) => c.id);
	const zipf = (n: number) => Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, 0.8));
	const jizhouTable = new WeightedTable(zipf(jizhouCompanies.length));

	// --- streets
	interface StreetPlan {
		name: string;
		rect: Rect;
		perStreet: number;
		districtIdx: number;
		code: string;
		/** one of 吉州区's urban streets (the rectangle of blocks around the seat) */
		urban?: boolean;
	}
	const plans: StreetPlan[] = [];
	// the spacing of arterials and secondary roads is drawn from a stream of its own
	const spacing = new Random((seed ^ 0x5a7e) >>> 0);
	const draw = () => spacing.next();
	/** the urban streets' rectangle */
	let urbanCore: Rect | null = null;
	/** the edge of the built-up area within that rectangle (urban-edge.ts): fields beyond it */
	let builtUpEdge: Feature<Polygon> | null = null;
	{
		// the urban core, around the seat; with a real boundary the seat is close to the border
		// (the Gan river), so the core moves inland until most of it lies inside the district
		const [sx, sy] = districts[jizhouIdx].seat;
		const coreAt = (dx: number, dy: number): Rect => [
			r7(sx + dx - 0.07),
			r7(sy + dy - 0.032),
			r7(sx + dx + 0.03),
			r7(sy + dy + 0.043)
		];
		const share = (r: Rect) => {
			const rect = turf.polygon([rectRing(r)]);
			const inter = turf.intersect(
				turf.featureCollection<Polygon | MultiPolygon>([
					rect,
					lands[jizhouIdx] ?? districtFeatures[jizhouIdx]
				])
			);
			return inter ? turf.area(inter) / turf.area(rect) : 0;
		};
		let core = coreAt(0, 0);
		let best = share(core);
		for (let step = 1; step <= 8 && best < 0.9; step++) {
			for (const [dx, dy] of [
				[-0.01 * step, 0],
				[-0.01 * step, 0.01 * step],
				[-0.01 * step, -0.01 * step],
				[0, 0.01 * step],
				[0, -0.01 * step]
			]) {
				const candidate = coreAt(dx, dy);
				const sh = share(candidate);
				if (sh > best + 1e-9) [core, best] = [candidate, sh];
			}
		}
		urbanCore = core;
		builtUpEdge = urbanEdge(core, seed);
		// the arterials between the urban streets at varied spacing
		const midY = variedCuts(core[1], core[3], 2, 0.12, draw)[1];
		const topCuts = variedCuts(core[0], core[2], 4, 0.2, draw);
		const bottomCuts = variedCuts(core[0], core[2], 3, 0.2, draw);
		JIZHOU_STREETS.forEach((name, i) => {
			const top = i < 4;
			const k = top ? i : i - 4;
			const cuts = top ? topCuts : bottomCuts;
			const [x0, x1] = [cuts[k], cuts[k + 1]];
			const rect: Rect = top ? [x0, midY, x1, core[3]] : [x0, core[1], x1, midY];
			plans.push({
				name,
				rect,
				perStreet: 8,
				districtIdx: jizhouIdx,
				urban: true,
				code: streetByName('360802', name)?.code ?? `360802${String(i + 1).padStart(3, '0')}`
			});
		});
		JIZHOU_TOWNS.forEach((t, i) => {
			let rect: Rect = [r7(t.at[0] - 0.025), r7(t.at[1] - 0.0225), r7(t.at[0] + 0.025), r7(t.at[1] + 0.0225)];
			// a core moved inland must not overlap a town: push the town out of the core's way
			if (rect[0] < core[2] && rect[2] > core[0] && rect[1] < core[3] && rect[3] > core[1]) {
				const left = rect[2] - core[0];
				const right = core[2] - rect[0];
				const down = rect[3] - core[1];
				const up = core[3] - rect[1];
				const shift = Math.min(left, right, down, up);
				const d: [number, number] =
					shift === left ? [-left, 0] : shift === right ? [right, 0] : shift === down ? [0, -down] : [0, up];
				rect = [r7(rect[0] + d[0]), r7(rect[1] + d[1]), r7(rect[2] + d[0]), r7(rect[3] + d[1])];
			}
			plans.push({
				name: t.name,
				rect,
				perStreet: 2,
				districtIdx: jizhouIdx,
				code: streetByName('360802', t.name)?.code ?? `360802${String(100 + i + 1)}`
			});
		});
	}
	districts.forEach((d, di) => {
		if (di === jizhouIdx) return;
		const names = DISTRICT_STREETS[d.adcode] ?? [`${d.name.slice(0, 2)}街道`, `${d.name.slice(0, 2)}镇`];
		const [sx, sy] = d.seat;
		names.forEach((name, k) => {
			const rect: Rect =
				k === 0
					? [r7(sx - 0.036), r7(sy - 0.02), r7(sx), r7(sy + 0.02)]
					: [r7(sx), r7(sy - 0.02), r7(sx + 0.036), r7(sy + 0.02)];
			plans.push({
				name,
				rect,
				perStreet: 2,
				districtIdx: di,
				code: streetByName(d.adcode, name)?.code ?? `${d.adcode}${String(k + 1).padStart(3, '0')}`
			});
		});
	});

	const model: Model = {
		base,
		compounds: [],
		communities: [],
		buildingCell: [],
		cellWorker: new Map(),
		companyHead: new Map(),
		hotspots: [],
		chengjian: -1,
		warp: (p) => p,
		builtUpEdge
	};
	const usedCompoundNames = new Set<string>();
	const streetOrgs = new Map<number, number>();
	const addOrg = (o: Omit<PartyOrgRow, 'id'>) => {
		const id = base.party_orgs.length + 1;
		base.party_orgs.push({ id, ...o });
		return id;
	};
	const industryOrg = addOrg({
		name: '中共吉安市物业服务行业委员会',
		kind: 'committee',
		parent_id: null,
		area_id: 1,
		compound_id: null,
		members: 9,
		founded_on: '2017-09-08',
		point: null
	});

	let yangmingPlaced = false;
	/** the plan rectangles of the streets laid out: each bends on its own in the warp */
	const blocks: Rect[] = [];
	for (const plan of plans) {
		const districtId = districtIds[plan.districtIdx];
		const land = lands[plan.districtIdx];
		const street = land && clipRect(plan.rect, land, 0.05);
		if (!street) continue;
		blocks.push(plan.rect);
		if (plan.urban && urbanCore) {
			// arterials between the urban streets, and on their east side (the river's); the core's
			// other outer sides are left to the communities' own roads, which follow the built-up edge
			const [w, s, e, n] = plan.rect;
			const d = plan.districtIdx;
			if (s !== urbanCore[1]) lattice.horizontal(s, w, e, 'primary', d);
			if (n !== urbanCore[3]) lattice.horizontal(n, w, e, 'primary', d);
			if (w !== urbanCore[0]) lattice.vertical(w, s, n, 'primary', d);
			lattice.vertical(e, s, n, 'primary', d);
		} else lattice.rect(plan.rect, 'primary', plan.districtIdx);
		const streetId = base.areas.length + 1;
		const streetRow: AreaRow = {
			id: streetId,
			code: plan.code,
			name: plan.name,
			level: 'street',
			parent_id: districtId,
			population: 0,
			households: 0,
			geom: street.geom
		};
		base.areas.push(streetRow);
		const streetOrg = addOrg({
			name: `中共${plan.name}${plan.name.endsWith('镇') ? '' : '工作'}委员会`,
			kind: 'committee',
			parent_id: null,
			area_id: streetId,
			compound_id: null,
			members: rng.int(5, 9),
			founded_on: randomDate(rng, 1985, Date.UTC(2005, 0, 1)),
			point: null
		});
		streetOrgs.set(streetId, streetOrg);
		const streetFeature = turf.multiPolygon(street.geom);

		// a grid of community rectangles over the street's rectangle
		const n = plan.perStreet * scale;
		const [wm, hm] = rectMeters(plan.rect);
		const cols = Math.max(1, Math.round(Math.sqrt((n * wm) / hm)));
		const rows = Math.max(1, Math.ceil(n / cols));
		// the secondary roads between communities at varied spacing, as the arterials
		const xs = variedCuts(plan.rect[0], plan.rect[2], cols, 0.25, draw);
		const ys = variedCuts(plan.rect[1], plan.rect[3], rows, 0.25, draw);
		const usedNames = new Set<string>();
		const isGunan = plan.name === '古南街道' && plan.districtIdx === jizhouIdx;
		const cellsOrder: { i: number; j: number; rect: Rect }[] = [];
		for (let j = 0; j < rows; j++) {
			for (let i = 0; i < cols; i++) {
				const rect: Rect = [xs[i], ys[j], xs[i + 1], ys[j + 1]];
				cellsOrder.push({ i, j, rect });
			}
		}
		const edge = plan.urban ? builtUpEdge : null;
		const inside = edge ? (p: Point) => turf.booleanPointInPolygon(p, edge) : null;
		// a community is built where part of it lies in the built-up area (its anchor: the first of nine
		// points, its centre first, that does); wholly beyond it are the street's fields
		const anchors = cellsOrder.map(({ rect: r }) =>
			inside
				? ([0.5, 1 / 6, 5 / 6]
						.flatMap((fx) =>
							[0.5, 1 / 6, 5 / 6].map((fy): Point => [r[0] + (r[2] - r[0]) * fx, r[1] + (r[3] - r[1]) * fy])
						)
						.find(inside) ?? null)
				: null
		);
		const clips = cellsOrder.map((c, k) =>
			inside && !anchors[k]
				? null
				: street.clipped
					? clipRect(c.rect, streetFeature, 0.3)
					: { geom: rectMulti(c.rect), clipped: false }
		);
		/** The cell (index in `clips`) whose centre is nearest `to`: a laid-out one, or an unclipped one. */
		const nearestCell = (to: Point, unclippedOnly: boolean) => {
			let [best, at] = [Infinity, -1];
			clips.forEach((c, k) => {
				if (!c || (unclippedOnly && c.clipped)) return;
				const r = cellsOrder[k].rect;
				const d = Math.hypot((r[0] + r[2]) / 2 - to[0], (r[1] + r[3]) / 2 - to[1]);
				if (d < best) [best, at] = [d, k];
			});
			return at;
		};
		// the committee sits in the street's built-up core, which its polygon outgrows (divideLand): in
		// the community nearest the middle of the street's rectangle, else (a street with no community)
		// in its core polygon
		const middle = nearestCell([(plan.rect[0] + plan.rect[2]) / 2, (plan.rect[1] + plan.rect[3]) / 2], false);
		/** the community laid out in each cell (its polygon is final once laid out: layout.ts) */
		const communityIn: AreaRow[] = [];
		// 古南街道: 桃树下社区 is the unclipped cell nearest the seat
		const taoshuxia = isGunan ? nearestCell(districts[jizhouIdx].seat, true) : -1;
		let yangming = -1;
		if (!yangmingPlaced && plan.name === '白塘街道') yangming = clips.findIndex((c) => c && !c.clipped);

		// real communities of the street (吉州区) in the order of their codes, then generated ones
		const real = communitiesOf(plan.code);
		const codeNumbers = new Set(real.map((c) => Number(c.code.slice(-3))));
		let nextNumber = 0;
		const freeNumber = () => {
			do nextNumber++;
			while (codeNumbers.has(nextNumber));
			codeNumbers.add(nextNumber);
			return nextNumber;
		};
		for (const c of real) usedNames.add(c.name);
		const usedRealCodes = new Set<string>();
		clips.forEach((clip, k) => {
			if (!clip) return;
			const special = k === taoshuxia ? 'chengjian' : k === yangming ? 'yangming' : null;
			let name: string;
			let code: string;
			const realRow =
				special === 'yangming'
					? undefined
					: special === 'chengjian'
						? real.find((c) => c.name === '桃树下社区')
						: real.find((c) => !usedRealCodes.has(c.code) && c.name !== '桃树下社区');
			if (realRow) {
				usedRealCodes.add(realRow.code);
				[name, code] = [realRow.name, realRow.code];
			} else {
				name =
					special === 'chengjian'
						? '桃树下社区'
						: special === 'yangming'
							? '阳明社区'
							: uniqueName(rng, COMMUNITY_WORDS, '社区', usedNames);
				code = `${plan.code}${String(freeNumber()).padStart(3, '0')}`;
			}
			usedNames.add(name);
			if (special === 'yangming') yangmingPlaced = true;
			const id = base.areas.length + 1;
			const row: AreaRow = {
				id,
				code,
				name,
				level: 'community',
				parent_id: streetId,
				population: 0,
				households: 0,
				geom: clip.geom
			};
			base.areas.push(row);
			communityIn[k] = row;
			const community: CommunityModel = { row, districtId, committee: [], compounds: [] };
			model.communities.push(community);
			layoutCommunity(
				model,
				rng,
				community,
				cellsOrder[k].rect,
				clip,
				plan.districtIdx,
				plan.districtIdx === jizhouIdx,
				special,
				{
					usedCompoundNames,
					addPerson,
					lattice,
					seed,
					builtUp: inside && anchors[k] ? { inside, anchor: anchors[k] } : undefined,
					addFootway: (name, line) => footways.push({ name, line }),
					addLanduse: (kind, name, rect) => {
						base.landuse.push({ id: base.landuse.length + 1, kind, name, geom: rectMulti(rect) });
						lattice.compound(rect);
					},
					companyFor: (di: number) => {
						if (rng.chance(plan.districtIdx === jizhouIdx ? 0.1 : 0.18)) return null;
						if (di !== jizhouIdx && rng.chance(0.7)) {
							const own = base.property_companies.filter((_, ci) => companyHome[ci] === di);
							if (own.length) return rng.pick(own).id;
						}
						return jizhouCompanies[jizhouTable.draw(rng.next())];
					},
					address: `${CITY.name}${districts[plan.districtIdx].name}${plan.name}`
				}
			);
			streetRow.households += row.households;
			streetRow.population += row.population;
		});
		base.party_orgs[streetOrg - 1].point = turf.pointOnFeature(
			middle >= 0 ? turf.multiPolygon(communityIn[middle].geom) : streetFeature
		).geometry.coordinates as Point;
		base.areas[plan.districtIdx + 1].households += streetRow.households;
		base.areas[plan.districtIdx + 1].population += streetRow.population;
	}
	for (const d of base.areas.filter((a) => a.level === 'district')) {
		base.areas[0].households += d.households;
		base.areas[0].population += d.population;
	}
	// --- the base map: the river, and roads in the gaps the layout left
	base.water.push({ id: 1, name: river.name, kind: 'river', geom: river.water });
	{
		const core = plans.filter((p) => p.urban);
		const [x1, y0, y1] = [
			Math.max(...core.map((p) => p.rect[2])),
			Math.min(...core.map((p) => p.rect[1])),
			Math.max(...core.map((p) => p.rect[3]))
		];
		const ys = [...new Set(core.map((p) => p.rect[1]))].sort((a, b) => a - b);
		const bridgeLats = [y0, ...ys.filter((y) => y > y0), y1].map((y) => ({
			y,
			fromX: x1,
			district: jizhouIdx
		}));
		base.roads = lattice.build({ seed, lands, river, bridgeLats });
		for (const f of footways)
			base.roads.push({
				id: base.roads.length + 1,
				name: f.name,
				class: 'footway',
				bridge: false,
				line: f.line
			});
	}
	if (model.chengjian < 0)
		throw new Error('could not place 城建花苑: 古南街道 has no community fully inside 吉州区');

	// --- company heads, party organizations, instructors
	for (const c of base.property_companies) model.companyHead.set(c.id, addPerson('company_head', null, c.id));
	const firstCompound = new Map<number, CompoundModel>();
	for (const cm of model.compounds)
		if (cm.row.company_id && !firstCompound.has(cm.row.company_id)) firstCompound.set(cm.row.company_id, cm);
	const orgPoint = (companyId: number): Point | null => {
		const cm = firstCompound.get(companyId);
		return cm ? marginPoint(rng, cm) : null;
	};
	const others = rng.shuffle(base.property_companies.slice(1).map((c) => c.id));
	const own = [1, ...others.slice(0, 32)];
	const joint = others.slice(32, 42);
	const instructed = others.slice(42, 48);
	for (const cid of own) {
		const c = base.property_companies[cid - 1];
		c.party_members = cid === 1 ? 12 : rng.int(3, 26);
		const org = addOrg({
			name: `中共${c.name}${c.party_members >= 20 ? '总支部' : '支部'}委员会`,
			kind: c.party_members >= 20 ? 'general_branch' : 'branch',
			parent_id: industryOrg,
			area_id: districtIds[companyHome[cid - 1]],
			compound_id: null,
			members: c.party_members,
			founded_on: cid === 1 ? '2009-06-26' : randomDate(rng, 2012, now),
			point: orgPoint(cid)
		});
		base.party_org_companies.push({ org_id: org, company_id: cid });
	}
	const jointGroups = [joint.slice(0, 4), joint.slice(4, 7), joint.slice(7, 10)];
	for (const group of jointGroups) {
		const home = districtIds[companyHome[group[0] - 1]];
		const streetRow = base.areas.find((a) => a.level === 'street' && a.parent_id === home);
		let members = 0;
		for (const cid of group) members += base.property_companies[cid - 1].party_members = rng.int(1, 2);
		const org = addOrg({
			name: `中共${streetRow?.name ?? base.areas[home - 1].name}物业服务企业联合支部委员会`,
			kind: 'joint_branch',
			parent_id: industryOrg,
			area_id: streetRow?.id ?? home,
			compound_id: null,
			members,
			founded_on: randomDate(rng, 2016, Date.UTC(2023, 0, 1)),
			point: orgPoint(group[0])
		});
		for (const cid of group) base.party_org_companies.push({ org_id: org, company_id: cid });
	}
	for (const cid of instructed) {
		base.property_companies[cid - 1].party_members = rng.int(0, 2);
		const person = addPerson('instructor', districtIds[companyHome[cid - 1]], null);
		base.party_instructors.push({
			id: base.party_instructors.length + 1,
			person_id: person,
			company_id: cid,
			start_on: randomDate(rng, 2019, Date.UTC(2024, 0, 1)),
			end_on: null
		});
	}
	for (const cid of others.slice(48)) base.property_companies[cid - 1].party_members = rng.int(0, 2);

	// community and compound party organizations
	for (const cm of model.communities) {
		const org = addOrg({
			name: `中共${cm.row.name}${cm.row.households >= 3000 ? '委员会' : '总支部委员会'}`,
			kind: cm.row.households >= 3000 ? 'committee' : 'general_branch',
			parent_id: streetOrgs.get(cm.row.parent_id!) ?? null,
			area_id: cm.row.id,
			compound_id: null,
			members: rng.int(40, 260),
			founded_on: randomDate(rng, 1995, Date.UTC(2016, 0, 1)),
			point: null
		});
		for (const ci of cm.compounds) {
			const c = model.compounds[ci];
			if (c.row.households >= 800 && (ci === model.chengjian || rng.chance(0.5))) {
				addOrg({
					name: `中共${c.row.name}支部委员会`,
					kind: 'branch',
					parent_id: org,
					area_id: cm.row.id,
					compound_id: c.row.id,
					members: rng.int(8, 45),
					founded_on: randomDate(rng, 2015, now),
					point: marginPoint(rng, c)
				});
			}
		}
	}

	// --- cross-appointments: 37 committee members as property supervisors, some company heads on committees
	const pairs: { community: CommunityModel; company: number }[] = [];
	const seenPairs = new Set<string>();
	for (const cm of model.communities) {
		for (const ci of cm.compounds) {
			const company = model.compounds[ci].row.company_id;
			if (company && !seenPairs.has(`${cm.row.id}/${company}`)) {
				seenPairs.add(`${cm.row.id}/${company}`);
				pairs.push({ community: cm, company });
			}
		}
	}
	rng.shuffle(pairs);
	const usedMembers = new Set<number>();
	let supervisors = 0;
	for (const p of pairs) {
		if (supervisors === 37) break;
		const person = p.community.committee.find((m) => !usedMembers.has(m));
		if (!person) continue;
		usedMembers.add(person);
		supervisors++;
		base.cross_appointments.push({
			id: base.cross_appointments.length + 1,
			person_id: person,
			direction: 'committee_to_company',
			community_id: p.community.row.id,
			company_id: p.company,
			title: '物业服务监督员',
			start_on: randomDate(rng, 2019, now),
			end_on: null
		});
	}
	for (const p of pairs.slice(-15)) {
		base.cross_appointments.push({
			id: base.cross_appointments.length + 1,
			person_id: model.companyHead.get(p.company)!,
			direction: 'company_to_committee',
			community_id: p.community.row.id,
			company_id: p.company,
			title: '社区党组织兼职委员',
			start_on: randomDate(rng, 2019, now),
			end_on: null
		});
	}

	// --- facilities
	const facilityOdds: Record<FacilityType, number> = {
		party_service_center: 1,
		residents_council_room: 1,
		red_station: 0.5,
		elderly_center: 0.6,
		library: 0.35,
		fitness_center: 0.3,
		volunteer_station: 0.5,
		youth_reading_room: 0.2,
		health_station: 0.4,
		kindergarten: 0.4
	};
	const facilitySize: Record<FacilityType, [number, number, number, number]> = {
		red_station: [30, 60, 60, 200],
		party_service_center: [100, 300, 300, 1500],
		library: [20, 60, 40, 200],
		fitness_center: [50, 200, 200, 1200],
		volunteer_station: [10, 30, 20, 80],
		elderly_center: [30, 80, 60, 300],
		youth_reading_room: [20, 50, 40, 150],
		residents_council_room: [20, 40, 30, 100],
		health_station: [20, 80, 150, 600],
		kindergarten: [90, 360, 1200, 3000]
	};
	/** the compound in whose margin each facility stands (its id → the compound) */
	const facilityCompound = new Map<number, CompoundModel>();
	const addFacility = (
		type: FacilityType,
		cm: CompoundModel,
		community: CommunityModel,
		name?: string,
		floorArea?: number
	) => {
		const [c0, c1, a0, a1] = facilitySize[type];
		const inCompound = type === 'red_station' || type === 'kindergarten' || type === 'elderly_center';
		const id = base.facilities.length + 1;
		facilityCompound.set(id, cm);
		base.facilities.push({
			id,
			code: `F${String(id).padStart(6, '0')}`,
			type,
			name: name ?? `${inCompound ? cm.row.name : community.row.name}${FACILITY_LABELS[type]}`,
			capacity: rng.int(c0, c1),
			floor_area: floorArea ?? Math.round(rng.uniform(a0, a1) / 5) * 5,
			opened_on: randomDate(rng, 2010, now),
			area_id: community.row.id,
			compound_id: inCompound ? cm.row.id : null,
			point: marginPoint(rng, cm)
		});
	};
	for (const community of model.communities) {
		if (community.compounds.length === 0) continue;
		for (const type of FACILITY_TYPES) {
			if (rng.chance(facilityOdds[type]))
				addFacility(type, model.compounds[rng.pick(community.compounds)], community);
		}
	}
	const ym = model.compounds.find((c) => c.row.name === '阳明花园');
	if (ym) addFacility('red_station', ym, model.communities[ym.communityIdx], '阳明花园红色驿站', 200);
	// each facility's path to its compound's gate (layout.ts facilitySpur): on the walking network
	for (const f of base.facilities) {
		const cm = facilityCompound.get(f.id);
		const line = cm && f.point ? facilitySpur(cm, f.point) : null;
		if (line)
			base.roads.push({ id: base.roads.length + 1, name: null, class: 'footway', bridge: false, line });
	}

	// --- fee collections: the last 12 months (the current one included)
	const nowLocal = new Date(now + SHANGHAI);
	const months: string[] = [];
	for (let k = 11; k >= 0; k--) {
		const d = new Date(Date.UTC(nowLocal.getUTCFullYear(), nowLocal.getUTCMonth() - k, 1));
		months.push(d.toISOString().slice(0, 10));
	}
	for (const cm of model.compounds) {
		if (!cm.row.company_id) continue;
		const fee = rng.uniform(0.6, 2.2) * 95; // 元 per household per month
		const rate = rng.uniform(0.6, 0.98);
		for (const month of months) {
			const due = Math.round(cm.row.households * fee * 100) / 100;
			const r = Math.min(0.979, Math.max(0.601, rate + rng.normal(0, 0.025)));
			base.fee_collections.push({
				compound_id: cm.row.id,
				month,
				due_amount: due,
				collected_amount: Math.round(due * r * 100) / 100
			});
		}
	}

	// --- hotspots: a few big compounds of 吉州区 with many tickets of one category
	const big = model.compounds
		.map((c, i) => ({ c, i }))
		.filter(({ c, i }) => c.jizhou && i !== model.chengjian && c.row.households >= 400);
	const hotCats: TicketCategory[] = ['water', 'parking', 'elevator', 'noise', 'property_service'];
	for (const cat of hotCats) {
		if (!big.length) break;
		const k = rng.int(0, big.length - 1);
		model.hotspots.push({ compound: big[k].i, category: cat });
		big.splice(k, 1);
	}

	// --- demo users
	const cj = model.compounds[model.chengjian];
	const cjCell = model.buildingCell[cj.buildings[0] - 1];
	const gridworker = cjCell ? model.cellWorker.get(cjCell)! : null;
	const steward = cj.buildings.map((b) => base.buildings[b - 1].steward_id).find((s) => s !== null) ?? null;
	const jizhouId = districtIds[jizhouIdx];
	// 城建花苑's property company (else the first compound's that has one)
	const companyId =
		cj.row.company_id ?? model.compounds.find((c) => c.row.company_id)?.row.company_id ?? null;
	base.users = [
		{ username: 'admin', display_name: '系统管理员', role: 'admin', area_id: null, person_id: null },
		{
			username: 'official',
			display_name: '市委组织部 王主任',
			role: 'official',
			area_id: 1,
			person_id: null
		},
		{
			username: 'jizhou',
			display_name: '吉州区委组织部 李科长',
			role: 'official',
			area_id: jizhouId,
			person_id: null
		},
		{
			username: 'gridworker',
			display_name: `网格员 ${gridworker ? base.people[gridworker - 1].name : ''}`.trim(),
			role: 'grid_worker',
			area_id: null,
			person_id: gridworker
		},
		{
			username: 'steward',
			display_name: `红领管家 ${steward ? base.people[steward - 1].name : ''}`.trim(),
			role: 'steward',
			area_id: null,
			person_id: steward
		},
		{ username: 'planner', display_name: '市民政局 规划科', role: 'planner', area_id: null, person_id: null },
		// the 12345 workflow (migration 350): a hotline operator for the city, the staff of 城建花苑's
		// property company, and of the city's water company (the departments: load.ts)
		{
			username: 'dispatcher',
			display_name: '12345热线 话务员',
			role: 'dispatcher',
			area_id: 1,
			person_id: null
		},
		{
			username: 'company',
			display_name: `${companyId ? base.property_companies[companyId - 1].name : ''} 客服`.trim(),
			role: 'company',
			area_id: null,
			person_id: null,
			company_id: companyId
		},
		{
			username: 'department',
			display_name: '吉安市供水公司 调度',
			role: 'department',
			area_id: null,
			person_id: null,
			department_kind: 'water'
		}
	];
	if (opts.warp !== false)
		warpCity(
			model,
			new Warp({
				seed,
				origin: districts[jizhouIdx].seat,
				fixedLines: districts.flatMap((d) => d.geom.flat(1) as Point[][]),
				fixedAreas: [river.keepOut],
				blocks
			})
		);
	// the streets and towns take the rest of their district's land (land-division.ts)
	districtIds.forEach((districtId, di) => {
		const land = lands[di];
		const units = base.areas.filter((a) => a.level === 'street' && a.parent_id === districtId);
		if (!land || units.length === 0) return;
		divideLand(
			land,
			units.map((u) => u.geom)
		).forEach((geom, k) => (units[k].geom = geom));
	});
	return model;
}

/**
 * Bends the planned city (the layout's lattice) with the warp (warp.ts), in place: the streets'
 * and communities' polygons, grid cells, compounds' walls, buildings' footprints, land use, roads
 * (the river's bank roads and bridges lie where the warp is zero) and every point. The districts
 * and the city keep their polygons (the warp is zero on their boundaries). What the activity
 * generator draws later (tickets, patrols) is planned the same way and warped through `model.warp`.
 * Every vertex of an area, grid cell or road is registered first, so that polygons sharing an edge
 * and roads ending on a road share their warped vertices (WarpGeometry).
 */
function warpCity(model: Model, warp: Warp) {
	const { base } = model;
	const geometry = new WarpGeometry(warp);
	const areas = base.areas.filter((a) => a.level === 'street' || a.level === 'community');
	for (const a of areas) geometry.registerMulti(a.geom);
	for (const g of base.grid_cells) geometry.registerMulti(g.geom);
	for (const r of base.roads) geometry.register(r.line);
	for (const a of areas) a.geom = geometry.multi(a.geom);
	for (const g of base.grid_cells) g.geom = geometry.multi(g.geom);
	for (const r of base.roads) r.line = geometry.line(r.line);
	// a facility's spur a few millimetres long may come out a single point (coordinates are rounded to
	// 1e-7°): not a road; the rest are numbered again in order
	base.roads = base.roads.filter((r) => r.line.some((p) => p[0] !== r.line[0][0] || p[1] !== r.line[0][1]));
	base.roads.forEach((r, k) => (r.id = k + 1));
	for (const l of base.landuse)
		l.geom = l.geom.map((p) => p.map((r) => geometry.small(r as Point[], TICK_DEG)));
	for (const cm of model.compounds) {
		cm.planRing = cm.row.ring;
		cm.row.ring = geometry.small(cm.row.ring, TICK_DEG);
	}
	// a building's edges (mostly under 60 m) stay straight: it stays a rectangle, turned a little
	for (const b of base.buildings) b.ring = geometry.small(b.ring, 1.5 * TICK_DEG);
	for (const f of base.facilities) f.point = warp.at(f.point);
	for (const o of base.party_orgs) if (o.point) o.point = warp.at(o.point);
	model.warp = (p) => warp.at(p);
}

/**
 * The static part of the city plus a generator of its activity in batches (bounded memory), and the
 * edge of 吉州区's built-up area (urban-edge.ts, in the plan's coordinates: before the warp).
 */
export function buildCity(opts: GenerateOptions = {}): {
	base: CityBase;
	activity: () => Generator<ActivityBatch>;
	builtUpEdge: Feature<Polygon> | null;
} {
	const model = buildModel(opts);
	return { base: model.base, activity: () => activity(model), builtUpEdge: model.builtUpEdge };
}

/** The whole city as plain arrays of rows, one per table. Same options, same city. */
export function generateCity(opts: GenerateOptions = {}): City {
	const { base, activity: batches } = buildCity(opts);
	const city: City = { ...base, tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
	for (const b of batches()) {
		for (const t of b.tickets) city.tickets.push(t);
		for (const e of b.ticket_events) city.ticket_events.push(e);
		for (const p of b.patrols) city.patrols.push(p);
		for (const c of b.patrol_checkins) city.patrol_checkins.push(c);
	}
	return city;
}
