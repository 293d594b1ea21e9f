// Numbers on the planning page as people read them, in the interface language: households with
// thousands separators, shares as percentages with one decimal, factors with at most two decimals
// (a detour factor stored as float4 1.3 must not show as 1.2999999523162842), metres whole.
import type { ApiErrorBody, Translate } from '$lib/i18n/errors';
import { errorText } from '$lib/i18n/errors';

const tag = (locale: string | null | undefined) => (locale === 'en' ? 'en' : 'zh-CN');

/** A count (households, buildings, sites). */
export const fmtCount = (v: number, locale?: string | null) => Math.round(v).toLocaleString(tag(locale));

/** A share 0–1 as a percentage with one decimal; '—' when unknown. */
export const fmtShare = (v: number | null | undefined, locale?: string | null) =>
	v === null || v === undefined || !Number.isFinite(v)
		? '—'
		: v.toLocaleString(tag(locale), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A factor (the detour factor): at most two decimals, no trailing zeros (1.3, 1.25, 2). */
export const fmtFactor = (v: number, locale?: string | null) =>
	v.toLocaleString(tag(locale), { maximumFractionDigits: 2 });

/** Metres, whole. */
export const fmtMetres = (v: number, locale?: string | null) => Math.round(v).toLocaleString(tag(locale));

/**
 * The solver's method ('greedy+swap+lagrangian', 'exact (time_limit)', 'greedy+swap (proven optimal
 * by exact)', 'none (target met)' …) in the interface language, token by token.
 */
export function methodText(method: string, t: Translate): string {
	if (method.startsWith('none (every')) return t('planning.methodName.noneAll');
	if (method.startsWith('none')) return t('planning.methodName.noneTarget');
	const paren = method.indexOf(' (');
	const head = paren < 0 ? method : method.slice(0, paren);
	const tail = paren < 0 ? '' : method.slice(paren + 1);
	const words = head
		.split('+')
		.map((w) => t(`planning.methodName.${w}`, { default: w }))
		.join(' + ');
	if (!tail) return words;
	return tail.includes('proven optimal') ? words + t('planning.methodName.proven') : `${words} ${tail}`;
}

/** A notice of the solver (code + values) in the interface language; shares shown as percentages. */
export function noticeText(
	n: { code: string; values: Record<string, string | number> },
	t: Translate,
	locale?: string | null
): string {
	const values: Record<string, string | number> = { ...n.values };
	for (const k of ['target', 'share'])
		if (typeof values[k] === 'number') values[k] = fmtShare(values[k] as number, locale);
	for (const k of ['n', 'k', 'solver', 'check'])
		if (typeof values[k] === 'number') values[k] = fmtCount(values[k] as number, locale);
	return t(`planning.notice.${n.code}`, { values, default: n.code });
}

/**
 * A refusal or failure of the planning page in the interface language: the page's own sentence for
 * the field when it has one (planning.error.<field>), else the API's translated error text.
 */
export function failureText(f: ApiErrorBody, t: Translate, locale?: string | null): string {
	if (f.field) {
		const own = t(`planning.error.${f.field}`, { default: '' });
		if (own) return own;
	}
	return errorText(t, { status: 400, ...f }, locale);
}

/**
 * The reach rule of a run or of the map before one, in the interface language: with walks over the
 * road network, the walk and the share of households measured by it (the rest by straight line ×
 * detour); without, the straight-line radius walk ÷ detour and why there is no network.
 */
export function ruleText(
	r: {
		walkM: number;
		detour: number;
		radiusM: number;
		measure: 'network' | 'straight-line';
		network?: string;
	},
	totals: { households: number; networkHouseholds?: number },
	t: Translate,
	locale?: string | null
): string {
	if (r.measure === 'network')
		return t('planning.ruleNoteNetwork', {
			values: {
				walk: fmtMetres(r.walkM, locale),
				detour: fmtFactor(r.detour, locale),
				share: fmtShare(
					totals.households ? (totals.networkHouseholds ?? 0) / totals.households : null,
					locale
				)
			}
		});
	return t('planning.ruleNote', {
		values: {
			walk: fmtMetres(r.walkM, locale),
			detour: fmtFactor(r.detour, locale),
			radius: fmtMetres(r.radiusM, locale),
			why: t(`planning.ruleWhy.${r.network ?? 'no-network'}`, { default: t('planning.ruleWhy.no-network') })
		}
	});
}
