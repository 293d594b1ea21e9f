// What each layer's import accepts: our fields (type, required, aliases that a source column may be
// called, e.g. the Chinese headings of a spreadsheet) and the geometry. Pure: the column mapping and
// the coercion of values (with a message a person can act on) are unit-tested without a database.
import type { ImportLayerId } from '$lib/map/layer-ids';
import type { ImportReject } from '$lib/api-types';
import { FACILITY_TYPES } from '$lib/facilities';
import { PERSON_KINDS, STATUSES, TICKET_CATEGORIES, URGENCIES } from '$lib/codes';

export { PERSON_KINDS };
import { unneutralise } from '$lib/csv';
import { TEXT_RULES, checkText, type TextRule } from '$lib/field-rules';
import { stripControl } from '../input';

export type ImportType = 'string' | 'integer' | 'number' | 'date' | 'datetime';

export interface ImportField {
	name: string;
	type: ImportType;
	required?: boolean;
	/** allowed values (checked case-sensitively after trimming) */
	values?: readonly string[];
	/** other words a file may use for a value (e.g. 网格员 → grid_worker), translated before checking */
	synonyms?: Readonly<Record<string, string>>;
	/** the shared rule of a text field (length, format, normalisation: $lib/field-rules) */
	rule?: TextRule;
	min?: number;
	max?: number;
	aliases?: string[];
}

export interface ImportLayer {
	id: ImportLayerId;
	/** the field that identifies a row: re-importing the same key updates instead of duplicating */
	key: string;
	fields: ImportField[];
	geometry: 'Point' | 'MultiPolygon' | null;
	geometryRequired: boolean;
}

const F = (name: string, type: ImportType, opts: Omit<ImportField, 'name' | 'type'> = {}): ImportField => ({
	name,
	type,
	...opts
});

const R = TEXT_RULES;
const code = (aliases: string[] = []) =>
	F('code', 'string', { required: true, rule: R.code, aliases: ['编码', '代码', '编号', 'id', ...aliases] });
const name = F('name', 'string', { required: true, rule: R.name, aliases: ['名称', '名字', 'mc'] });
/** a reference to another record by its code */
const ref = (n: string, opts: Omit<ImportField, 'name' | 'type' | 'rule'> = {}) =>
	F(n, 'string', { rule: R.code, ...opts });
const count = (n: string, aliases: string[]) => F(n, 'integer', { min: 0, max: 100_000_000, aliases });

const PERSON_KIND_WORDS: Record<string, (typeof PERSON_KINDS)[number]> = {
	网格员: 'grid_worker',
	红领管家: 'steward',
	社区两委成员: 'committee_member',
	物业负责人: 'company_head',
	党建指导员: 'instructor'
};

// 三方联动 records from a spreadsheet (owners' committees by compound, their members, joint meetings)
const YES_NO: Record<string, string> = {
	是: 'true',
	否: 'false',
	有: 'true',
	无: 'false',
	1: 'true',
	0: 'false'
};
const flag = (n: string, aliases: string[]) =>
	F(n, 'string', { values: ['true', 'false'], synonyms: YES_NO, aliases });
const compoundCode = (required: boolean) =>
	F('compound_code', 'string', { required, rule: R.code, aliases: ['小区编码', '所属小区编码'] });
const attendees = (n: string, aliases: string[]) => F(n, 'integer', { min: 0, max: 1000, aliases });

