// The dashboard's state. The view (area, tab, sort of the ranking, time window, chart bucket) lives in
// the URL: a drill-down or a tab is a new history entry, so Back and Forward move through them, a
// reload keeps the view and a link opens it for another user with the same scope. Data follow the
// URL; an answer for a view that is no longer shown is dropped (a live refresh that arrives during a
// drill-down can never bring the previous area back).
import { goto } from '$app/navigation';
import { getJson } from '$lib/api';
import type {
	DashboardData,
	FacilityData,
	PatrolData,
	StewardData,
	TimeseriesData
} from '$lib/analysis/types';
import type { PartyCoverage, PartyMonth } from '$lib/api-types';

export { TABS, WINDOWS, parseView, viewQuery, type Tab, type DashView } from './dashboard-view';
import { viewQuery, type DashView } from './dashboard-view';

export class DashboardState {
	view = $state.raw<DashView>({ area: null, tab: 'overview', sort: null, days: 30, bucket: 'day' });
	dash = $state.raw<DashboardData | null>(null);
	series = $state.raw<TimeseriesData | null>(null);
	party = $state.raw<PartyCoverage | null>(null);
	partyMonths = $state.raw<PartyMonth[]>([]);
	facilities = $state.raw<FacilityData | null>(null);
	stewards = $state.raw<StewardData | null>(null);
	patrol = $state.raw<PatrolData | null>(null);
	failure = $state('');
	/** which view the data on screen belong to */
	private shown = '';

	/** Move to another view: a new history entry (replace: the same entry, e.g. a sort). */
	go(change: Partial<DashView>, opts: { replace?: boolean } = {}) {
		const next = { ...this.view, ...change };
		if (change.area !== undefined && change.area !== this.view.area) next.sort = null;
		void goto(`/dashboard${viewQuery(next)}`, {
			replaceState: opts.replace ?? false,
			noScroll: true,
			keepFocus: true
		});
	}

	/** Load what the view needs (called whenever the URL changes). */
	async follow(v: DashView) {
		const key = viewQuery(v);
		const areaChanged = v.area !== this.view.area || v.days !== this.view.days || !this.dash;
		this.view = v;
		this.failure = '';
		try {
			if (areaChanged) {
				const d = await getJson<DashboardData>(
					`/api/analysis/dashboard?${v.area ? `area=${v.area}&` : ''}days=${v.days}`
				);
				if (viewQuery(this.view) !== key) return; // the user moved on
				this.dash = d;
				this.party = this.facilities = this.stewards = this.patrol = null;
				this.series = null;
			}
			this.shown = key;
			await Promise.all([this.loadSeries(key), this.loadTab(key)]);
		} catch (err) {
			if (viewQuery(this.view) === key) this.failure = (err as Error).message;
		}
	}

	async loadSeries(key = this.shown) {
		const d = this.dash;
		if (!d) return;
		const s = await getJson<TimeseriesData>(
			`/api/analysis/timeseries?area=${d.area.id}&days=${this.view.bucket === 'day' ? 60 : 364}&bucket=${this.view.bucket}`
		);
		if (key === viewQuery(this.view)) this.series = s;
	}

	async loadTab(key = this.shown) {
		const d = this.dash;
		if (!d) return;
		const a = d.area.id;
		const still = () => key === viewQuery(this.view);
		const tab = this.view.tab;
		if (tab === 'party' && !this.party) {
			const [p, m] = await Promise.all([
				getJson<PartyCoverage>(`/api/coverage/party?area=${a}`),
				getJson<{ months: PartyMonth[] }>(`/api/coverage/party/monthly?area=${a}&months=12`)
			]);
			if (still()) [this.party, this.partyMonths] = [p, m.months];
		}
		if (tab === 'facilities' && !this.facilities) {
			const f = await getJson<FacilityData>(`/api/coverage/facilities?area=${a}`);
			if (still()) this.facilities = f;
		}
		if (tab === 'stewards' && !this.stewards) {
			const s = await getJson<StewardData>(`/api/coverage/stewards?area=${a}`);
			if (still()) this.stewards = s;
		}
		if (tab === 'patrol' && !this.patrol) {
			const p = await getJson<PatrolData>(`/api/coverage/patrol?area=${a}`);
			if (still()) this.patrol = p;
		}
	}

	/** A live ticket event: refresh the KPIs of the area shown, unless the view changes meanwhile. */
	async refresh() {
		const d = this.dash;
		if (!d) return;
		const key = viewQuery(this.view);
		const fresh = await getJson<DashboardData>(
			`/api/analysis/dashboard?area=${d.area.id}&days=${this.view.days}`
		);
		if (key === viewQuery(this.view) && this.dash?.area.id === fresh.area.id) this.dash = fresh;
	}
}
