// Server errors in the interface language. The API answers a refusal as
// `{ field, code, params, message }` (src/lib/errors.ts): `code` names the kind of refusal,
// `params` fill its placeholders, `field` names the input at fault, and `message` is the English
// fallback. Pages keep the error object (never a translated string) and translate it when they
// render, so switching the language re-renders every message.

/** An error as the API answers it (every part optional: older endpoints send only `message`). */
export interface ApiErrorBody {
	status?: number;
	field?: string | null;
	code?: string;
	params?: Record<string, unknown>;
	message?: string;
}

/** svelte-i18n's formatter (`$_`), narrowed to what this module uses. */
export type Translate = (
	id: string,
	options?: { values?: Record<string, string | number | boolean | Date | null | undefined>; default?: string }
) => string;

const GENERIC_STATUSES = [0, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500] as const;

/** Message key of a code: `error.code.<code>`; of a reason: `error.reason.<reason>`; of a field label: `error.field.<field>`. */
export const codeKey = (code: string) => `error.code.${code}`;
export const reasonKey = (reason: string) => `error.reason.${reason}`;
export const fieldKey = (field: string) => `error.field.${field}`;

/** Param values as svelte-i18n accepts them (numbers and strings; anything else as JSON). */
function values(params: Record<string, unknown> | undefined) {
	const out: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(params ?? {}))
		out[k] = typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
	return out;
}

/**
 * The error in the interface language: its reason's message (`params.reason`, see ERROR_REASONS in
 * src/lib/errors.ts) with its params; else its code's; else a sentence for its HTTP status naming
 * the (translated) field; English `message` only when the interface is English and nothing better
 * is known. `field` in params is filled with the translated field label.
 */
export function errorText(t: Translate, err: ApiErrorBody, locale: string | null | undefined): string {
	const field = err.field ? t(fieldKey(err.field), { default: err.field }) : '';
	const reason = err.params?.reason;
	if (typeof reason === 'string') {
		const text = t(reasonKey(reason), { values: { ...values(err.params), field }, default: '' });
		if (text) return text;
	}
	if (err.code) {
		const text = t(codeKey(err.code), { values: { ...values(err.params), field }, default: '' });
		if (text) return text;
	}
	if (locale === 'en' && err.message) return err.message;
	const status =
		GENERIC_STATUSES.find((s) => s === err.status) ?? (err.status && err.status >= 500 ? 500 : 400);
	const generic = t(`error.status.${status}`, { default: '' });
	return field ? t('error.withField', { values: { field, text: generic }, default: generic }) : generic;
}

/** Reads an error answer into an ApiErrorBody (a body that is not JSON keeps only the status). */
export async function readError(res: Response): Promise<ApiErrorBody> {
	const body = (await res.json().catch(() => ({}))) as ApiErrorBody;
	return { ...body, status: res.status };
}
