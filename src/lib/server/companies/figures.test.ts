import { describe, expect, it } from 'vitest';
import { NO_SERVICE, figuresOf, rank, weightedAverage, type CompanyCounts } from './figures';

const counts = (o: Partial<CompanyCounts>): CompanyCounts => ({
	id: 1,
	name: 'A',
	partyStatus: 'none',
	compounds: 1,
	compoundsAll: 1,
	households: 1000,
	...NO_SERVICE,
	feeDue: 0,
	feeCollected: 0,
	...o
});

describe('figuresOf', () => {
	it('turns counts into rates, null where nothing was measured', () => {
		const f = figuresOf(
			counts({ households: 400, tickets: 6, resolved: 4, resolvedOnTime: 3, rated: 3, satisfactionSum: 13 })
		);
		expect(f.ticketRate).toBe(15);
		expect(f.onTimeRate).toBe(0.75);
		expect(f.satisfaction).toBe(4.33);
		expect(f.feeRate).toBeNull();
		expect(figuresOf(counts({ households: 0, tickets: 2 })).ticketRate).toBeNull();
	});
});

describe('weightedAverage', () => {
	it('weights by households and skips unknown figures', () => {
		const a = {
			households: 100,
			figures: figuresOf(counts({ households: 100, tickets: 1, resolved: 2, resolvedOnTime: 2 }))
		};
		const b = { households: 300, figures: figuresOf(counts({ households: 300, tickets: 9 })) };
		const avg = weightedAverage([a, b]);
		// ticket rate: (1 + 9) tickets per 400 households = 25 per 1,000
		expect(avg.ticketRate).toBe(25);
		// on-time: only a measured it
		expect(avg.onTimeRate).toBe(1);
		expect(avg.feeRate).toBeNull();
	});
});

describe('rank', () => {
	it('puts no organization first, then instructor-only, then covered; within a class by excess ticket rate', () => {
		const area = weightedAverage([]);
		area.ticketRate = 10;
		const row = (name: string, partyStatus: CompanyCounts['partyStatus'], tickets: number) => ({
			name,
			partyStatus,
			figures: figuresOf(counts({ tickets }))
		});
		const ranked = rank(
			[
				row('own-hi', 'own', 50),
				row('ins', 'instructor', 1),
				row('none-lo', 'none', 5),
				row('none-hi', 'none', 30),
				row('joint', 'joint', 20)
			],
			area
		);
		expect(ranked.map((r) => r.name)).toEqual(['none-hi', 'none-lo', 'ins', 'own-hi', 'joint']);
		expect(ranked[0]).toMatchObject({ rank: 1, excess: 20 });
		expect(ranked[1].excess).toBe(-5);
	});
});
