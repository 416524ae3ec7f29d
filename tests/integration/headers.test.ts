/**
 * Cookies and headers over https: the session cookie is Secure when the public ORIGIN is https
 * even without NODE_ENV=production (as `yarn start` runs), HSTS is sent, and answers carrying a
 * signed-in person's data are `private, no-store`.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/use-server.ts';

const { server, api } = useServer({ NODE_ENV: '', ORIGIN: 'https://vote.example.test' });

describe('behind https', () => {
	it('marks the session cookie Secure', async () => {
		const response = await api.call('POST', '/api/auth/register', {
			body: { username: `h${Date.now().toString(36)}`, password: 'correct horse battery staple' }
		});
		expect(response.status).toBe(201);
		expect(response.headers.get('set-cookie')).toMatch(/plenum_session=.*;.*Secure/i);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
	});

	it('sends HSTS', async () => {
		const response = await fetch(`${server.url}/healthz`);
		expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
	});

	it('keeps a signed-in person’s pages, page data and API answers out of every cache', async () => {
		const account = await api.register();
		const cookie = `plenum_session=${account.token}`;
		for (const path of ['/', '/__data.json', '/api/me', '/api/meetings']) {
			const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
			expect(response.status, path).toBe(200);
			expect(response.headers.get('cache-control'), path).toBe('private, no-store');
		}
		const bearer = await api.call('GET', '/api/me', { token: account.token });
		expect(bearer.headers.get('cache-control')).toBe('private, no-store');
	});

	it('leaves anonymous public pages cacheable', async () => {
		const response = await fetch(`${server.url}/`);
		expect(response.headers.get('cache-control') ?? '').not.toMatch(/no-store/);
	});
});
