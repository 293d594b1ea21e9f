// The API's one error shape, shared by the server (which answers it) and the pages (which translate
// `code`): every 4xx/5xx JSON answer of /api is {field, code, params, message}. Open311 and the
// OGC API keep their own specs' formats.

/**
 * Every error code the API answers with. The codes are stable (the pages translate them; the
 * English `message` is only a fallback): add new ones at the end, never rename one.
 */
export const ERROR_CODES = [
	// input (400 unless noted)
	'invalid', // a value that is wrong in a way no finer code names (message says how)
	'required', // missing, or empty after trimming invisible characters
	'wrong_type', // e.g. a string where a number belongs
	'too_long', // params.max: characters
	'too_short', // params.min: characters
	'too_big', // params.max: the largest number (or count of items) allowed
	'too_small', // params.min
	'invalid_value', // not one of the allowed values; params.allowed when short
	'invalid_format', // does not match the expected pattern (message says which)
	'control_character', // NUL or another control character (tab/newline only in multi-line text)
	'invalid_date', // not a real calendar date or time (2026-02-30)
	'not_a_number', // not a plain finite decimal number (0x72, 1e999, NaN)
	'unknown_field', // a field the endpoint does not take
	'invalid_json', // the body is not JSON
	'invalid_utf8', // the body or a field is not valid UTF-8
	'unprocessable', // 422: well-formed but not acceptable (a rule of the data refuses it)
	// the request as a whole
	'body_too_large', // 413; params.max: bytes
	'unsupported_media_type', // 415: wrong Content-Type
	'unauthenticated', // 401: sign in first (or send a valid API key)
	'forbidden', // 403: the role or scope does not allow it
	'cross_site', // 403: a change sent from another origin
	'must_change_password', // 403: change the password first
	'not_found', // 404
	'conflict', // 409: e.g. already exists, edited by someone else meanwhile
	'rate_limited', // 429
	'unavailable', // 503: the database is unreachable; retry after Retry-After seconds
	'internal', // 500: a fault of the server (logged)
	'wrong_credentials', // 401: login refused
	'idempotency_mismatch', // 422: an Idempotency-Key reused with a different request
	'too_old' // 400: a request made offline longer ago than it may be sent (params.hours)
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Why a refusal whose code is a general one (`unprocessable`, `conflict`, `forbidden`, `invalid`)
 * was refused, in `params.reason`, so the pages can say it in the interface language rather than
 * the code's general sentence (error.reason.<reason> in src/lib/i18n; both languages, tested). The
 * other params are the reason's placeholders. Stable: add at the end, never rename.
 */
export const ERROR_REASONS = [
	'outside_city', // a ticket's point outside every district
	'ticket_moved', // the ticket's status is no longer the one the client showed
	'person_missing', // params.id: no such (active) person
	'assignee_cannot_act', // params.name: not the cell's worker, the building's steward or a street worker
	'role_may_not_act', // the role (or not being the assignee) does not allow this action
	'wrong_status', // the action does not apply in the ticket's status
	'not_overdue', // supervise (督办) applies to overdue tickets only
	'needed_for_action', // the field is required for this action
	'satisfaction_range', // 1–5
	'same_assignee', // reassign to the one who has it
	'no_sla_rule', // params.category
	'patrol_ended', // the patrol was ended
	'no_zone', // a worker without grid cells or buildings
	'in_future', // a time after now
	'poor_accuracy', // params.accuracy, params.max: metres
	'before_patrol', // a check-in time before its patrol began
	'too_far', // params.distance, params.max: metres from the building
	'outside_zone', // a building or grid cell outside the worker's zone
	'address_ambiguous', // params.candidates: several places match
	'address_none', // no compound matches the address
	'photo_empty', // an empty photo file
	'username_taken', // params.username
	'changed_meanwhile', // a record changed by someone else since it was read
	'cannot_demote_self', // an admin disabling or demoting themself
	'wrong_password', // the current password is wrong
	'same_password', // the new password equals the current one
	'outside_scope', // a record outside the user's area
	'person_wrong_kind', // params.id: a person of another kind than the role needs
	'one_holder', // dispatch to a person, a company or a department: one of them
	'holder_cannot_act', // params.name: the organisation may not hold this ticket (not its compound / area)
	'suspended', // the ticket is suspended (挂起): resume it first
	'not_suspended', // resume applies to a suspended ticket only
	'extension_pending', // an extension request waits for a decision already
	'no_extension', // no extension request waits for a decision
	'extension_max', // params.max: working days one extension may ask for this category
	'merge_self', // a ticket cannot be merged into itself
	'merge_closed', // params.status: the master is no longer open
	'no_compound', // a routing rule proposing the property company outside compounds
	'url_scheme', // a webhook URL that is not http(s), or carries a user or password
	'url_self', // a webhook URL pointing at the app itself
	'external_id_taken' // an upstream id pushed before with other fields
] as const;

export type ErrorReason = (typeof ERROR_REASONS)[number];

/** An error's params: the code's placeholders, and `reason` for a general code. */
export type ErrorParams = Record<string, string | number> & { reason?: ErrorReason };

/** The JSON body of every API error answer. */
export interface ApiErrorBody {
	/** the input field (or header / query parameter) that is wrong, or null when none is */
	field: string | null;
	code: ErrorCode;
	/** values the translated message needs, e.g. {max: 200}; `reason` (ERROR_REASONS) for a general code */
	params: ErrorParams;
	/** English fallback, naming the field ("description: at most 4,000 characters") */
	message: string;
}

/** The code an answer's status implies when no finer code is given. */
export function codeForStatus(status: number): ErrorCode {
	switch (status) {
		case 400:
			return 'invalid';
		case 401:
			return 'unauthenticated';
		case 403:
			return 'forbidden';
		case 404:
			return 'not_found';
		case 409:
			return 'conflict';
		case 413:
			return 'body_too_large';
		case 415:
			return 'unsupported_media_type';
		case 422:
			return 'unprocessable';
		case 429:
			return 'rate_limited';
		case 503:
			return 'unavailable';
		default:
			return status >= 500 ? 'internal' : 'invalid';
	}
}
