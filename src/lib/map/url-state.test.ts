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
			selection: { layer: 'compounds', id: 400 }
		});
	});

	it('ignores what it cannot trust', () => {
		const s = parseViewState(new URLSearchParams('at=200,27,5&layers=areas,roads&sel=roads:1'));
		expect(s).toEqual({ center: null, zoom: null, layers: ['areas'], selection: null });
		expect(parseViewState(new URLSearchParams('sel=compounds:-1')).selection).toBeNull();
		expect(parseViewState(new URLSearchParams('')).layers).toBeNull();
	});
});
