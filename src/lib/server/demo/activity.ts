// Activity of the demo city: a year of tickets with their history, patrols with check-ins.
import { M_PER_DEG_LAT, distanceToRingM, mPerDegLon } from './geometry';
import { marginPoint } from './layout';
import type { CompoundModel, Model } from './model';
import {
	CATEGORY_TEXT,
	CATEGORY_WEIGHTS,
	TICKET_CATEGORIES,
	mobilePhone,
	personName,
	type TicketCategory
} from './names';
import { Random, WeightedTable } from './random';
import {
	DAY,
	HOUR,
	SHANGHAI,
	type ActivityBatch,
	type Point,
	type TicketEventRow,
	type TicketRow
} from './rows';

// ---------------------------------------------------------------------------------------------
// activity: tickets with their history, patrols with check-ins

const HOUR_WEIGHTS = [
	0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 7, 6, 3, 3.5, 6, 6.5, 6, 4.5, 3, 3.5, 3, 2, 1, 0.5
];
const TICKETS_PER_SCALE = 25_000;
/** Urgency follows the category, as in the app's SLA rules (sql/migrations/020_tickets.sql). */
const URGENCY: Record<TicketCategory, TicketRow['urgency']> = {
	water: 'urgent',
	electricity: 'urgent',
	elevator: 'urgent',
	safety: 'urgent',
	sanitation: 'normal',
	greenery: 'normal',
	parking: 'normal',
	facility_repair: 'normal',
	noise: 'normal',
	other: 'normal',
	dispute: 'complaint',
	property_service: 'complaint'
};

function cellAt(cm: CompoundModel, y: number): number | null {
	for (const c of cm.stripe.cuts) if (y >= c.y0 && y < c.y1) return c.cell;
	return cm.stripe.cuts[cm.stripe.cuts.length - 1]?.cell ?? null;
}

