import { describe, expect, it } from 'vitest';
import { formatDuration, stageClocks, type ClockEvent } from './stages';

const t0 = new Date('2026-11-01T08:00:00+08:00');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000).toISOString();
const ev = (minutes: number, kind: string, over: Partial<ClockEvent> = {}): ClockEvent => ({
	at: at(minutes),
	kind,
	assigneeId: null,
	assigneeName: null,
	actor: '管理员',
	onBehalfOf: null,
	...over
});

describe('the SLA clock per stage', () => {
	const ticket = { createdAt: at(0), acceptDueAt: at(120), dueAt: at(24 * 60), assigneeName: '王网格' };

	it('times sign-for, resolve and close, with the holder and acts on behalf', () => {
		const events = [
			ev(0, 'created'),
			ev(1, 'assigned', { assigneeId: 5, assigneeName: '李网格' }),
			ev(150, 'accepted', { assigneeId: 5, assigneeName: '李网格', actor: '街道干部', onBehalfOf: '李网格' }),
			ev(600, 'resolved', { assigneeId: 5, assigneeName: '李网格', actor: '李网格' })
		];
		const [sign, resolve, close] = stageClocks(ticket, events, new Date(at(700)));
		expect(sign).toMatchObject({
			seconds: 150 * 60,
			late: true,
			holder: '李网格',
			endedBy: '街道干部',
			onBehalfOf: '李网格'
		});
		expect(resolve).toMatchObject({ seconds: 450 * 60, late: false, holder: '李网格', onBehalfOf: null });
		// close is running: counted to now, no deadline
		expect(close).toMatchObject({ seconds: 100 * 60, endedAt: null, dueAt: null, late: false });
	});

	it('leaves unreached stages empty and runs the current one to now', () => {
		const [sign, resolve] = stageClocks(ticket, [ev(0, 'created')], new Date(at(30)));
		expect(sign).toMatchObject({ seconds: 30 * 60, late: false, endedAt: null, holder: '王网格' });
		expect(resolve).toMatchObject({ seconds: null, startedAt: null, holder: null });
	});

	it('reads a returned ticket as held by the queue', () => {
		const events = [
			ev(0, 'created'),
			ev(1, 'assigned', { assigneeId: 5, assigneeName: '李网格' }),
			ev(20, 'returned')
		];
		expect(stageClocks(ticket, events, new Date(at(30)))[0].holder).toBeNull();
	});

	it('judges a running stage of a suspended ticket at its suspension: the clock stands', () => {
		const events = [ev(0, 'created'), ev(1, 'assigned', { assigneeId: 5, assigneeName: '李网格' })];
		// suspended at 60 min, before the sign-for deadline (120 min); now is 300 min
		const suspended = { ...ticket, suspendedAt: at(60) };
		expect(stageClocks(suspended, events, new Date(at(300)))[0]).toMatchObject({
			late: false,
			endedAt: null
		});
		// the same ticket not suspended is late by now; suspended after its deadline, late too
		expect(stageClocks(ticket, events, new Date(at(300)))[0].late).toBe(true);
		expect(stageClocks({ ...ticket, suspendedAt: at(150) }, events, new Date(at(300)))[0].late).toBe(true);
	});

	it("names the organisation holding a stage: a company's or department's name, not the last person's", () => {
		const events = [
			ev(0, 'created'),
			ev(1, 'assigned', { assigneeId: 5, assigneeName: '李网格' }),
			ev(5, 'reassigned', { assigneeName: '城建物业公司', holderCompanyId: 3 }),
			ev(90, 'accepted', { assigneeName: '城建物业公司', holderCompanyId: 3, actor: '物业客服' }),
			ev(200, 'reassigned', { assigneeName: '市供水公司', holderDepartmentId: 7 })
		];
		const [sign, resolve] = stageClocks(ticket, events, new Date(at(300)));
		expect(sign.holder).toBe('城建物业公司');
		expect(resolve.holder).toBe('市供水公司');
		// no holder in the events (written before migration 140): the organisation holding it now
		const [old] = stageClocks({ ...ticket, assigneeName: null, holderName: '市供水公司' }, [
			ev(0, 'created')
		]);
		expect(old.holder).toBe('市供水公司');
	});

	it('formats durations for people', () => {
		expect(formatDuration(90 * 60)).toBe('1小时30分');
		expect(formatDuration(26 * 3600, true)).toBe('1 d 2 h');
		expect(formatDuration(5 * 60, true)).toBe('5 min');
	});
});
