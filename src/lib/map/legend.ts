// Legend entries per layer for the layer panel: a swatch and an i18n key (map.legend.*).
import type { MapLayerId } from './layer-ids';
import {
	AREA_LINE,
	COMMITTEE_COLORS,
	FACILITY_COLOR,
	NO_MEETING_COLOR,
	PARTY_ORG_COLOR,
	PARTY_STATUS_COLORS,
	URGENCY_COLORS
} from './style';

export interface LegendItem {
	shape: 'fill' | 'line' | 'dot';
	color: string;
	key: string;
}

export const LEGENDS: Record<MapLayerId, LegendItem[]> = {
	areas: [
		{ shape: 'line', color: AREA_LINE.district, key: 'level.district' },
		{ shape: 'line', color: AREA_LINE.street, key: 'level.street' },
		{ shape: 'line', color: AREA_LINE.community, key: 'level.community' }
	],
	'grid-cells': [{ shape: 'line', color: '#2e7d32', key: 'map.legend.gridCell' }],
	compounds: [{ shape: 'fill', color: '#e9d7c0', key: 'map.legend.compound' }],
	buildings: [{ shape: 'fill', color: '#c7a98b', key: 'map.legend.building' }],
	facilities: [{ shape: 'dot', color: FACILITY_COLOR, key: 'map.legend.facility' }],
	'party-orgs': [{ shape: 'dot', color: PARTY_ORG_COLOR, key: 'map.legend.partyOrg' }],
	companies: Object.entries(PARTY_STATUS_COLORS).map(([status, color]) => ({
		shape: 'fill' as const,
		color,
		key: `map.partyStatus.${status}`
	})),
	committees: [
		...Object.entries(COMMITTEE_COLORS).map(([status, color]) => ({
			shape: 'fill' as const,
			color,
			key: `map.committeeLegend.${status}`
		})),
		{ shape: 'line', color: NO_MEETING_COLOR, key: 'map.legend.noMeeting' }
	],
	tickets: Object.entries(URGENCY_COLORS).map(([urgency, color]) => ({
		shape: 'dot' as const,
		color,
		key: `map.urgency.${urgency}`
	}))
};
