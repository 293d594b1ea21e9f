// The coded values of the governance records (三方联动), shared by the server's validation, the
// forms and the figures. Labels are in the i18n files (edit.option.<value>).

/** 主任, 副主任, 委员 */
export const COMMITTEE_POSITIONS = ['chair', 'vice_chair', 'member'] as const;
export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export const DECISION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
/** The parties at the table: 社区党组织 / 居委会, 业委会, 物业服务企业, 职能部门 */
export const PARTIES = ['community_party', 'owners_committee', 'property_company', 'department'] as const;
export const CONSULTATION_KINDS = [
	'parking_plan',
	'maintenance_fund',
	'neighbour_dispute',
	'renovation',
	'service_quality',
	'other_matter'
] as const;
export const RAISERS = ['residents', 'community_party', 'owners_committee', 'property_company'] as const;
export const OUTCOMES = ['pending', 'agreed', 'rejected', 'referred'] as const;
