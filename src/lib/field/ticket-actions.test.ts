import { describe, expect, it } from 'vitest';
import { fieldActions, needsOf, statusAfter } from './ticket-actions';

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

	it('gives the status a ticket reaches once its queued actions are taken, in order', () => {
		expect(statusAfter('accepted', [])).toBe('accepted');
		expect(statusAfter('accepted', ['resolve'])).toBe('resolved');
		expect(statusAfter('assigned', ['accept', 'start', 'resolve'])).toBe('resolved');
		expect(statusAfter('assigned', ['accept', 'note'])).toBe('accepted');
		// the rules would refuse a resolve before the ticket is signed for: the server decides
		expect(statusAfter('assigned', ['resolve'])).toBe('assigned');
		expect(statusAfter('accepted', ['return'])).toBe('new');
		expect(statusAfter('in_progress', ['return'])).toBe('in_progress');
		expect(statusAfter('accepted', ['no_such_action'])).toBe('accepted');
	});
});
