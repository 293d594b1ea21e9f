// What a live ticket event carries to the browser (no personal data).
export interface LiveTicketEvent {
	id: number;
	ticketId: number;
	kind: string;
	from: string | null;
	to: string | null;
	at: string;
	category: string;
	status: string;
	lon: number;
	lat: number;
	districtId: number;
	overdue: boolean;
}
