import { config } from '$lib/server/config';
import { LANG_COOKIE } from '$lib/i18n';

export const load = async ({ locals, cookies }) => ({
	user: locals.user,
	demo: config.demo,
	lang: cookies.get(LANG_COOKIE) ?? 'zh-CN'
});