const GOVERNANCE_IMPORT_LAYERS: Record<'owner-committees' | 'committee-members' | 'meetings', ImportLayer> = {
	'owner-committees': {
		id: 'owner-committees',
		// one live committee per compound: re-importing a compound's row updates its committee
		key: 'compound_code',
		geometry: null,
		geometryRequired: false,
		fields: [
			compoundCode(true),
			flag('registered', ['是否备案', '备案']),
			F('elected_on', 'date', { aliases: ['选举日期', '成立日期'] }),
			F('term_start', 'date', { required: true, aliases: ['任期开始', '任期起'] }),
			F('term_end', 'date', { required: true, aliases: ['任期结束', '任期止', '任期届满'] }),
			flag('party_group', ['党的工作小组', '是否成立党的工作小组'])
		]
	},
	'committee-members': {
		id: 'committee-members',
		key: 'code',
		geometry: null,
		geometryRequired: false,
		fields: [
			code(['成员编码']),
			compoundCode(true),
			F('name', 'string', { required: true, rule: { max: 50 }, aliases: ['姓名'] }),
			F('phone', 'string', {
				rule: R.phone,
				aliases: ['电话', '手机', '联系电话']
			}),
			F('position', 'string', {
				required: true,
				values: ['chair', 'vice_chair', 'member'],
				synonyms: { 主任: 'chair', 副主任: 'vice_chair', 委员: 'member', 成员: 'member' },
				aliases: ['职务']
			}),
			flag('party_member', ['党员', '是否党员', '政治面貌'])
		]
	},
	meetings: {
		id: 'meetings',
		key: 'code',
		geometry: null,
		geometryRequired: false,
		fields: [
			code(['会议编号']),
			F('community_code', 'string', { required: true, aliases: ['社区编码', '所属社区编码'] }),
			compoundCode(false),
			F('held_on', 'date', { required: true, aliases: ['会议日期', '日期'] }),
			F('status', 'string', {
				values: ['planned', 'held', 'cancelled'],
				synonyms: {
					已召开: 'held',
					计划: 'planned',
					计划召开: 'planned',
					取消: 'cancelled',
					已取消: 'cancelled'
				},
				aliases: ['状态']
			}),
			F('title', 'string', { required: true, rule: R.name, aliases: ['会议名称', '名称', '标题'] }),
			F('place', 'string', { rule: R.name, aliases: ['地点', '会议地点'] }),
			F('topics', 'string', { rule: { max: 2000 }, aliases: ['议题'] }),
			attendees('community_attendees', ['社区出席人数', '社区']),
			attendees('committee_attendees', ['业委会出席人数', '业委会']),
			attendees('company_attendees', ['物业出席人数', '物业']),
			attendees('department_attendees', ['部门出席人数', '部门']),
			F('departments', 'string', { rule: { max: 500 }, aliases: ['参会部门'] })
		]
	}
};

