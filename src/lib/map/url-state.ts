// The map view kept in the URL so that a link can be shared:
// ?at=lon,lat,zoom&layers=a,b&sel=layer:id&classes=none,instructor (the companies' party classes shown)
// &committees=none,no_meeting (the classes of the owners' committee layer shown)
import { isLayerId, isMapLayerId, type LayerId, type MapLayerId } from './layer-ids';
import { PARTY_STATUSES as PARTY_CLASSES, type PartyStatus as PartyClass } from '../codes';

export interface ViewState {
	center: [number, number] | null;
	zoom: number | null;
	layers: MapLayerId[] | null;
	selection: { layer: LayerId; id: number } | null;
	/** party-status classes of the companies layer shown (null: all) */
	classes: PartyClass[] | null;
	/** classes of the owners' committee layer shown (null: all) */
	committees: CommitteeClass[] | null;
}

export { PARTY_CLASSES, type PartyClass };
const isClass = (s: string): s is PartyClass => (PARTY_CLASSES as readonly string[]).includes(s);
/** Compounds with no owners' committee, an expired term, one in office; communities with no joint meeting last quarter. */
export const COMMITTEE_CLASSES = ['none', 'expired', 'active', 'no_meeting'] as const;
export type CommitteeClass = (typeof COMMITTEE_CLASSES)[number];
const isCommitteeClass = (s: string): s is CommitteeClass =>
	(COMMITTEE_CLASSES as readonly string[]).includes(s);

export function parseViewState(params: URLSearchParams): ViewState {
	const state: ViewState = {
		center: null,
		zoom: null,
		layers: null,
		selection: null,
		classes: null,
		committees: null
	};
	const at = params.get('at')?.split(',').map(Number);
	if (at && at.length === 3 && at.every(Number.isFinite)) {
		const [lon, lat, zoom] = at;
		if (Math.abs(lon) <= 180 && Math.abs(lat) <= 85.06 && zoom >= 0 && zoom <= 22) {
			state.center = [lon, lat];
			state.zoom = zoom;
		}
	}
	const layers = params.get('layers');
	if (layers !== null) state.layers = layers.split(',').filter(isMapLayerId);
	const sel = params.get('sel')?.match(/^([a-z-]+):(\d{1,10})$/);
	if (sel && isLayerId(sel[1])) state.selection = { layer: sel[1], id: Number(sel[2]) };
	const classes = params.get('classes');
	if (classes !== null) state.classes = classes.split(',').filter(isClass);
	const committees = params.get('committees');
	if (committees !== null) state.committees = committees.split(',').filter(isCommitteeClass);
	return state;
}

/** The URL with the view written in (commas and colons kept literal, so a link stays readable). */
export function writeViewState(
	url: URL,
	s: {
		center: [number, number];
		zoom: number;
		layers: MapLayerId[];
		selection: ViewState['selection'];
		classes?: PartyClass[] | null;
		committees?: CommitteeClass[] | null;
	}
): URL {
	const out = new URL(url);
	const rest = new URLSearchParams(url.search);
	for (const k of ['at', 'layers', 'sel', 'classes', 'committees']) rest.delete(k);
	const own = [
		`at=${s.center[0].toFixed(6)},${s.center[1].toFixed(6)},${s.zoom.toFixed(2)}`,
		`layers=${s.layers.join(',')}`,
		s.selection ? `sel=${s.selection.layer}:${s.selection.id}` : '',
		s.classes && s.classes.length < PARTY_CLASSES.length ? `classes=${s.classes.join(',')}` : '',
		s.committees && s.committees.length < COMMITTEE_CLASSES.length
			? `committees=${s.committees.join(',')}`
			: ''
	];
	out.search = [...own, rest.toString()].filter(Boolean).join('&');
	return out;
}
