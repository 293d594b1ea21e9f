// Demo-mode ticket simulator: every few seconds files a ticket at a random building and moves a
// few open tickets one step along the workflow, through the same services as real users, so the
// map and dashboard have something live to show. One instance simulates (advisory-lock leader).
import { config } from '../config.js';
import pg from 'pg';
import { connectionOptions, databaseUrl, db } from '../db/pool';
import { scopeOf, type SessionUser } from '../auth/roles';
import { act, CATEGORIES, createTicket } from '../tickets/service';
import type { Action, Status } from '../../tickets/workflow';

const LEADER_LOCK = 727_002;

/** The step a simulated worker or official takes next on a ticket in this status. */
export const NEXT_ACTION: Partial<Record<Status, Action>> = {
	new: 'dispatch',
	assigned: 'accept',
	accepted: 'start',
	in_progress: 'resolve',
	resolved: 'close'
};

const DESCRIPTIONS: Record<string, string[]> = {
	water: ['楼顶水管漏水', '小区停水，无通知'],
	electricity: ['楼道灯不亮', '单元门禁断电'],
	elevator: ['电梯困人', '电梯异响'],
	sanitation: ['垃圾桶满溢未清运', '楼道堆放杂物'],
	noise: ['夜间装修噪音', '广场舞音量过大'],
	dispute: ['邻里漏水纠纷', '楼上楼下噪音矛盾'],
	parking: ['消防通道被占用', '车位被长期占用'],
	greenery: ['树枝遮挡窗户', '草坪长期无人修剪'],
	safety: ['电动车楼道充电', '外墙瓷砖脱落'],
	property_service: ['物业服务态度差', '物业费收支不公开'],
	facility_repair: ['健身器材损坏', '单元门损坏'],
	other: ['流浪猫扰民', '小区路灯损坏']
};

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];

export async function simulateTick(actor: SessionUser): Promise<{ filed: number; advanced: number }> {
	const { rows: spots } = await db().query<{ lon: number; lat: number }>(
		`SELECT ST_X(p) + (random() - 0.5) * 0.0003 AS lon, ST_Y(p) + (random() - 0.5) * 0.0003 AS lat
		 FROM (SELECT ST_PointOnSurface(geom) AS p FROM buildings WHERE retired_at IS NULL
		       OFFSET floor(random() * (SELECT count(*) FROM buildings)) LIMIT 1) s`
	);
	let filed = 0;
	if (spots[0]) {
		const category = pick(CATEGORIES);
		await createTicket(
			{ category, description: pick(DESCRIPTIONS[category]), ...spots[0] },
			null,
			'simulator'
		).then(
			() => filed++,
			() => {} // a point that fell outside the city: try again next tick
		);
	}
	const { rows: open } = await db().query<{ id: number; status: Status; community_id: number | null }>(
		`SELECT id, status, community_id FROM tickets WHERE status = ANY ($1)
		 AND created_at > now() - interval '3 days' ORDER BY random() LIMIT 2`,
		[Object.keys(NEXT_ACTION)]
	);
	let advanced = 0;
	for (const t of open) {
		const action = NEXT_ACTION[t.status]!;
		const extra =
			action === 'dispatch'
				? {
						assigneeId: (
							await db().query(
								`SELECT worker_id FROM grid_cells WHERE community_id = $1 AND worker_id IS NOT NULL LIMIT 1`,
								[t.community_id]
							)
						).rows[0]?.worker_id
					}
				: action === 'resolve'
					? { note: '已处理（模拟）' }
					: action === 'close'
						? { satisfaction: 3 + Math.floor(Math.random() * 3) }
						: {};
		if (action === 'dispatch' && !extra.assigneeId) continue;
		await act(t.id, { action, ...extra }, actor, scopeOf(actor)).then(
			() => advanced++,
			() => {}
		);
	}
	return { filed, advanced };
}

/** Starts the simulator in this process if it wins the leader lock; returns a stop function. */
export async function startSimulator(intervalMs = config.simulatorIntervalMs): Promise<() => Promise<void>> {
	const leader = new pg.Client({ connectionString: databaseUrl(), ...connectionOptions('-simulator') });
	leader.on('error', () => {});
	await leader.connect();
	const won = (await leader.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]))
		.rows[0].ok;
	if (!won) {
		await leader.end();
		return async () => {};
	}
	const { rows } = await db().query<SessionUser>(
		`SELECT id, username, display_name AS "displayName", role, area_id AS "areaId", person_id AS "personId",
		 company_id AS "companyId", department_id AS "departmentId",
		 must_change_password AS "mustChangePassword" FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id LIMIT 1`
	);
	if (!rows[0]) {
		await leader.end();
		return async () => {};
	}
	let busy = false;
	const timer = setInterval(async () => {
		if (busy) return;
		busy = true;
		await simulateTick(rows[0]).catch((err) => console.error(`simulator: ${err.message}`));
		busy = false;
	}, intervalMs);
	timer.unref();
	console.log(`simulator: filing and advancing tickets every ${intervalMs / 1000} s`);
	return async () => {
		clearInterval(timer);
		await leader.end().catch(() => {});
	};
}
