import { describe, expect, it } from 'vitest';
import { TIANDITU_HOSTS, withTianditu } from './security';

describe('withTianditu', () => {
	it('adds the 天地图 host to connect-src and img-src only', () => {
		const csp = "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:";
		const out = withTianditu(csp);
		expect(out).toBe(
			`default-src 'self'; connect-src 'self' ${TIANDITU_HOSTS}; img-src 'self' data: blob: ${TIANDITU_HOSTS}; worker-src 'self' blob:`
		);
	});
});
