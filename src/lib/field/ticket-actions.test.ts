import { describe, expect, it } from 'vitest';
import { fieldActions, needsOf } from './ticket-actions';

describe('field ticket actions', () => {
	it("offers the assignee the next steps of the ticket's state", () => {
		expect(fieldActions({ status: 'assigned', assigneeId: 7 }, 7)).toEqual(['accept', 'return', 'note']);
		expect(fieldActions({ status: 'accepted', assigneeId: 7 }, 7)).toEqual([
			'start',
			'resolve',
			'return',
			'note'
		]);
		expect(fieldActions({ status: 'in_progress', assigneeId: 7 }, 7)).toEqual(['resolve', 'note']);
	});

	it("offers someone else's ticket only a note", () => {
		expect(fieldActions({ status: 'assigned', assigneeId: 8 }, 7)).toEqual(['note']);
		expect(fieldActions({ status: 'accepted', assigneeId: null }, 7)).toEqual(['note']);
		expect(fieldActions({ status: 'accepted', assigneeId: null }, null)).toEqual(['note']);
	});

	it('asks for a note to resolve and a reason to return', () => {
		expect(needsOf('resolve')).toEqual(['note']);
		expect(needsOf('return')).toEqual(['reason']);
		expect(needsOf('accept')).toEqual([]);
	});
});
