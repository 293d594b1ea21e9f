// Real names and official division codes of 吉安市: the national statistical division codes
// (国家统计局 统计用区划代码, 2016 snapshot with 民政部 2017 changes) as compiled by Vonng/adcode
// (CC BY 4.0). data/jian-divisions.csv holds only the rows the demo uses (made by
// scripts/extract-divisions.ts): every town and street (乡镇 / 街道) of the 13 districts and every
// community and village (社区 / 居委会 / 村委会) of 吉州区, with the few points the list has (GCJ-02).
import { readFileSync } from 'node:fs';
import { gcj02ToWgs84 } from '../geo/crs';

export interface Division {
	/** 9 digits for a town or street (360802001), 12 for a community or village (360802001001). */
	code: string;
	/** The parent's code: a district's 6 digits for a street, a street's 9 digits for a community. */
	parent: string;
	/** The name as people say it today: 办事处 dropped, 居委会 → 社区, 村委会 → 村. */
	name: string;
	/** The name as the 2016 list spells it. */
	officialName: string;
	level: 'street' | 'community';
	/** The office point in WGS84, when the list has one. */
	point: [number, number] | null;
}

/**
 * The display name of a listed division. Many 居委会 of 2016 have since been renamed 社区 (the
 * list's own caveat), and the generator names every community …社区; 村委会 is the office of a 村.
 */
export function displayName(official: string): string {
	return official
		.replace(/街道办事处$/, '街道')
		.replace(/居委会$/, '社区')
		.replace(/村委会$/, '村')
		.replace(/居民委员会$/, '社区')
		.replace(/村民委员会$/, '村');
}

let cache: Division[] | null = null;

/** Every division of the fixture, in the list's order (by code). */
export function divisions(): Division[] {
	if (cache) return cache;
	const text = readFileSync(new URL('./data/jian-divisions.csv', import.meta.url), 'utf8');
	const out: Division[] = [];
	for (const line of text.split('\n').slice(1)) {
		if (!line) continue;
		const [code, parent, name, level, lon, lat] = line.split(',');
		out.push({
			code,
			parent,
			name: displayName(name),
			officialName: name,
			level: level as Division['level'],
			point: lon && lat ? (gcj02ToWgs84([Number(lon), Number(lat)]) as [number, number]) : null
		});
	}
	cache = out;
	return out;
}

/** A street or town of a district by its name (as generated, e.g. 古南街道), or undefined. */
export function streetByName(districtCode: string, name: string): Division | undefined {
	return divisions().find((d) => d.level === 'street' && d.parent === districtCode && d.name === name);
}

/** The communities and villages of a street or town, by code. */
export function communitiesOf(streetCode: string): Division[] {
	return divisions().filter((d) => d.level === 'community' && d.parent === streetCode);
}