export const IMPORT_LAYERS: Record<ImportLayerId, ImportLayer> = {
	areas: {
		id: 'areas',
		key: 'code',
		geometry: 'MultiPolygon',
		geometryRequired: true,
		fields: [
			code(['adcode', '行政区划代码']),
			F('name', 'string', { required: true, rule: R.areaName, aliases: ['名称', '名字', 'mc'] }),
			F('level', 'string', {
				required: true,
				values: ['city', 'district', 'street', 'community'],
				aliases: ['级别', '层级']
			}),
			ref('parent_code', { aliases: ['上级编码', '上级代码', 'parent', 'parent_adcode'] }),
			count('population', ['人口', '常住人口']),
			count('households', ['户数'])
		]
	},
	'grid-cells': {
		id: 'grid-cells',
		key: 'code',
		geometry: 'MultiPolygon',
		geometryRequired: true,
		fields: [
			code(['网格编码']),
			F('name', 'string', { required: true, rule: R.name, aliases: ['名称', '网格名称'] }),
			ref('community_code', { required: true, aliases: ['社区编码', '所属社区编码'] })
		]
	},
	compounds: {
		id: 'compounds',
		key: 'code',
		geometry: 'MultiPolygon',
		geometryRequired: true,
		fields: [
			code(['小区编码']),
			F('name', 'string', { required: true, rule: R.name, aliases: ['名称', '小区名称'] }),
			F('address', 'string', { rule: R.address, aliases: ['地址'] }),
			ref('community_code', { required: true, aliases: ['社区编码', '所属社区编码'] }),
			F('company_credit_code', 'string', {
				rule: R.creditCode,
				aliases: ['物业企业信用代码', '统一社会信用代码', '信用代码']
			}),
			count('households', ['户数']),
			count('population', ['人口']),
			F('year_built', 'integer', { min: 1900, max: 2100, aliases: ['建成年份', '建成年代'] })
		]
	},
	buildings: {
		id: 'buildings',
		key: 'code',
		geometry: 'MultiPolygon',
		geometryRequired: true,
		fields: [
			code(['楼栋编码']),
			ref('compound_code', { required: true, aliases: ['小区编码', '所属小区编码'] }),
			F('number', 'string', { required: true, rule: R.buildingNumber, aliases: ['楼号', '栋号', '楼栋号'] }),
			F('floors', 'integer', { required: true, min: 1, max: 200, aliases: ['层数', '楼层数'] }),
			count('households', ['户数'])
		]
	},
	facilities: {
		id: 'facilities',
		key: 'code',
		geometry: 'Point',
		geometryRequired: true,
		fields: [
			code(['设施编码']),
			F('type', 'string', { required: true, values: FACILITY_TYPES, aliases: ['类型', '设施类型'] }),
			name,
			count('capacity', ['容量']),
			F('floor_area', 'number', { min: 0.1, max: 1_000_000, aliases: ['面积', '建筑面积'] }),
			F('opened_on', 'date', { aliases: ['开放日期', '启用日期', '建成日期'] }),
			ref('area_code', { aliases: ['社区编码', '所属区域编码'] }),
			ref('compound_code', { aliases: ['小区编码'] })
		]
	},
	'party-orgs': {
		id: 'party-orgs',
		key: 'code',
		geometry: 'Point',
		geometryRequired: false,
		fields: [
			code(['组织编码']),
			F('name', 'string', { required: true, rule: R.name, aliases: ['名称', '组织名称'] }),
			F('kind', 'string', {
				required: true,
				values: ['committee', 'general_branch', 'branch', 'joint_branch'],
				aliases: ['类型', '组织类型']
			}),
			ref('parent_code', { aliases: ['上级编码', '上级组织编码'] }),
			ref('area_code', { aliases: ['社区编码', '所属区域编码'] }),
			ref('compound_code', { aliases: ['小区编码'] }),
			count('members', ['党员数', '党员人数']),
			F('founded_on', 'date', { aliases: ['成立日期'] }),
			F('company_credit_codes', 'string', { aliases: ['覆盖企业信用代码'] })
		]
	},
	companies: {
		id: 'companies',
		key: 'credit_code',
		geometry: null,
		geometryRequired: false,
		fields: [
			F('credit_code', 'string', {
				required: true,
				rule: R.creditCode,
				aliases: ['统一社会信用代码', '信用代码', 'uscc']
			}),
			F('name', 'string', { required: true, rule: R.name, aliases: ['名称', '企业名称'] }),
			F('address', 'string', { rule: R.address, aliases: ['地址', '注册地址'] }),
			count('party_members', ['党员数', '党员人数'])
		]
	},
	tickets: {
		id: 'tickets',
		key: 'code',
		geometry: 'Point',
		geometryRequired: true,
		fields: [
			code(['工单编号']),
			F('category', 'string', { required: true, values: TICKET_CATEGORIES, aliases: ['类别', '分类'] }),
			F('urgency', 'string', { values: URGENCIES, aliases: ['紧急程度'] }),
			F('status', 'string', {
				values: STATUSES,
				aliases: ['状态']
			}),
			F('description', 'string', {
				required: true,
				rule: R.description,
				aliases: ['描述', '内容', '诉求内容']
			}),
			F('created_at', 'datetime', { required: true, aliases: ['创建时间', '上报时间', '受理时间'] }),
			F('due_at', 'datetime', { aliases: ['截止时间', '办结时限'] }),
			F('resolved_at', 'datetime', { aliases: ['办结时间'] }),
			F('closed_at', 'datetime', { aliases: ['关闭时间', '归档时间'] }),
			F('satisfaction', 'integer', { min: 1, max: 5, aliases: ['满意度'] })
		]
	},
	people: {
		id: 'people',
		key: 'code',
		geometry: null,
		geometryRequired: false,
		fields: [
			code(['人员编码', '工号']),
			F('name', 'string', { required: true, rule: R.name, aliases: ['姓名', '名字'] }),
			// the schema's CHECK on people.phone
			F('phone', 'string', {
				rule: R.phone,
				aliases: ['电话', '手机', '手机号', '联系电话']
			}),
			F('kind', 'string', {
				required: true,
				values: PERSON_KINDS,
				synonyms: PERSON_KIND_WORDS,
				aliases: ['类型', '人员类型', '身份']
			}),
			ref('area_code', { aliases: ['社区编码', '所属社区编码', '所属区域编码'] }),
			F('company_credit_code', 'string', {
				rule: R.creditCode,
				aliases: ['物业企业信用代码', '统一社会信用代码', '信用代码']
			})
		]
	},
	...GOVERNANCE_IMPORT_LAYERS
};

/** Source field → our field, or a constant ("=360800"), per our field name. */
export type Mapping = Record<string, string>;

const norm = (s: string) =>
	s
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, '_');

/**
 * Guesses the mapping from the source's column names: the same name (case and _/-/space aside), the
 * name cut to 10 characters (Shapefile .dbf truncates), or an alias.
 */
export function autoMapping(layer: ImportLayer, sourceFields: string[]): Mapping {
	const out: Mapping = {};
	const taken = new Set<string>();
	for (const f of layer.fields) {
		const wanted = [f.name, ...(f.aliases ?? [])].map(norm);
		const hit =
			sourceFields.find((s) => !taken.has(s) && wanted.includes(norm(s))) ??
			sourceFields.find((s) => !taken.has(s) && norm(s).length === 10 && norm(f.name).startsWith(norm(s)));
		if (hit) {
			out[f.name] = hit;
			taken.add(hit);
		}
	}
	return out;
}

