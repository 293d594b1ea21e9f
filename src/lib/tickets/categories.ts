// Ticket categories: defined in the one module of code lists (src/lib/codes.ts).
export { TICKET_CATEGORIES, type TicketCategory } from '../codes';
