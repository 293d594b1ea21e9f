import { describe, expect, it } from 'vitest';
import { parseViewState, writeViewState } from './url-state';

describe('view state in the URL', () => {
	it('round-trips centre, zoom, layers and selection, keeping other parameters', () => {
		const url = writeViewState(new URL('http://h/map?foo=1'), {
			center: [114.981444, 27.108125],
			zoom: 17,
			layers: ['areas', 'compounds'],
			selection: { layer: 'compounds', id: 400 }
		});
		expect(url.search).toBe('?at=114.981444,27.108125,17.00&layers=areas,compounds&sel=compounds:400&foo=1');
		expect(parseViewState(url.searchParams)).toEqual({
			center: [114.981444, 27.108125],
			zoom: 17,
			layers: ['areas', 'compounds'],
			selection: { layer: 'compounds', id: 400 },
			classes: null,
			committees: null
		});
	});

	it('keeps the party classes shown, only when some are hidden', () => {
		const base = { center: [115, 27] as [number, number], zoom: 12, layers: [], selection: null };
		const url = writeViewState(new URL('http://h/map'), { ...base, classes: ['none', 'instructor'] });
		expect(url.searchParams.get('classes')).toBe('none,instructor');
		expect(parseViewState(url.searchParams).classes).toEqual(['none', 'instructor']);
		const all = writeViewState(new URL('http://h/map'), {
			...base,
			classes: ['own', 'joint', 'instructor', 'none']
		});
		expect(all.searchParams.has('classes')).toBe(false);
		expect(parseViewState(new URLSearchParams('classes=none,bogus')).classes).toEqual(['none']);
	});

	it("keeps the owners' committee layer and its classes shown, only when some are hidden", () => {
		const base = { center: [115, 27] as [number, number], zoom: 14, selection: null };
		const url = writeViewState(new URL('http://h/map'), {
			...base,
			layers: ['compounds', 'committees'],
			committees: ['none', 'no_meeting']
		});
		expect(url.searchParams.get('layers')).toBe('compounds,committees');
		expect(url.searchParams.get('committees')).toBe('none,no_meeting');
		const back = parseViewState(url.searchParams);
		expect(back.layers).toEqual(['compounds', 'committees']);
		expect(back.committees).toEqual(['none', 'no_meeting']);
		const all = writeViewState(new URL('http://h/map'), {
			...base,
			layers: ['committees'],
			committees: ['none', 'expired', 'active', 'no_meeting']
		});
		expect(all.searchParams.has('committees')).toBe(false);
		expect(parseViewState(new URLSearchParams('committees=expired,party')).committees).toEqual(['expired']);
		// a style layer is a layer of the map, never a selection
		expect(parseViewState(new URLSearchParams('sel=committees:3')).selection).toBeNull();
	});

	it('ignores what it cannot trust', () => {
		const s = parseViewState(new URLSearchParams('at=200,27,5&layers=areas,roads&sel=roads:1'));
		expect(s).toEqual({
			center: null,
			zoom: null,
			layers: ['areas'],
			selection: null,
			classes: null,
			committees: null
		});
		expect(parseViewState(new URLSearchParams('sel=compounds:-1')).selection).toBeNull();
		expect(parseViewState(new URLSearchParams('')).layers).toBeNull();
	});
});
