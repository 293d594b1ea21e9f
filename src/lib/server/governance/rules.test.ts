import { describe, expect, it } from 'vitest';
import { governanceProblem, lastQuarter, percent, quarterOf, voteOverflow } from './rules';

describe('governance rules', () => {
	it('finds the last full quarter, across a year end', () => {
		expect(lastQuarter('2026-11-30')).toEqual({ from: '2026-07-01', to: '2026-09-30', label: '2026-Q3' });
		expect(lastQuarter('2026-01-15')).toEqual({ from: '2025-10-01', to: '2025-12-31', label: '2025-Q4' });
		expect(lastQuarter('2024-05-01')).toEqual({ from: '2024-01-01', to: '2024-03-31', label: '2024-Q1' });
		expect(quarterOf('2026-06-30')).toBe('2026-Q2');
	});

	it('rounds shares to one decimal and has none without a whole', () => {
		expect(percent(1, 3)).toBe(33.3);
		expect(percent(2, 5)).toBe(40);
		expect(percent(0, 0)).toBeNull();
	});

	it('names the vote field that takes the votes past the households', () => {
		expect(voteOverflow({ votesFor: 200, votesAgainst: 60, votesAbstain: 40 }, 300)).toBeNull();
		expect(voteOverflow({ votesFor: 200, votesAgainst: 150 }, 300)).toEqual({
			field: 'votesAgainst',
			total: 350
		});
		expect(voteOverflow({ votesFor: 301 }, 300)).toEqual({ field: 'votesFor', total: 301 });
	});

	it('refuses a term ending before it starts and a future meeting marked held', () => {
		const today = '2026-11-30';
		expect(
			governanceProblem('owner-committees', { termStart: '2026-06-01', termEnd: '2026-06-01' }, today)?.field
		).toBe('termEnd');
		expect(
			governanceProblem('owner-committees', { termStart: '2026-06-01', termEnd: '2031-05-31' }, today)
		).toBeNull();
		expect(governanceProblem('meetings', { heldOn: '2026-12-01', status: 'held' }, today)?.field).toBe(
			'heldOn'
		);
		expect(governanceProblem('meetings', { heldOn: '2026-12-01', status: 'planned' }, today)).toBeNull();
		expect(governanceProblem('meetings', { heldOn: today, status: 'held' }, today)).toBeNull();
		expect(
			governanceProblem('consultations', { raisedOn: '2026-09-01', decidedOn: '2026-08-01' }, today)?.field
		).toBe('decidedOn');
	});
});
