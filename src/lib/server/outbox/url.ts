// Which webhook URLs an admin may register (README "Notifications and the outbox"): http or https
// only, no user name or password in them, and never the app itself — its public origin (ORIGIN or
// the request's), or a loopback / unspecified address on the port the app listens on — so the
// outbox cannot be turned against the app's own API.
import { InputError } from '../http';

/** The app as the webhook check sees it: its origins (public and as the request reached it) and port. */
export interface AppSelf {
	origins: string[];
	port: number;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1?\]|0\.0\.0\.0|\[::ffff:127(?:\.\d{1,3}){3}\])$/i;

const portOf = (u: URL) => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

/**
 * The URL, normalised, when it is one a webhook may call; else InputError naming `url`: 400 when
 * it is not a URL, 422 `url_scheme` for another scheme or credentials in it, 422 `url_self` when
 * it points at the app.
 */
export function checkWebhookUrl(raw: string, self: AppSelf): string {
	let u: URL;
	try {
		u = new URL(raw.trim());
	} catch {
		throw new InputError(400, 'url', 'not a URL', 'invalid_format');
	}
	if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password)
		throw new InputError(422, 'url', 'a webhook URL is http(s), without user or password', undefined, {
			reason: 'url_scheme'
		});
	for (const origin of self.origins) {
		const o = new URL(origin);
		if (o.hostname.toLowerCase() === u.hostname.toLowerCase() && portOf(o) === portOf(u))
			throw new InputError(422, 'url', 'a webhook may not call the app itself', undefined, {
				reason: 'url_self'
			});
	}
	if (LOOPBACK.test(u.hostname) && portOf(u) === self.port)
		throw new InputError(422, 'url', 'a webhook may not call the app itself', undefined, {
			reason: 'url_self'
		});
	return u.href;
}
