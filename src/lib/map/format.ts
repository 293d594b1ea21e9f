// Display of feature-panel values: codes through the dictionaries, dates in Beijing time.
import type { FieldValue } from './types';

const CODED: Record<string, string> = {
	level: 'level',
	partyStatus: 'map.partyStatus',
	type: 'map.facilityType',
	kind: 'map.orgKind',
	category: 'map.category',
	urgency: 'map.urgency',
	status: 'status',
	ownersCommittee: 'map.committeeStatus'
};

export function formatValue(key: string, value: FieldValue, t: (k: string) => string, lang: string): string {
	if (value === null || value === '') return '—';
	if (typeof value === 'boolean') return t(value ? 'map.yes' : 'map.no');
	if (CODED[key] && typeof value === 'string') return t(`${CODED[key]}.${value}`);
	if ((key === 'createdAt' || key === 'dueAt') && typeof value === 'string')
		return new Date(value).toLocaleString(lang, { timeZone: 'Asia/Shanghai', hour12: false });
	if (typeof value === 'number') return value.toLocaleString(lang);
	return value;
}
