// Company scorecard figures from counts (pure; unit-tested in figures.test.ts): rates per company,
// the household-weighted average of the companies of an area, and the ranking rule.

import type {
	CompanyCounts,
	CompanyFigures,
	CompanyServiceCounts,
	PartyStatus
} from '../../analysis/companies';

export type { CompanyCounts, CompanyFigures, PartyStatus };

export const FIGURE_KEYS = [
	'ticketRate',
	'onTimeRate',
	'medianResponseHours',
	'medianResolutionHours',
	'satisfaction',
	'hotspots',
	'feeRate'
] as const satisfies readonly (keyof CompanyFigures)[];

/** No service figure yet: a company whose compounds had no ticket, or none counted yet. */
export const NO_SERVICE: CompanyServiceCounts = {
	tickets: 0,
	resolved: 0,
	resolvedOnTime: 0,
	medianResponseHours: null,
	medianResolutionHours: null,
	rated: 0,
	satisfactionSum: 0,
	hotspots: 0
};

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function figuresOf(c: CompanyCounts): CompanyFigures {
	return {
		ticketRate: c.households > 0 ? round((c.tickets * 1000) / c.households, 2) : null,
		onTimeRate: c.resolved > 0 ? round(c.resolvedOnTime / c.resolved, 4) : null,
		medianResponseHours: c.medianResponseHours,
		medianResolutionHours: c.medianResolutionHours,
		satisfaction: c.rated > 0 ? round(c.satisfactionSum / c.rated, 2) : null,
		hotspots: c.hotspots,
		feeRate: c.feeDue > 0 ? round(c.feeCollected / c.feeDue, 4) : null
	};
}

/**
 * The household-weighted average of each figure over the companies of an area: Σ hᵢ·xᵢ ÷ Σ hᵢ over the
 * companies whose figure is known (hᵢ: the company's households inside the area). For the ticket rate
 * this equals the area's tickets per 1,000 households of the companies' compounds.
 */
export function weightedAverage(rows: { households: number; figures: CompanyFigures }[]): CompanyFigures {
	const avg = (k: keyof CompanyFigures, digits: number) => {
		let w = 0;
		let s = 0;
		for (const r of rows) {
			const v = r.figures[k];
			if (v == null || r.households <= 0) continue;
			w += r.households;
			s += r.households * v;
		}
		return w > 0 ? round(s / w, digits) : null;
	};
	return {
		ticketRate: avg('ticketRate', 2),
		onTimeRate: avg('onTimeRate', 4),
		medianResponseHours: avg('medianResponseHours', 2),
		medianResolutionHours: avg('medianResolutionHours', 1),
		satisfaction: avg('satisfaction', 2),
		hotspots: avg('hotspots', 2) ?? 0,
		feeRate: avg('feeRate', 4)
	};
}

/** Party classes in ranking order: no organization first, then instructor only, then the covered. */
export const CLASS_ORDER: Record<PartyStatus, number> = { none: 0, instructor: 1, joint: 2, own: 2 };

/**
 * The ranking rule: companies with no party organization first, then instructor-only, then the rest
 * (own or joint branch); within a class, by how far the company's ticket rate per 1,000 households
 * exceeds its area's (largest excess first; unknown rates last); ties by name.
 */
export function rank<T extends { name: string; partyStatus: PartyStatus; figures: CompanyFigures }>(
	rows: T[],
	area: CompanyFigures
): (T & { rank: number; excess: number | null })[] {
	const excess = (r: T) =>
		r.figures.ticketRate == null || area.ticketRate == null
			? null
			: round(r.figures.ticketRate - area.ticketRate, 2);
	return rows
		.map((r) => ({ ...r, excess: excess(r) }))
		.sort(
			(a, b) =>
				CLASS_ORDER[a.partyStatus] - CLASS_ORDER[b.partyStatus] ||
				(b.excess ?? -Infinity) - (a.excess ?? -Infinity) ||
				a.name.localeCompare(b.name, 'zh-CN')
		)
		.map((r, i) => ({ ...r, rank: i + 1 }));
}
