// Ticket categories: the one list (the database's CHECK on tickets.category and sla_rules match it).
// Plain data, importable from server, scripts and browser alike.
export const TICKET_CATEGORIES = [
	'water',
	'electricity',
	'elevator',
	'sanitation',
	'noise',
	'dispute',
	'parking',
	'greenery',
	'safety',
	'property_service',
	'facility_repair',
	'other'
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
