// UI strings through svelte-i18n: zh-CN by default, English on request (kept in a cookie).
import { addMessages, init, locale } from 'svelte-i18n';
import en from './en.json';
import zh from './zh-CN.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const LANG_COOKIE = 'redgrid_lang';

addMessages('zh-CN', zh);
addMessages('en', en);

export function setupI18n(initial: string | undefined) {
	const lang: Locale = initial === 'en' ? 'en' : 'zh-CN';
	init({ fallbackLocale: 'zh-CN', initialLocale: lang });
	locale.set(lang);
	return lang;
}

export function switchLocale(lang: Locale) {
	document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
	document.documentElement.lang = lang;
	locale.set(lang);
}
