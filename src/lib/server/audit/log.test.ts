import { describe, expect, it } from 'vitest';
import { auditCsv, changedFields, type AuditRow } from './log';

describe('audit helpers', () => {
	it('lists the fields an edit changed, not the version', () => {
		expect(changedFields({ a: 1, b: [1, 2], version: 1 }, { a: 1, b: [1, 3], version: 2 })).toEqual(['b']);
		expect(changedFields(null, { a: 1 })).toEqual(['a']);
	});

	it('writes CSV with quoted JSON and the changed fields', () => {
		const row: AuditRow = {
			id: 7,
			at: '2025-01-02T03:04:05.000Z',
			actorUserId: 1,
			actor: 'admin',
			action: 'update',
			entity: 'facilities',
			entityId: 3,
			before: { capacity: 10, name: 'a,b' },
			after: { capacity: 12, name: 'a,b' },
			note: null
		};
		const csv = auditCsv([row]);
		expect(csv.startsWith('\ufeff')).toBe(true);
		const [head, line] = csv.slice(1).split('\r\n');
		expect(head).toBe('id,at,actor,action,entity,entity_id,changed,before,after,note');
		// Beijing time, as every CSV of the app
		expect(line).toBe(
			'7,2025-01-02T11:04:05+08:00,admin,update,facilities,3,capacity,"{""capacity"":10,""name"":""a,b""}","{""capacity"":12,""name"":""a,b""}",'
		);
	});
});
