import { describe, expect, it } from 'vitest';
import { TicketFilter, windowOf } from './filters';

describe('ticket filters', () => {
	it('parses lists and names a bad value', () => {
		expect(TicketFilter.parse({ category: 'water,noise', status: 'new' })).toMatchObject({
			category: ['water', 'noise'],
			status: ['new']
		});
		const bad = TicketFilter.safeParse({ category: 'water,lava' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues[0].path).toEqual(['category']);
		expect(TicketFilter.safeParse({ from: '2026-02-30x' }).success).toBe(false);
	});

	it('reads dates as Beijing midnight and defaults to the last 30 days', () => {
		const w = windowOf({ from: '2026-11-01', to: '2026-11-02' } as TicketFilter);
		expect(w.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
		expect(w.to.getTime() - w.from.getTime()).toBe(86_400_000);
		const d = windowOf({} as TicketFilter, Date.UTC(2026, 10, 27));
		expect(d.to.getTime() - d.from.getTime()).toBe(30 * 86_400_000);
		expect(() => windowOf({ from: '2026-11-02', to: '2026-11-01' } as TicketFilter)).toThrow(/from/);
	});
});
