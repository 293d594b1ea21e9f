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
}
