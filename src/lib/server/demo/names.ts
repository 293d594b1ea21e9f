// Name pools for the demo city. Real place names where the brief asks for them, plausible ones elsewhere.
import type { Random } from './random';

export const CITY = { code: '360800', name: '吉安市' };

export const DISTRICTS: { adcode: string; name: string }[] = [
	{ adcode: '360802', name: '吉州区' },
	{ adcode: '360803', name: '青原区' },
	{ adcode: '360821', name: '吉安县' },
	{ adcode: '360822', name: '吉水县' },
	{ adcode: '360823', name: '峡江县' },
	{ adcode: '360824', name: '新干县' },
	{ adcode: '360825', name: '永丰县' },
	{ adcode: '360826', name: '泰和县' },
	{ adcode: '360827', name: '遂川县' },
	{ adcode: '360828', name: '万安县' },
	{ adcode: '360829', name: '安福县' },
	{ adcode: '360830', name: '永新县' },
	{ adcode: '360881', name: '井冈山市' }
];

/** The urban streets of 吉州区, in the order of the core layout (two rows, 4 + 3). */
export const JIZHOU_STREETS = [
	'北门街道',
	'白塘街道',
	'永叔街道',
	'文山街道',
	'禾埠街道',
	'习溪桥街道',
	'古南街道'
];
/** Towns of 吉州区, coarse, with a rough WGS84 centre. */
export const JIZHOU_TOWNS: { name: string; at: [number, number] }[] = [
	{ name: '兴桥镇', at: [114.9, 27.04] },
	{ name: '樟山镇', at: [114.88, 27.215] },
	{ name: '长塘镇', at: [114.84, 27.13] }
];
/** Two seat streets or towns for every other district. */
export const DISTRICT_STREETS: Record<string, [string, string]> = {
	'360803': ['河东街道', '滨江街道'],
	'360821': ['敦厚镇', '永阳镇'],
	'360822': ['文峰镇', '醪桥镇'],
	'360823': ['水边镇', '巴邱镇'],
	'360824': ['金川镇', '三湖镇'],
	'360825': ['恩江镇', '坑田镇'],
	'360826': ['澄江镇', '马市镇'],
	'360827': ['泉江镇', '雩田镇'],
	'360828': ['芙蓉镇', '五丰镇'],
	'360829': ['平都镇', '横龙镇'],
	'360830': ['禾川镇', '埠前镇'],
	'360881': ['红星街道', '龙市镇']
};

export const COMMUNITY_WORDS = [
	'中山',
	'仁山坪',
	'梅塘',
	'沿江',
	'大桥',
	'水西门',
	'文山',
	'螺湖',
	'天华',
	'井冈',
	'阳明',
	'鹭洲',
	'后河',
	'庐陵',
	'吉州',
	'城南',
	'城北',
	'北门',
	'白鹭',
	'长岗',
	'工业园',
	'古南',
	'禾埠',
	'习溪',
	'湖滨',
	'广场',
	'人民',
	'丰和',
	'茶园',
	'南门',
	'韶山',
	'双溪',
	'青原',
	'滨江',
	'河东',
	'新村',
	'望江',
	'泰山',
	'金桥',
	'清水',
	'光明',
	'红星',
	'翠湖',
	'振兴',
	'永和',
	'文峰',
	'凤凰',
	'桂花',
	'樟树',
	'荷塘',
	'石阳',
	'学府'
];
const COMPOUND_WORDS = [
	'锦华',
	'阳光',
	'金色',
	'东方',
	'天骄',
	'御景',
	'书香',
	'翰林',
	'滨江',
	'紫荆',
	'丽景',
	'盛世',
	'金鹭',
	'碧桂',
	'万象',
	'康城',
	'正荣',
	'恒大',
	'时代',
	'城建',
	'水务',
	'电力',
	'粮食局',
	'教育',
	'供销',
	'建行',
	'新华',
	'文苑',
	'怡景',
	'宏达',
	'嘉禾',
	'凤凰',
	'泰和',
	'吉祥',
	'庐陵',
	'鹭洲',
	'青原',
	'梧桐',
	'银湖'
];
const COMPOUND_SUFFIXES = ['花园', '小区', '苑', '家园', '华庭', '名都', '新村', '公寓', '雅居', '府'];
const SURNAMES =
	'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文';
const GIVEN =
	'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力国庆春林峰斌梅云志海亮波宁鹏晓燕琴丹新俊飞雪荣晨欣';
const COMPANY_WORDS = [
	'锦华',
	'恒安',
	'鑫源',
	'嘉和',
	'吉祥',
	'庐陵',
	'德信',
	'安居',
	'鹭洲',
	'华宇',
	'正和',
	'永盛',
	'佳美',
	'天润',
	'金盾',
	'青原',
	'鸿运',
	'长青',
	'和美',
	'顺达',
	'宜家',
	'邦泰',
	'居安',
	'瑞丰',
	'广厦',
	'盛和',
	'家和',
	'兴旺',
	'诚信',
	'泰和',
	'紫阳',
	'新干',
	'文峰',
	'金川',
	'井冈',
	'红星',
	'永新',
	'万安',
	'安福',
	'遂川',
	'恩江',
	'峡江',
	'澄江',
	'禾川',
	'凯旋',
	'碧水',
	'华夏',
	'远大',
	'阳光',
	'东升',
	'宏远',
	'明珠',
	'众合',
	'博雅',
	'康乐',
	'丰泽',
	'融创',
	'和信',
	'福星',
	'美好'
];