export function* activity(model: Model): Generator<ActivityBatch> {
	const { base } = model;
	const now = base.now;
	const rng = new Random((base.seed ^ 0x5eed) >>> 0);
	const compoundTable = new WeightedTable(model.compounds.map((c) => c.row.households * (c.jizhou ? 4 : 1)));
	const categoryTable = new WeightedTable(TICKET_CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]));
	const hourTable = new WeightedTable(HOUR_WEIGHTS);
	const total = TICKETS_PER_SCALE * base.scale;
	const todayStart = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI;
	let ticketId = 0;
	let eventId = 0;
	const sources: TicketRow['source'][] = [
		'hotline',
		'hotline',
		'hotline',
		'hotline',
		'ui',
		'ui',
		'open311',
		'api'
	];
	const slaHours = { urgent: 24, normal: 5 * 24, complaint: 15 * 24 };
	for (let d = 365; d >= 0; d--) {
		const dayStart = todayStart - d * DAY;
		const weekday = new Date(dayStart + SHANGHAI).getUTCDay();
		const growth = 0.85 + 0.3 * (1 - d / 365);
		const n = Math.round(
			(total / 366) * growth * (weekday === 0 || weekday === 6 ? 0.75 : 1.1) * rng.uniform(0.85, 1.15)
		);
		const times: number[] = [];
		for (let k = 0; k < n; k++) {
			const t = dayStart + hourTable.draw(rng.next()) * HOUR + Math.floor(rng.next() * HOUR);
			if (t <= now) times.push(t);
		}
		times.sort((a, b) => a - b);
		const batch: ActivityBatch = { tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
		for (const created of times) {
			let ci: number;
			let category: TicketCategory;
			if (model.hotspots.length && rng.chance(0.08)) {
				const hs = rng.pick(model.hotspots);
				ci = hs.compound;
				category = hs.category;
			} else {
				ci = compoundTable.draw(rng.next());
				category = TICKET_CATEGORIES[categoryTable.draw(rng.next())];
			}
			const cm = model.compounds[ci];
			let point: Point;
			let buildingId: number | null = null;
			if (cm.buildings.length && rng.chance(0.8)) {
				buildingId = rng.pick(cm.buildings);
				const r = base.buildings[buildingId - 1].rect;
				point = [r[0] + (r[2] - r[0]) * rng.uniform(0.1, 0.9), r[1] + (r[3] - r[1]) * rng.uniform(0.1, 0.9)];
			} else {
				point = marginPoint(rng, cm);
			}
			const cell = buildingId ? model.buildingCell[buildingId - 1] : cellAt(cm, point[1]);
			const community = model.communities[cm.communityIdx];
			const steward = buildingId ? base.buildings[buildingId - 1].steward_id : null;
			const assignee =
				(cell ? model.cellWorker.get(cell) : null) ??
				steward ??
				(cm.row.company_id ? model.companyHead.get(cm.row.company_id)! : community.committee[0]);
			const urgency = URGENCY[category];
			const id = ++ticketId;
			const due = created + slaHours[urgency] * HOUR;
			const t: TicketRow = {
				id,
				district_id: cm.row.district_id,
				code: `GD${new Date(created + SHANGHAI).toISOString().slice(0, 10).replaceAll('-', '')}${String(id).padStart(7, '0')}`,
				category,
				urgency,
				status: 'new',
				description: `${cm.row.name}${buildingId ? base.buildings[buildingId - 1].number : ''}：${rng.pick(CATEGORY_TEXT[category])}`,
				reporter_name: personName(rng),
				reporter_phone: mobilePhone(rng),
				source: rng.pick(sources),
				point: model.warp(point),
				community_id: community.row.id,
				street_id: community.row.parent_id!,
				grid_cell_id: cell,
				compound_id: cm.row.id,
				building_id: buildingId,
				company_id: cm.row.company_id,
				assignee_id: null,
				created_at: created,
				accept_due_at: created + 2 * HOUR,
				due_at: due,
				resolved_at: null,
				closed_at: null,
				satisfaction: null
			};
			const ev = (
				at: number,
				kind: TicketEventRow['kind'],
				from: string | null,
				to: TicketRow['status'],
				note: string | null = null
			) => {
				if (at > now) return false;
				batch.ticket_events.push({
					id: ++eventId,
					ticket_id: id,
					district_id: t.district_id,
					at,
					kind,
					from_status: from,
					to_status: to,
					note
				});
				t.status = to;
				return true;
			};
			ev(created, 'created', null, 'new', t.source === 'hotline' ? '12345热线转办' : null);
			if (rng.chance(0.02)) {
				ev(created + rng.uniform(0.3, 6) * HOUR, 'rejected', 'new', 'rejected', '重复工单，已合并处理');
			} else {
				const assignAt = created + rng.logNormal(8, 0.8) * 60_000;
				const acceptAt = assignAt + rng.logNormal(35, 0.9) * 60_000;
				const startAt =
					acceptAt + rng.logNormal(urgency === 'urgent' ? 1 : urgency === 'normal' ? 6 : 24, 0.7) * HOUR;
				const median = urgency === 'urgent' ? 10 : urgency === 'normal' ? 2.2 * 24 : 6 * 24;
				const resolveAt = Math.max(startAt + 10 * 60_000, created + rng.logNormal(median, 0.7) * HOUR);
				const closeAt = resolveAt + rng.logNormal(1.5, 0.6) * DAY;
				const stalled = rng.chance(0.015);
				if (ev(assignAt, 'assigned', 'new', 'assigned')) t.assignee_id = assignee;
				if (
					ev(acceptAt, 'accepted', 'assigned', 'accepted') &&
					ev(startAt, 'started', 'accepted', 'in_progress') &&
					!stalled
				) {
					if (ev(resolveAt, 'resolved', 'in_progress', 'resolved', '已处理完毕')) t.resolved_at = resolveAt;
					if (t.resolved_at && ev(closeAt, 'closed', 'resolved', 'closed', '回访确认')) {
						t.closed_at = closeAt;
						if (rng.chance(0.65))
							t.satisfaction = 1 + rng.weighted(resolveAt > due ? [15, 20, 30, 25, 10] : [3, 5, 12, 35, 45]);
					}
				}
			}
			batch.tickets.push(t);
		}
		yield batch;
	}

	// patrols: the 吉州区 grid workers, about once a week for 13 weeks
	const workerBuildings = new Map<number, number[]>();
	base.buildings.forEach((b, k) => {
		const cell = model.buildingCell[k];
		const w = cell ? model.cellWorker.get(cell) : null;
		if (!w || !model.compounds[b.compound_id - 1].jizhou) return;
		let list = workerBuildings.get(w);
		if (!list) workerBuildings.set(w, (list = []));
		list.push(b.id);
	});
	let patrolId = 0;
	let checkinId = 0;
	let batch: ActivityBatch = { tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
	for (const [worker, list] of workerBuildings) {
		const district = base.buildings[list[0] - 1].district_id;
		for (let week = 12; week >= 0; week--) {
			const start = todayStart - (week * 7 + rng.int(0, 6)) * DAY + rng.uniform(8.5, 16) * HOUR;
			if (start > now) continue;
			const visits = Array.from({ length: Math.min(list.length, rng.int(4, 8)) }, () => rng.pick(list));
			const unique = [...new Set(visits)].sort(
				(a, b) => base.buildings[a - 1].rect[0] - base.buildings[b - 1].rect[0]
			);
			const duration = rng.uniform(40, 120) * 60_000;
			const id = ++patrolId;
			const track: Point[] = [];
			const step = duration / (unique.length + 1);
			unique.forEach((bid, k) => {
				const r = base.buildings[bid - 1].rect;
				const lat = (r[1] + r[3]) / 2;
				const mx = mPerDegLon(lat);
				const p: Point = [
					(r[0] + r[2]) / 2 + rng.uniform(-20, 20) / mx,
					lat + rng.uniform(-20, 20) / M_PER_DEG_LAT
				];
				// where the worker stood and how far from the building, in the warped city
				const q = model.warp(p);
				track.push(q);
				const at = start + step * (k + 1);
				if (at <= now)
					batch.patrol_checkins.push({
						id: ++checkinId,
						patrol_id: id,
						building_id: bid,
						at,
						point: q,
						distance_m: Math.round(distanceToRingM(q, base.buildings[bid - 1].ring) * 10) / 10
					});
			});
			if (track.length === 1) track.push([track[0][0] + 30 / mPerDegLon(track[0][1]), track[0][1]]);
			const end = start + duration;
			batch.patrols.push({
				id,
				worker_id: worker,
				district_id: district,
				started_at: start,
				ended_at: end <= now ? end : null,
				track
			});
		}
		if (batch.patrols.length >= 5000) {
			yield batch;
			batch = { tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
		}
	}
	if (batch.patrols.length) yield batch;
}
