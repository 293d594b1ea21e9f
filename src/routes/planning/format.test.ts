import { describe, expect, it } from 'vitest';
import zh from '$lib/i18n/zh-CN.json';
import en from '$lib/i18n/en.json';
import { failureText, fmtFactor, fmtShare, methodText, noticeText, ruleText } from './format';
import type { Translate } from '$lib/i18n/errors';

/** A translator over one of the app's message files, with {name} placeholders filled. */
const translator =
	(messages: Record<string, string>): Translate =>
	(id, opts) => {
		const m = messages[id];
		if (m === undefined) return opts?.default ?? id;
		return m.replace(/\{(\w+)\}/g, (_, k) => String(opts?.values?.[k] ?? `{${k}}`));
	};

describe('planning numbers and messages', () => {
	it('shows a float4 detour factor as people write it', () => {
		expect(fmtFactor(1.2999999523162842, 'zh-CN')).toBe('1.3');
		expect(fmtFactor(1.25, 'en')).toBe('1.25');
		expect(fmtFactor(2, 'en')).toBe('2');
	});

	it('shows shares as percentages with one decimal', () => {
		expect(fmtShare(0.41234, 'en')).toBe('41.2%');
		expect(fmtShare(null, 'en')).toBe('—');
	});

	it('says "only 0 sites add coverage" in Chinese in the Chinese interface', () => {
		const text = noticeText({ code: 'fewerSites', values: { n: 0, k: 3 } }, translator(zh), 'zh-CN');
		expect(text).toBe('只有 0 处候选点能增加覆盖，少于要求的 3 处，因此只建议 0 处。');
		expect(text).not.toMatch(/[a-z]{3,}/);
		const share = noticeText(
			{ code: 'targetUnreachable', values: { target: 0.9, share: 0.8523 } },
			translator(en),
			'en'
		);
		expect(share).toBe('The target share 90.0% cannot be reached: all candidates together cover 85.2%.');
	});

	it('translates the solver method token by token', () => {
		expect(methodText('greedy+swap+lagrangian', translator(zh))).toBe('贪心 + 交换改进 + 拉格朗日界');
		expect(methodText('greedy+swap (proven optimal by exact)', translator(zh))).toBe(
			'贪心 + 交换改进（经精确求解证明最优）'
		);
		expect(methodText('none (every household is reached)', translator(zh))).toBe(
			'无需求解（所有户均已覆盖）'
		);
	});

	it('gives a failing run its sentence in the interface language by field', () => {
		const t = translator(zh);
		expect(
			failureText({ field: 'candidates.spacing', message: 'a 50 m grid gives more than …' }, t, 'zh-CN')
		).toMatch(/^网格过密/);
		// a field without a page sentence: the API's generic text for the code, in Chinese
		expect(
			failureText({ field: 'walkM', code: 'invalid', message: 'must be positive' }, t, 'zh-CN')
		).not.toMatch(/must/);
	});

	it('says which rule measured the figures: walks over the network with their share, or straight line and why', () => {
		const rule = {
			walkM: 500,
			detour: 1.2999999523162842,
			radiusM: 384.6153846,
			measure: 'network' as const
		};
		const net = ruleText(rule, { households: 2000, networkHouseholds: 1850 }, translator(zh), 'zh-CN');
		expect(net).toMatch(/^服务范围：沿路网步行 ≤ 500 米/);
		expect(net).toContain('92.5%');
		expect(net).toContain('绕行系数 1.3 ');
		const line = ruleText(
			{ ...rule, measure: 'straight-line', network: 'no-pgrouting' },
			{ households: 2000 },
			translator(zh),
			'zh-CN'
		);
		expect(line).toContain('= 385 米（服务器未安装 pgRouting');
		expect(
			ruleText(
				{ ...rule, measure: 'straight-line', network: 'walk-too-long' },
				{ households: 1 },
				translator(en),
				'en'
			)
		).toContain('(a walk above 1,000 m:');
	});
});
