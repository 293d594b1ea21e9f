// Shapes of the companies API (GET /api/companies, /api/companies/{id}) as the pages read them.
export type PartyStatus = 'own' | 'joint' | 'instructor' | 'none';

export interface CompanyFiguresData {
	ticketRate: number | null;
	onTimeRate: number | null;
	medianResponseHours: number | null;
	medianResolutionHours: number | null;
	satisfaction: number | null;
	hotspots: number;
	feeRate: number | null;
}

// a type alias (not an interface) so that it fits DataTable's Record<string, unknown> rows
export type CompanyRowData = {
	id: number;
	name: string;
	partyStatus: PartyStatus;
	compounds: number;
	compoundsAll: number;
	households: number;
	tickets: number;
	figures: CompanyFiguresData;
	rank: number;
	excess: number | null;
};

interface AreaData {
	id: number;
	code: string;
	name: string;
	level: string;
	parentId: number | null;
}

export interface CompanyListData {
	area: AreaData;
	days: number;
	average: CompanyFiguresData;
	classes: Record<PartyStatus, number>;
	companies: CompanyRowData[];
}

interface PersonData {
	id: number;
	name: string | null;
	phone: string | null;
	from: string;
	to: string | null;
}

export interface CompanyCardData {
	area: AreaData;
	days: number;
	company: CompanyRowData;
	average: CompanyFiguresData;
	ranked: number;
	/** with the compound's owners' committee today and the joint meetings the company attended there */
	compounds: {
		id: number;
		name: string;
		households: number;
		community: string;
		committee: 'none' | 'expired' | 'active';
		companyMeetings: number;
	}[];
	/** its compounds by owners' committee, and the joint meetings it attended in the window */
	committees: { active: number; expired: number; none: number; companyMeetings: number };
	partyOrgs: { id: number; name: string; kind: string; from: string; to: string | null }[];
	instructors: PersonData[];
	crossAppointments: (PersonData & { title: string; direction: string; community: string })[];
	feeTrend: { month: string; due: number; collected: number; rate: number | null }[];
	rule: string;
}
