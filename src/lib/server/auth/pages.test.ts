import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BELL_ROUTES, hasBell } from './pages';
import { accessFor, allows } from './policy';
import { ROLES } from './roles';

const admitted = (route: string, method: string, role: (typeof ROLES)[number]) => {
	const access = accessFor(route, method);
	return access !== undefined && allows(access, role);
};

describe('the notification bell', () => {
	it('shows for every role the policy lets read its notifications, and for no other', () => {
		for (const role of ROLES) expect(hasBell(role), role).toBe(admitted('/api/notifications', 'GET', role));
	});

	it('shows today for the roles that work tickets: all but the planner', () => {
		expect(ROLES.filter(hasBell)).toEqual([
			'admin',
			'official',
			'grid_worker',
			'steward',
			'dispatcher',
			'company',
			'department'
		]);
	});

	it('lists every route the bell and its event stream call', () => {
		const called = ['src/lib/components/NotificationBell.svelte', 'src/lib/tickets/live.ts']
			.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/['`](\/api\/[a-z/]+)/g)].map((m) => m[1]))
			.sort();
		expect(called.length).toBeGreaterThan(0);
		expect([...new Set(called)]).toEqual(BELL_ROUTES.map(([route]) => route).sort());
	});
});
