// Feedback that stays in view: one region at the bottom of the screen (in the app shell) that
// pages post messages to. Messages keep an i18n key or an API error, never a translated string, so
// they follow the interface language; errors stay until dismissed, other messages for 6 s.
import type { ApiErrorBody } from '$lib/i18n/errors';

export type ToastKind = 'ok' | 'info' | 'error';
export interface Toast {
	id: number;
	kind: ToastKind;
	/** an i18n key and its values, or */
	key?: string;
	values?: Record<string, string | number>;
	/** a server error, translated by its code when shown */
	error?: ApiErrorBody;
}

const LIFETIME_MS = 6000;
let next = 1;

export const toasts = $state<Toast[]>([]);

export function dismiss(id: number) {
	const i = toasts.findIndex((t) => t.id === id);
	if (i >= 0) toasts.splice(i, 1);
}

/** Shows a message; returns its id. Errors stay until dismissed (or replaced by the same key). */
export function toast(kind: ToastKind, message: Omit<Toast, 'id' | 'kind'>): number {
	const id = next++;
	// the same message again replaces the old one rather than stacking
	for (const t of [...toasts]) if (t.key && t.key === message.key) dismiss(t.id);
	toasts.push({ id, kind, ...message });
	while (toasts.length > 3) toasts.shift();
	if (kind !== 'error') setTimeout(() => dismiss(id), LIFETIME_MS);
	return id;
}

export const say = (key: string, values?: Record<string, string | number>) => toast('ok', { key, values });
export const warn = (key: string, values?: Record<string, string | number>) =>
	toast('error', { key, values });
export const fail = (error: ApiErrorBody) => toast('error', { error });
