import { describe, expect, it } from 'vitest';
import { maskName, maskPhone, scopeOf, type SessionUser } from './roles';

const base: SessionUser = {
	id: 1,
	username: 'u',
	displayName: 'U',
	role: 'admin',
	areaId: null,
	personId: null,
	companyId: null,
	departmentId: null,
	mustChangePassword: false
};

describe('masking', () => {
	it('masks a mobile number to 3 + 4 digits', () => {
		expect(maskPhone('13812341234')).toBe('138****1234');
		expect(maskPhone('+86 138-1234-1234')).toBe('861****1234');
		expect(maskPhone('12345')).toBe('*****');
	});
	it('keeps only the first character of a name', () => {
		expect(maskName('张三丰')).toBe('张**');
		expect(maskName('李四')).toBe('李*');
	});
});

describe('scopeOf', () => {
	it('gives each role its scope', () => {
		expect(scopeOf(base)).toEqual({ kind: 'all' });
		expect(scopeOf({ ...base, role: 'official', areaId: 7 })).toEqual({ kind: 'area', areaId: 7 });
		expect(scopeOf({ ...base, role: 'grid_worker', personId: 3 })).toEqual({
			kind: 'grid_cells',
			personId: 3
		});
		expect(scopeOf({ ...base, role: 'steward', personId: 4 })).toEqual({ kind: 'buildings', personId: 4 });
		expect(scopeOf({ ...base, role: 'planner' })).toEqual({ kind: 'aggregates' });
		expect(scopeOf({ ...base, role: 'dispatcher', areaId: 9 })).toEqual({ kind: 'dispatch', areaId: 9 });
		expect(scopeOf({ ...base, role: 'company', companyId: 5 })).toEqual({ kind: 'company', companyId: 5 });
		expect(scopeOf({ ...base, role: 'department', departmentId: 2 })).toEqual({
			kind: 'department',
			departmentId: 2
		});
	});
});
