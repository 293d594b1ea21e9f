// The shapes of GET /api/governance/compounds/{id} that the governance page shows.
export interface Decision {
	id: number;
	content: string;
	owner: string;
	ownerParty: string | null;
	dueOn: string;
	status: string;
	doneOn: string | null;
	ticketId: number | null;
	ticketCode: string | null;
	ticketStatus: string | null;
}
export interface Meeting {
	id: number;
	title: string;
	heldOn: string;
	status: string;
	compoundId: number | null;
	place: string | null;
	topics: string | null;
	communityAttendees: number;
	committeeAttendees: number;
	companyAttendees: number;
	departmentAttendees: number;
	departments: string | null;
	decisions: Decision[];
}
export interface Detail {
	id: number;
	name: string;
	communityId: number;
	community: string;
	households: number;
	committee: null | {
		id: number;
		registered: boolean;
		electedOn: string | null;
		termStart: string;
		termEnd: string;
		partyGroup: boolean;
		members: { id: number; name: string; phone: string | null; position: string; partyMember: boolean }[];
	};
	meetings: Meeting[];
	consultations: {
		id: number;
		title: string;
		kind: string;
		raisedBy: string;
		raisedOn: string;
		outcome: string;
		votesFor: number | null;
		votesAgainst: number | null;
		votesAbstain: number | null;
	}[];
}

/** Which form of the page is open ('' none; a decision's form names its meeting). */
export type PageForm = '' | 'meeting' | 'committee' | 'member' | 'consultation' | `decision:${number}`;
