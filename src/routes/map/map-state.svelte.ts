// The map page's state: visible layers, the selection and its details, kept in the URL
// (?at=…&layers=…&sel=layer:id, see $lib/map/url-state). Components of the page share one instance.
import { replaceState } from '$app/navigation';
import { ApiError, getJson } from '$lib/api';
import { MAP_LAYER_IDS, type LayerId, type MapLayerId } from '$lib/map/layer-ids';
import {
	COMMITTEE_CLASSES,
	PARTY_CLASSES,
	parseViewState,
	writeViewState,
	type CommitteeClass,
	type PartyClass,
	type ViewState
} from '$lib/map/url-state';
import type { FeatureDetails } from '$lib/map/types';

export class MapPageState {
	readonly available: MapLayerId[];
	readonly initial: ViewState;
	visible = $state<MapLayerId[]>([]);
	selection = $state<ViewState['selection']>(null);
	details = $state.raw<FeatureDetails | null>(null);
	detailsError = $state<string | null>(null);
	/** party-status classes of the companies layer shown, and how many companies each has in the user's area */
	classes = $state<PartyClass[]>([...PARTY_CLASSES]);
	classCounts = $state<Record<PartyClass, number> | null>(null);
	/** what was asked of the server once per page (the class counts, the committees' figures); not state */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#asked = new Set<'classes' | 'committees'>();
	/** classes of the owners' committee layer shown, their counts in the user's area, the communities with no meeting */
	committees = $state<CommitteeClass[]>([...COMMITTEE_CLASSES]);
	committeeCounts = $state<Record<CommitteeClass, number> | null>(null);
	noMeeting = $state.raw<number[]>([]);
	/** the map's last view, written to the URL with the rest */
	view: { center: [number, number]; zoom: number } | null = null;

	/**
	 * role: planners see aggregates only, so no single tickets; the owners' committee layer is for the
	 * roles that see the governance figures (admin, official, planner)
	 */
	constructor(role: string | undefined, url: URL) {
		this.available = MAP_LAYER_IDS.filter(
			(id) =>
				(id !== 'tickets' || role !== 'planner') &&
				(id !== 'committees' || role === 'admin' || role === 'official' || role === 'planner')
		);
		this.initial = parseViewState(url.searchParams);
		const defaults = this.available.filter(
			(id) =>
				id !== 'companies' &&
				id !== 'committees' &&
				(id !== 'grid-cells' || role === 'grid_worker' || role === 'steward')
		);
		this.visible = this.initial.layers?.filter((l) => this.available.includes(l)) ?? defaults;
		this.selection = this.initial.selection;
		if (this.initial.classes) this.classes = this.initial.classes;
		if (this.initial.committees) this.committees = this.initial.committees;
	}

	/** Show or hide one class of the owners' committee layer. */
	toggleCommitteeClass(c: CommitteeClass, on: boolean) {
		this.committees = on
			? COMMITTEE_CLASSES.filter((x) => x === c || this.committees.includes(x))
			: this.committees.filter((x) => x !== c);
		this.keepUrl();
	}

	/** The owners' committee layer's counts and gap communities (GET /api/governance/map). */
	async loadCommittees() {
		if (!this.available.includes('committees')) return;
		await this.#askOnce(
			'committees',
			'/api/governance/map',
			(m: { counts: Record<CommitteeClass, number>; noMeeting: number[] }) => {
				this.committeeCounts = m.counts;
				this.noMeeting = m.noMeeting;
			}
		);
	}

	/** Show or hide one party-status class of the companies layer. */
	toggleClass(c: PartyClass, on: boolean) {
		this.classes = on
			? PARTY_CLASSES.filter((x) => x === c || this.classes.includes(x))
			: this.classes.filter((x) => x !== c);
		this.keepUrl();
	}

	/** The companies per class in the user's area (GET /api/companies; roles without it get none). */
	async loadClassCounts() {
		await this.#askOnce(
			'classes',
			'/api/companies?only=classes',
			(m: { classes: Record<PartyClass, number> }) => {
				this.classCounts = m.classes;
			}
		);
	}

	/**
	 * GETs `url` once per page and hands its JSON to `apply`. A role the server refuses (401 / 403)
	 * gets none, as before; any other failure is asked again the next time the layer is shown.
	 */
	async #askOnce<T>(what: 'classes' | 'committees', url: string, apply: (body: T) => void) {
		if (this.#asked.has(what)) return;
		this.#asked.add(what);
		try {
			apply(await getJson<T>(url));
		} catch (err) {
			if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return;
			this.#asked.delete(what);
			console.warn('map:', (err as Error).message);
		}
	}

	keepUrl() {
		if (!this.view) return;
		// a one-off copy of the address to write into, not state
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const url = writeViewState(new URL(location.href), {
			...this.view,
			layers: this.visible,
			selection: this.selection,
			classes: this.classes,
			committees: this.committees
		});
		if (url.href !== location.href) replaceState(url, {});
	}

	toggle(id: MapLayerId, on: boolean) {
		this.visible = on
			? MAP_LAYER_IDS.filter((l) => l === id || this.visible.includes(l))
			: this.visible.filter((l) => l !== id);
		this.keepUrl();
	}

	/** Select a feature and load its details; resolves to them (null when it failed or a newer one won). */
	async select(layer: LayerId, id: number): Promise<FeatureDetails | null> {
		this.selection = { layer, id };
		this.detailsError = null;
		this.keepUrl();
		const res = await fetch(`/api/features/${layer}/${id}`);
		if (!res.ok) {
			this.details = null;
			this.detailsError = (await res.json().catch(() => null))?.message ?? `${res.status}`;
			return null;
		}
		const d: FeatureDetails = await res.json();
		if (this.selection?.layer !== layer || this.selection.id !== id) return null; // a newer click won
		this.details = d;
		return d;
	}

	close() {
		this.selection = null;
		this.details = null;
		this.detailsError = null;
		this.keepUrl();
	}
}