const CN_DIGITS = '零一二三四五六七八九';
export function chineseNumber(n: number): string {
	if (n < 10) return CN_DIGITS[n];
	if (n < 20) return '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
	if (n < 100) return CN_DIGITS[Math.floor(n / 10)] + '十' + (n % 10 ? CN_DIGITS[n % 10] : '');
	return String(n);
}

const GIVEN_CHARS = GIVEN.split('');
const SURNAME_CHARS = SURNAMES.split('');

export function personName(rng: Random): string {
	const given = rng.chance(0.6) ? rng.pick(GIVEN_CHARS) + rng.pick(GIVEN_CHARS) : rng.pick(GIVEN_CHARS);
	return rng.pick(SURNAME_CHARS) + given;
}

export function mobilePhone(rng: Random): string {
	let s = '1' + rng.pick(['3', '5', '7', '8', '9']);
	for (let i = 0; i < 9; i++) s += String(rng.int(0, 9));
	return s;
}

/**
 * For each `used` set, pool and suffix: how many numbered names (a pool word, the number n, the
 * suffix) `uniqueName` has taken for each n. An n whose every name is taken is passed over without
 * building its name (at scale 50 most calls walk past hundreds of such n); its draw is still made,
 * so the names are the same as before.
 */
const numberedTaken = new WeakMap<Set<string>, WeakMap<readonly string[], Map<string, number[]>>>();

/** A name from the pool, unique within one `used` set (numbered once the pool runs dry). */
export function uniqueName(rng: Random, pool: readonly string[], suffix: string, used: Set<string>): string {
	for (let attempt = 0; attempt < 8; attempt++) {
		const name = rng.pick(pool) + suffix;
		if (!used.has(name)) {
			used.add(name);
			return name;
		}
	}
	let byPool = numberedTaken.get(used);
	if (!byPool) numberedTaken.set(used, (byPool = new WeakMap()));
	let bySuffix = byPool.get(pool);
	if (!bySuffix) byPool.set(pool, (bySuffix = new Map()));
	let taken = bySuffix.get(suffix);
	if (!taken) bySuffix.set(suffix, (taken = []));
	const words = new Set(pool).size;
	for (let n = 2; ; n++) {
		const word = rng.pick(pool);
		if ((taken[n] ?? 0) >= words) continue;
		const name = word + chineseNumber(n) + suffix;
		if (!used.has(name)) {
			used.add(name);
			taken[n] = (taken[n] ?? 0) + 1;
			return name;
		}
	}
}

export function compoundName(rng: Random, used: Set<string>): string {
	return uniqueName(rng, COMPOUND_WORDS, rng.pick(COMPOUND_SUFFIXES), used);
}

export function companyName(rng: Random, index: number, district: string, used: Set<string>): string {
	const word = COMPANY_WORDS[index % COMPANY_WORDS.length];
	const prefix = district === '吉州区' || rng.chance(0.4) ? '吉安市' : district;
	const kind = rng.pick(['物业服务有限公司', '物业管理有限公司', '物业有限公司']);
	let name = prefix + word + kind;
	if (used.has(name)) name = '江西' + word + kind;
	for (let n = 2; used.has(name); n++) name = prefix + word + chineseNumber(n) + kind;
	used.add(name);
	return name;
}

export { FACILITY_TYPES, type FacilityType, FACILITY_NAMES_ZH as FACILITY_LABELS } from '../../facilities';

export { TICKET_CATEGORIES, type TicketCategory } from '../../tickets/categories';
import type { TicketCategory } from '../../tickets/categories';
export const CATEGORY_WEIGHTS: Record<TicketCategory, number> = {
	water: 12,
	electricity: 8,
	elevator: 7,
	sanitation: 14,
	noise: 9,
	dispute: 6,
	parking: 11,
	greenery: 5,
	safety: 5,
	property_service: 13,
	facility_repair: 8,
	other: 3
};
export const CATEGORY_TEXT: Record<TicketCategory, string[]> = {
	water: [
		'楼道水管漏水，楼下天花板渗水',
		'小区停水一天了，没有接到通知',
		'二次供水水箱水质发黄',
		'下水道堵塞，污水外溢'
	],
	electricity: ['楼道灯不亮，晚上出行不安全', '单元电表箱跳闸，整栋楼停电', '电动车充电桩损坏'],
	elevator: ['电梯困人，请尽快处理', '电梯异响，运行不平稳', '电梯停运三天无人维修'],
	sanitation: ['垃圾桶满溢无人清运', '楼道堆放杂物无人清理', '小区绿化带有建筑垃圾', '化粪池外溢，气味很大'],
	noise: ['夜间装修噪音扰民', '广场舞音响声音过大', '楼下商铺空调外机噪音大'],
	dispute: ['邻里因漏水赔偿发生纠纷', '楼上住户私占公共楼道', '宠物扰民引发邻里矛盾'],
	parking: ['消防通道被车辆长期占用', '小区车位乱收费', '僵尸车长期占用车位'],
	greenery: ['绿地被毁种菜', '树枝遮挡窗户，请求修剪', '草坪长期无人养护'],
	safety: ['消防栓无水', '外墙瓷砖脱落，存在安全隐患', '小区门禁损坏，外来人员随意进出', '电动车在楼道充电'],
	property_service: [
		'物业服务不到位，投诉物业',
		'物业费收费标准不公开',
		'物业人员态度差',
		'维修基金使用不透明'
	],
	facility_repair: ['健身器材损坏', '小区路灯不亮', '单元门锁坏了', '屋顶防水层破损漏雨'],
	other: ['咨询老旧小区改造政策', '建议增设休闲座椅', '反映流浪犬问题']
};
