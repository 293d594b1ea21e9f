// Shapes of the companies API (GET /api/companies, /api/companies/{id}): built by the server
// (src/lib/server/companies), read by the pages.
import type { PartyStatus } from '../codes';

export type { PartyStatus };

/** One company's service counts over the window inside the viewer's area (companies/list-tickets.sql). */
export type CompanyServiceCounts = {
	tickets: number;
	resolved: number;
	resolvedOnTime: number;
	medianResponseHours: number | null;
	medianResolutionHours: number | null;
	rated: number;
	satisfactionSum: number;
	hotspots: number;
};

/** One company's counts inside the viewer's area (a row of companies/list.sql with its service counts). */
export type CompanyCounts = CompanyServiceCounts & {
	id: number;
	name: string;
	partyStatus: PartyStatus;
	/** compounds inside the area, and in all (an official's partial view: "n of m compounds") */
	compounds: number;
	compoundsAll: number;
	households: number;
	feeDue: number;
	feeCollected: number;
};

/** The figures compared on a scorecard (null: nothing to measure). */
export interface CompanyFigures {
	/** tickets filed in the window per 1,000 households */
	ticketRate: number | null;
	/** share of tickets resolved in the window that were resolved by their due time */
	onTimeRate: number | null;
	medianResponseHours: number | null;
	medianResolutionHours: number | null;
	/** mean rating, 1–5 */
	satisfaction: number | null;
	hotspots: number;
	/** collected ÷ due in the latest month with fee records */
	feeRate: number | null;
}

/** A company of the ranked list: its counts, figures and place. A type alias (not an interface) so
 *  that it fits DataTable's Record<string, unknown> rows. */
export type CompanyRow = CompanyCounts & {
	figures: CompanyFigures;
	rank: number;
	/** ticket rate minus the area's (per 1,000 households) */
	excess: number | null;
};

/** The area a list or card is counted in. */
export interface CompanyArea {
	id: number;
	code: string;
	name: string;
	level: 'city' | 'district' | 'street' | 'community';
	parentId: number | null;
}

/** GET /api/companies */
export interface CompanyList {
	area: CompanyArea;
	days: number;
	/**
	 * when the service figures (tickets, response, resolution, satisfaction, hotspots) were counted
	 * (ISO 8601; at most REDGRID_FIGURES_MAX_AGE_SECONDS old); the rest is counted on each request
	 */
	serviceAsOf: string;
	/** the household-weighted average of the companies in the area */
	average: CompanyFigures;
	/** companies per party class (all of the area, before any status filter) */
	classes: Record<PartyStatus, number>;
	companies: CompanyRow[];
}

export interface CompanyPerson {
	id: number;
	/** null for a role that may not see personal data */
	name: string | null;
	phone: string | null;
	from: string;
	to: string | null;
}

/** GET /api/companies/{id} */
export interface CompanyCard {
	area: CompanyArea;
	days: number;
	/** when the service figures were counted (as in the list) */
	serviceAsOf: string;
	/** when the fee trend was counted (ISO 8601) */
	feesAsOf: string;
	company: CompanyRow;
	average: CompanyFigures;
	/** how many companies the ranking holds */
	ranked: number;
	/**
	 * its compounds in the area, with their owners' committee today and the joint meetings held there
	 * in the window with someone of the company present
	 */
	compounds: {
		id: number;
		name: string;
		households: number;
		community: string;
		committee: 'none' | 'expired' | 'active';
		companyMeetings: number;
	}[];
	/**
	 * Does the company work with owners' committees (三方联动): its compounds in the area with a committee
	 * in office, with an expired one, with none; the joint meetings it attended there in the window
	 */
	committees: { active: number; expired: number; none: number; companyMeetings: number };
	partyOrgs: { id: number; name: string; kind: string; from: string; to: string | null }[];
	instructors: CompanyPerson[];
	crossAppointments: (CompanyPerson & { title: string; direction: string; community: string })[];
	feeTrend: { month: string; due: number; collected: number; rate: number | null }[];
	rule: string;
}
