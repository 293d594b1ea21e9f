// The fast tile path stands in for one SvelteKit route: its route id must be that route's (its file
// and its row in the access table), or every tile would silently fall through to the router.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessFor, allows } from '../auth/policy';
import { TILE_ROUTE } from './fast';

describe('the fast tile path', () => {
	it('names the tile route: its file exists and the access table has its GET row', () => {
		expect(existsSync(`src/routes${TILE_ROUTE}/+server.ts`)).toBe(true);
		const access = accessFor(TILE_ROUTE, 'GET');
		expect(access).toBeDefined();
		expect(allows(access!, undefined)).toBe(false); // nobody signed in: the hooks refuse
		expect(allows(access!, 'grid_worker')).toBe(true);
	});
});
