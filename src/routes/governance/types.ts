// The governance page's own state; the shapes it reads (CompoundGovernance and its meetings and
// decisions) are in $lib/api-types, shared with the server.

/** Which form of the page is open ('' none; a decision's form names its meeting). */
export type PageForm = '' | 'meeting' | 'committee' | 'member' | 'consultation' | `decision:${number}`;
