// nginx's config of the topology (scripts/lib/topology.ts): its own files only, both instances, the
// event stream unbuffered. The topology test runs it for real.
import { describe, expect, it } from 'vitest';
import { nginxConfig } from '../../scripts/lib/topology';

const conf = nginxConfig({ prefix: '/tmp/t/nginx', port: 8123, upstreams: [4001, 4002] });

describe('nginxConfig', () => {
	it('keeps every file under its prefix, never the system nginx files', () => {
		const paths = [...conf.matchAll(/(?:^|\s)(\/[^\s;]+)/g)].map((m) => m[1]);
		expect(paths.length).toBeGreaterThanOrEqual(8);
		for (const p of paths)
			expect(p === '/tmp/t/nginx' || p.startsWith('/tmp/t/nginx/') || p === '/api/events', p).toBe(true);
		expect(conf).not.toMatch(/\/var\/|\/etc\/|\/run\//);
	});

	it('listens on its own port and balances over every instance', () => {
		expect(conf).toContain('listen 127.0.0.1:8123;');
		expect([...conf.matchAll(/server 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]))).toEqual([4001, 4002]);
	});

	it('connects to the instances from its own address only when told', () => {
		expect(conf).not.toContain('proxy_bind');
		expect(nginxConfig({ prefix: '/p', port: 1, upstreams: [2], bind: '127.0.0.2' })).toMatch(
			/^\s*proxy_bind 127\.0\.0\.2;$/m
		);
		expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
	});

	it('does not buffer the event stream', () => {
		const events = /location = \/api\/events \{([^}]*)\}/.exec(conf)?.[1] ?? '';
		expect(events).toContain('proxy_buffering off;');
		expect(events).toMatch(/proxy_read_timeout 1h;/);
		const rest = conf.replace(/location = \/api\/events \{[^}]*\}/, '');
		expect(rest).not.toContain('proxy_buffering off');
	});

	it('runs its workers as the given user only when told', () => {
		expect(conf).not.toMatch(/^user /m);
		expect(nginxConfig({ prefix: '/p', port: 1, upstreams: [2], user: 'nobody nogroup' })).toMatch(
			/^user nobody nogroup;$/m
		);
	});
});
