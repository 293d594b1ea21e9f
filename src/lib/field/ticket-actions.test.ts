import { describe, expect, it } from 'vitest';
import { fieldActions, needsOf } from './ticket-actions';

const worker = { role: 'grid_worker', personId: 7 };

describe('field ticket actions (from the ticket workflow)', () => {
	it("offers the assignee the next steps of the ticket's state", () => {
		expect(fieldActions({ status: 'assigned', assigneeId: 7 }, worker)).toEqual(['accept', 'return', 'note']);
		expect(fieldActions({ status: 'accepted', assigneeId: 7 }, worker)).toEqual([
			'start',
			'resolve',
			'return',
			'note'
		]);
		expect(fieldActions({ status: 'in_progress', assigneeId: 7 }, worker)).toEqual(['resolve', 'note']);
	});

	it("offers someone else's ticket only a note", () => {
		expect(fieldActions({ status: 'assigned', assigneeId: 8 }, worker)).toEqual(['note']);
		expect(fieldActions({ status: 'accepted', assigneeId: null }, worker)).toEqual(['note']);
	});

	it('asks for a note to resolve and a reason to return', () => {
		expect(needsOf('resolve')).toEqual(['note']);
		expect(needsOf('return')).toEqual(['reason']);
		expect(needsOf('accept')).toEqual([]);
	});
});
