// The dashboard's view in the URL (pure; dashboard-view.test.ts): ?area=…&tab=…&sort=key:desc&days=…&bucket=week.
// Defaults are left out so that a plain /dashboard is the user's own area, overview, 30 days, by day.
export const TABS = ['overview', 'party', 'facilities', 'stewards', 'patrol', 'governance'] as const;
export type Tab = (typeof TABS)[number];
export const WINDOWS = [7, 30, 90, 365] as const;

/** The view as the URL gives it (unknown values fall back to the defaults). */
export interface DashView {
	area: number | null;
	tab: Tab;
	sort: string | null;
	days: number;
	bucket: 'day' | 'week';
}

export function parseView(params: URLSearchParams, tabs: readonly Tab[]): DashView {
	const area = Number(params.get('area'));
	const tab = params.get('tab') as Tab;
	const days = Number(params.get('days'));
	return {
		area: Number.isInteger(area) && area > 0 ? area : null,
		tab: tabs.includes(tab) ? tab : 'overview',
		sort: params.get('sort')?.match(/^[\w-]{1,30}:(asc|desc)$/) ? params.get('sort') : null,
		days: (WINDOWS as readonly number[]).includes(days) ? days : 30,
		bucket: params.get('bucket') === 'week' ? 'week' : 'day'
	};
}

export function viewQuery(v: DashView): string {
	const p = new URLSearchParams();
	if (v.area) p.set('area', String(v.area));
	if (v.tab !== 'overview') p.set('tab', v.tab);
	if (v.sort) p.set('sort', v.sort);
	if (v.days !== 30) p.set('days', String(v.days));
	if (v.bucket !== 'day') p.set('bucket', v.bucket);
	const s = p.toString();
	return s ? `?${s}` : '';
}