/** Refuses a mapping that names an unknown field of ours or a column the file does not have. */
export function checkMapping(layer: ImportLayer, mapping: Mapping, sourceFields: string[]): string | null {
	for (const [ours, src] of Object.entries(mapping)) {
		if (!layer.fields.some((f) => f.name === ours))
			return `"${ours}" is not a field of ${layer.id} (fields: ${layer.fields.map((f) => f.name).join(', ')})`;
		if (!src.startsWith('=') && !sourceFields.includes(src))
			return `${ours}: the file has no column "${src}" (columns: ${sourceFields.join(', ')})`;
	}
	const missing = layer.fields.filter((f) => f.required && !mapping[f.name]).map((f) => f.name);
	if (missing.length) return `required fields not mapped: ${missing.join(', ')}`;
	return null;
}

const DATE_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
// a time without a zone is Beijing time (the users' time); "2024/05/01 08:30" is a spreadsheet's
const DATETIME_RE =
	/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const pad = (s: string) => s.padStart(2, '0');

function validDate(y: number, m: number, d: number): boolean {
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** One value coerced to the field's type, or the reason it cannot be. null: empty. */
export function coerce(f: ImportField, raw: unknown): { value: string | number | null } | { error: string } {
	if (raw === null || raw === undefined) return { value: null };
	if (typeof raw === 'object') return { error: 'a nested value where a single value belongs' };
	const s = String(raw).trim();
	if (s === '') return { value: null };
	switch (f.type) {
		case 'string': {
			const v = f.synonyms?.[s] ?? s;
			if (f.values && !f.values.includes(v))
				return {
					error: `"${s}" is not one of ${[...f.values, ...Object.keys(f.synonyms ?? {})].join(', ')}`
				};
			return f.rule ? checkText(f.rule, v) : { value: v };
		}
		case 'integer':
		case 'number': {
			const n = Number(s.replace(/,/g, ''));
			if (!Number.isFinite(n)) return { error: `"${s}" is not a number` };
			if (f.type === 'integer' && !Number.isInteger(n)) return { error: `"${s}" is not a whole number` };
			if (f.min !== undefined && n < f.min) return { error: `${n} is below ${f.min}` };
			if (f.max !== undefined && n > f.max) return { error: `${n} is above ${f.max}` };
			return { value: n };
		}
		case 'date': {
			const m = DATE_RE.exec(s.replace(/T00:00:00(\.0+)?(Z|[+-]\d{2}:?\d{2})?$/, ''));
			if (!m || !validDate(+m[1], +m[2], +m[3])) return { error: `"${s}" is not a date (YYYY-MM-DD)` };
			return { value: `${m[1]}-${pad(m[2])}-${pad(m[3])}` };
		}
		case 'datetime': {
			const m = DATETIME_RE.exec(s);
			if (!m || !validDate(+m[1], +m[2], +m[3]) || +(m[4] ?? 0) > 23)
				return { error: `"${s}" is not a date and time (e.g. 2024-05-01 08:30)` };
			const zone = !m[8]
				? '+08:00'
				: m[8].toUpperCase() === 'Z'
					? 'Z'
					: m[8].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
			const iso = `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4] ?? '0')}:${m[5] ?? '00'}:${m[6] ?? '00'}${m[7] ?? ''}${zone}`;
			if (Number.isNaN(Date.parse(iso))) return { error: `"${s}" is not a valid time` };
			return { value: iso };
		}
	}
}

/**
 * A source row's properties mapped and coerced: the values by our field name, its rejects, and the
 * fields whose control characters were removed (`cleaned`).
 */
export function mapRow(
	layer: ImportLayer,
	mapping: Mapping,
	props: Record<string, unknown>,
	row: number,
	opts: { csv?: boolean } = {}
): { values: Record<string, string | number | null>; rejects: ImportReject[]; cleaned: string[] } {
	const values: Record<string, string | number | null> = {};
	const rejects: ImportReject[] = [];
	const cleaned: string[] = [];
	for (const f of layer.fields) {
		const src = mapping[f.name];
		// an unmapped field is absent (an update keeps the stored value); required ones are always mapped
		if (src === undefined) continue;
		let raw = src.startsWith('=') ? src.slice(1) : props[src];
		// control characters (NUL …) that the API would refuse: removed, and the row warned about
		if (typeof raw === 'string') {
			const c = stripControl(raw);
			if (c.removed) cleaned.push(f.name);
			raw = c.text;
		}
		// a CSV cell the app's writer neutralised against spreadsheet formulas ('=…): the text as it was
		if (opts.csv && f.type === 'string' && typeof raw === 'string' && !src.startsWith('='))
			raw = unneutralise(raw);
		const r = coerce(f, raw);
		if ('error' in r) rejects.push({ row, field: f.name, reason: r.error });
		else if (r.value === null && f.required)
			rejects.push({ row, field: f.name, reason: `empty (column "${src}")` });
		else values[f.name] = r.value;
	}
	return { values, rejects, cleaned };
}
