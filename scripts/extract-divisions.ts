// Writes src/lib/server/demo/data/jian-divisions.csv: the rows of the national statistical division
// codes (compiled by Vonng/adcode, CC BY 4.0) that the demo city uses: the towns and streets
// (乡镇 / 街道) of every district of 吉安市 and the communities and villages (社区 / 居委会 / 村) of
// 吉州区. Only names, codes and the few points (GCJ-02, as published); never the fences.
// usage: REDGRID_SHARED_DATA=../shared/data tsx scripts/extract-divisions.ts
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const shared = process.env.REDGRID_SHARED_DATA ?? path.resolve('../shared/data');
const dir = path.join(shared, 'jian-admin-codes/data/adcode');
const out = path.resolve('src/lib/server/demo/data/jian-divisions.csv');

const rows: string[] = ['code,parent,name,level,lon,lat'];
for (const file of (await readdir(dir)).filter((f) => /^3608\d\d\.csv$/.test(f)).sort()) {
	if (file === '360800.csv' || file === '360801.csv') continue;
	for (const line of (await readFile(path.join(dir, file), 'utf8')).split(/\r?\n/)) {
		if (!line) continue;
		const c = line.split(',');
		const [code, parent, name, level] = c;
		const [lon, lat] = [c[12], c[13]];
		const keep = level === 'town' || (level === 'village' && code.startsWith('360802'));
		if (!keep) continue;
		rows.push(
			[
				level === 'town' ? code.slice(0, 9) : code,
				level === 'town' ? parent.slice(0, 6) : parent.slice(0, 9),
				name,
				level === 'town' ? 'street' : 'community',
				lon ?? '',
				lat ?? ''
			].join(',')
		);
	}
}
await writeFile(out, rows.join('\n') + '\n');
console.log(`wrote ${rows.length - 1} rows to ${out}`);
