// Shapes shared by the map page and the server's feature and search services.
import type { LayerId } from './layer-ids';

export type FieldValue = string | number | boolean | null;

export interface Crumb {
	layer: 'areas' | 'compounds';
	id: number;
	name: string;
	level: string;
}

export interface FeatureDetails {
	layer: LayerId;
	id: number;
	name: string;
	/** field key (i18n: map.field.<key>) → value, in display order */
	fields: [string, FieldValue][];
	/** breadcrumb: city → district → street → community → compound */
	path: Crumb[];
	center: [number, number] | null;
	bbox: [number, number, number, number] | null;
	/**
	 * How much of the feature lies in the viewer's scope: its ticket counts cover only that part
	 * ('part': labelled 其中本辖区) or nothing ('outside': counts null, labelled 不在本辖区).
	 */
	scope?: 'whole' | 'part' | 'outside';
	/** the company of a compound (or the company itself), its party organizations and people */
	links?: FeatureLink[];
	/** a company's compounds (feature id = compound id), highlighted when the company is selected */
	highlight?: GeoJSON.FeatureCollection;
}

export interface FeatureLink {
	role: 'company' | 'partyOrg' | 'instructor' | 'supervisor';
	/** null: a person's name the viewer's role may not see */
	name: string | null;
	title?: string;
	/** a feature to select on the map */
	select?: { layer: LayerId; id: number };
	/** a page to open */
	href?: string;
}

export interface SearchHit {
	layer: 'areas' | 'compounds' | 'companies' | 'facilities' | 'party-orgs';
	id: number;
	name: string;
	/** area level, 'compound', 'company', facility type or party-org kind */
	kind: string;
	/** the parent area, community or party status, for telling hits apart */
	context: string | null;
	score: number;
	center: [number, number] | null;
	bbox: [number, number, number, number] | null;
	/** how much of it the user's scope covers (kinds with figures only: areas, compounds, companies) */
	scope?: 'whole' | 'part' | 'outside';
}
