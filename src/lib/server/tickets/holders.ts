// Organisations that hold tickets (README "Tickets: organisations that hold tickets"): the routing
// rules that propose a holder by category, the departments, and the holders a ticket may be given
// to. Which organisation may hold which ticket is the scope module's rule (canHold, SQL
// ticket_holder_ok of migration 350).
import { z } from 'zod';
import { db } from '../db/pool';
import { InputError } from '../http';
import { text } from '../input';
import {
	DEPARTMENT_KINDS,
	ROUTING_HOLDERS,
	TICKET_CATEGORIES,
	type DepartmentKind,
	type RoutingHolder
} from '../../codes';
import type { Department, RoutingRule } from '../../api-types';
import type { Scope } from '../auth/roles';
import { getTicket } from './service';
import holdersSql from './holders.sql?raw';
import routingRulesSql from './routing-rules.sql?raw';
import departmentsSql from './departments.sql?raw';

/** An organisation a ticket may be given to; `proposed` marks the routing rule's choice. */
export interface HolderOption {
	kind: 'company' | 'department';
	id: number;
	name: string;
	departmentKind: DepartmentKind | null;
	proposed: boolean;
}

/**
 * The organisations that may hold ticket `id` (in the caller's scope, else 403 / 404): the property
 * company of its compound and the departments covering it, most local first, and the routing
 * rule's holder (`rule`: 'grid' proposes the grid cell's worker, offered by assigneeCandidates).
 * The proposed one is the company when the rule says 'company', else the most local department of
 * the rule's kind; none when no such organisation exists.
 */
export async function holderOptions(
	id: number,
	scope: Scope
): Promise<{ rule: RoutingHolder | null; options: HolderOption[] }> {
	await getTicket(id, scope);
	const { rows } = await db().query<HolderOption & { rule: RoutingHolder | null }>(holdersSql, [id]);
	const rule = rows[0]?.rule ?? (await ruleOf(id));
	const proposedDept = rows.find((r) => r.kind === 'department' && r.departmentKind === rule);
	return {
		rule,
		options: rows.map((r) => ({
			kind: r.kind,
			id: Number(r.id),
			name: r.name,
			departmentKind: r.departmentKind,
			proposed: r.kind === 'company' ? rule === 'company' : r === proposedDept
		}))
	};
}

async function ruleOf(id: number): Promise<RoutingHolder | null> {
	const { rows } = await db().query(
		`SELECT r.holder FROM tickets t JOIN routing_rules r ON r.category = t.category
		 AND r.inside_compound = (t.compound_id IS NOT NULL) WHERE t.id = $1`,
		[id]
	);
	return rows[0]?.holder ?? null;
}

/** The routing rules: per category and inside / outside a compound, the holder proposed. */
export async function routingRules(): Promise<RoutingRule[]> {
	return (await db().query<RoutingRule>(routingRulesSql)).rows;
}

export const RoutingRuleInput = z
	.object({
		category: z.enum(TICKET_CATEGORIES),
		insideCompound: z.boolean(),
		holder: z.enum(ROUTING_HOLDERS)
	})
	.strict();

/**
 * Sets one routing rule (admins). 404 naming `category` for an unknown category; 422 naming
 * `holder` for 'company' outside a compound (there is no compound, so no company).
 */
export async function setRoutingRule(v: z.infer<typeof RoutingRuleInput>) {
	if (v.holder === 'company' && !v.insideCompound)
		throw new InputError(
			422,
			'holder',
			'outside a compound there is no property company to propose',
			undefined,
			{
				reason: 'no_compound'
			}
		);
	const { rowCount } = await db().query(
		`UPDATE routing_rules SET holder = $3 WHERE category = $1 AND inside_compound = $2`,
		[v.category, v.insideCompound, v.holder]
	);
	if (!rowCount) throw new InputError(404, 'category', `no routing rule for ${v.category}`);
	return routingRules();
}

/** The departments (active first), with their area. */
export async function listDepartments(): Promise<Department[]> {
	return (await db().query<Department>(departmentsSql)).rows;
}

export const DepartmentInput = z
	.object({
		kind: z.enum(DEPARTMENT_KINDS),
		name: text({ max: 100 }),
		/** an area whose subtree it serves; null or absent: the whole city */
		areaId: z.number().int().positive().max(2_147_483_647).nullable().optional()
	})
	.strict();

/** Adds a department (admins); 422 naming `areaId` for an unknown or retired area. */
export async function createDepartment(v: z.infer<typeof DepartmentInput>) {
	if (v.areaId != null) {
		const { rows } = await db().query('SELECT 1 FROM areas WHERE id = $1 AND retired_at IS NULL', [v.areaId]);
		if (!rows[0]) throw new InputError(422, 'areaId', `area ${v.areaId} does not exist`, 'not_found');
	}
	const { rows } = await db().query(
		`INSERT INTO departments (kind, name, area_id) VALUES ($1, $2, $3) RETURNING id`,
		[v.kind, v.name, v.areaId ?? null]
	);
	return { id: Number(rows[0].id), ...v, areaId: v.areaId ?? null };
}
