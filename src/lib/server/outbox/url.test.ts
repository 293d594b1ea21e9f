import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './url';
import { backoffSeconds, signature, verifySignature } from './sign';

const self = { origins: ['https://redgrid.example.org', 'http://127.0.0.1:3000'], port: 3000 };

describe('webhook URLs', () => {
	it('takes http(s) URLs of other hosts, or of this host on another port', () => {
		expect(checkWebhookUrl('https://sms.example.cn/hook', self)).toBe('https://sms.example.cn/hook');
		expect(checkWebhookUrl(' http://127.0.0.1:8099/receive ', self)).toBe('http://127.0.0.1:8099/receive');
	});
	it.each([
		['ftp://example.org/x', 'url_scheme'],
		['javascript:alert(1)', 'url_scheme'],
		['https://user:pw@example.org/', 'url_scheme'],
		['https://redgrid.example.org/api/tickets', 'url_self'],
		['https://REDGRID.example.org:443/x', 'url_self'],
		['http://localhost:3000/api/session', 'url_self'],
		['http://127.0.0.1:3000/', 'url_self'],
		['http://[::1]:3000/', 'url_self'],
		['http://0.0.0.0:3000/', 'url_self']
	])('refuses %s (%s), naming url', (url, reason) => {
		expect(() => checkWebhookUrl(url, self)).toThrow(
			expect.objectContaining({ status: 422, field: 'url', params: { reason } })
		);
	});
	it('refuses what is not a URL with a 400 naming url', () => {
		expect(() => checkWebhookUrl('not a url', self)).toThrow(
			expect.objectContaining({ status: 400, field: 'url' })
		);
	});
});

describe('the signature', () => {
	// a value worked out with `printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret`
	it('is HMAC-SHA256 of timestamp.body, as openssl computes it', () => {
		expect(signature('s3cret', 1700000000, '{"a":1}')).toBe(
			'sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940'
		);
	});
	it('verifies in time, refuses another body, secret or an old timestamp', () => {
		const sig = signature('k', 1000, 'body');
		expect(verifySignature('k', 1000, 'body', sig, 1100)).toBe(true);
		expect(verifySignature('k', 1000, 'body!', sig, 1100)).toBe(false);
		expect(verifySignature('other', 1000, 'body', sig, 1100)).toBe(false);
		expect(verifySignature('k', 1000, 'body', sig, 2000)).toBe(false);
	});
	it('backs off 1, 2, 4 … seconds, at most 10 minutes', () => {
		expect([1, 2, 3, 4, 12].map(backoffSeconds)).toEqual([1, 2, 4, 8, 600]);
	});
});
