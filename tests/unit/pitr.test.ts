import { describe, expect, it } from 'vitest';
import { backupFor, parseRecoveryTime } from '../../scripts/lib/pitr';

describe('parseRecoveryTime (npm run restore -- --to)', () => {
	it('reads a zone in each spelling, and Beijing time without one', () => {
		const want = '2026-12-01T02:00:00.000Z';
		for (const s of [
			'2026-12-01 10:00+08',
			'2026-12-01 10:00+0800',
			'2026-12-01T10:00:00+08:00',
			'2026-12-01 10:00',
			'2026-12-01 02:00Z'
		])
			expect(parseRecoveryTime(s)?.toISOString(), s).toBe(want);
		expect(parseRecoveryTime('2026-12-01 10:00:05.250')?.toISOString()).toBe('2026-12-01T02:00:05.250Z');
	});

	it('refuses days and hours that do not exist, and other text', () => {
		for (const s of [
			'2026-02-30 10:00',
			'2026-13-01 10:00',
			'2026-12-01 24:00',
			'2026-12-01',
			'yesterday',
			''
		])
			expect(parseRecoveryTime(s), s).toBeNull();
	});
});

describe('backupFor', () => {
	const b = (iso: string) => ({ dir: iso, finishedAt: new Date(iso) });
	const backups = [b('2026-11-01T00:00:00Z'), b('2026-11-15T00:00:00Z'), b('2026-11-29T00:00:00Z')];
	it('takes the newest base backup finished at or before the target', () => {
		expect(backupFor(backups, new Date('2026-11-20T00:00:00Z'))?.dir).toBe('2026-11-15T00:00:00Z');
		expect(backupFor(backups, new Date('2026-11-29T00:00:00Z'))?.dir).toBe('2026-11-29T00:00:00Z');
		expect(backupFor(backups, new Date('2026-10-01T00:00:00Z'))).toBeNull();
	});
});
