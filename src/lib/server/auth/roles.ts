// Roles and what each may reach (README "Roles and scope"); the rows each may read: scope.ts.
import type { Role } from '../../codes';

export { ROLES, type Role } from '../../codes';

/**
 * What a signed-in user may see beyond the city-wide base layers.
 * - all: everything (admin)
 * - areas: tickets, people, patrols, KPIs inside the subtree of areaId (official)
 * - person: tickets of the grid cells / buildings assigned to personId (grid worker, steward)
 * - aggregates: aggregated figures only, never personal data (planner)
 * - dispatch: tickets inside the subtree of areaId, no data editing (dispatcher, a 12345 operator)
 * - company: tickets of the compounds the property company manages (its staff)
 * - department: tickets the department holds (its staff)
 */
export type Scope =
	| { kind: 'all' }
	| { kind: 'area'; areaId: number }
	| { kind: 'grid_cells'; personId: number }
	| { kind: 'buildings'; personId: number }
	| { kind: 'aggregates' }
	| { kind: 'dispatch'; areaId: number }
	| { kind: 'company'; companyId: number }
	| { kind: 'department'; departmentId: number };

export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	areaId: number | null;
	personId: number | null;
	/** the property company a `company` user works for (migration 350), else null */
	companyId: number | null;
	/** the department a `department` user works for, else null */
	departmentId: number | null;
	mustChangePassword: boolean;
}

export function scopeOf(user: SessionUser): Scope {
	switch (user.role) {
		case 'admin':
			return { kind: 'all' };
		case 'official':
			return { kind: 'area', areaId: user.areaId! };
		case 'grid_worker':
			return { kind: 'grid_cells', personId: user.personId! };
		case 'steward':
			return { kind: 'buildings', personId: user.personId! };
		case 'planner':
			return { kind: 'aggregates' };
		case 'dispatcher':
			return { kind: 'dispatch', areaId: user.areaId! };
		case 'company':
			return { kind: 'company', companyId: user.companyId! };
		case 'department':
			return { kind: 'department', departmentId: user.departmentId! };
	}
}

/** 13812341234 → 138****1234; names keep their first character: 张三丰 → 张**. */
export function maskPhone(phone: string | null): string | null {
	if (!phone) return phone;
	const digits = phone.replace(/\D/g, '');
	if (digits.length < 7) return '*'.repeat(digits.length);
	return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
	if (!name) return name;
	const chars = Array.from(name);
	return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
