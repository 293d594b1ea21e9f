// The current instant as ISO 8601 (UTC), for the field state module (kept out of .svelte.ts so the
// reactivity lint does not take a plain timestamp for mutable state).
export const nowIso = (): string => new Date().toISOString();
