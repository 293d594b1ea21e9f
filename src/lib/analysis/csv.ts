// CSV export of dashboard tables (RFC 4180 quoting, with a BOM so Excel reads the Chinese right).
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
	const cell = (v: string | number | null | undefined) => {
		const s = v == null ? '' : String(v);
		return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
	};
	return '\ufeff' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

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
