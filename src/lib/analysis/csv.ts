// CSV export of dashboard tables: the app's one CSV writer ($lib/csv: BOM, Beijing times, formulas
// neutralised), and the browser download.
export { toCsv } from '$lib/csv';

export function download(name: string, blob: Blob) {
	const a = document.createElement('a');
	a.href = URL.createObjectURL(blob);
	a.download = name;
	a.click();
	setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
export const num = (v: number | null | undefined, digits = 0) =>
	v == null ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: digits });
