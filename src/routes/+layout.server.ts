import { config } from '$lib/server/config';
import { LANG_COOKIE } from '$lib/i18n';
import { hasBell, pagesFor } from '$lib/server/auth/pages';

export const load = async ({ locals, cookies }) => ({
	user: locals.user,
	demo: config.demo,
	lang: cookies.get(LANG_COOKIE) ?? 'zh-CN',
	/** the navigation's pages this user's role may open (from the route policy) */
	pages: locals.user ? pagesFor(locals.user.role) : [],
	/** whether the top bar shows the notification bell (from the route policy too) */
	bell: locals.user ? hasBell(locals.user.role) : false
});
