import { appConfig } from '$lib/server/config';
import { LANG_COOKIE } from '$lib/i18n';

export const load = async ({ locals, cookies }) => ({
	user: locals.user,
	demo: appConfig.demo,
	lang: cookies.get(LANG_COOKIE) ?? 'zh-CN'
});
