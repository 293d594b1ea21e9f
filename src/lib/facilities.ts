// Facility types: the one list (the database's CHECK on facilities.type and facility_reach match it),
// with their Chinese names. Plain data, importable from server, scripts and browser alike.
export const FACILITY_TYPES = [
	'red_station',
	'party_service_center',
	'library',
	'fitness_center',
	'volunteer_station',
	'elderly_center',
	'youth_reading_room',
	'residents_council_room',
	'health_station',
	'kindergarten'
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

export const FACILITY_NAMES_ZH: Record<FacilityType, string> = {
	red_station: '红色驿站',
	party_service_center: '党群服务中心',
	library: '社区书屋',
	fitness_center: '全民健身中心',
	volunteer_station: '志愿服务站',
	elderly_center: '老年人活动室',
	youth_reading_room: '青少年阅览室',
	residents_council_room: '居民议事室',
	health_station: '社区卫生服务站',
	kindergarten: '幼儿园'
};
