import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import { PASSWORD, uniqueName } from '../helpers/api.ts';
import { useServer } from '../helpers/use-server.ts';

const { server, api } = useServer({ LOGIN_ATTEMPTS: '3' });

describe('accounts', () => {
	it('registers, signs in with a cookie and a token, and signs out', async () => {
		const username = uniqueName('ann');
		const registered = await api.call('POST', '/api/auth/register', {
			body: { username, password: PASSWORD }
		});
		expect(registered.status).toBe(201);
		expect(registered.body.user.username).toBe(username);
		expect(registered.headers.get('set-cookie')).toMatch(
			/plenum_session=.*HttpOnly.*SameSite=Lax/i
		);
		expect(registered.headers.get('set-cookie')).toMatch(/Secure/);

		const login = await api.call('POST', '/api/auth/login', {
			body: { username: username.toUpperCase(), password: PASSWORD }
		});
		expect(login.status).toBe(200);
		const { token } = login.body;
		const me = await api.call('GET', '/api/me', { token });
		expect(me.body.user.username).toBe(username);

		const cookieMe = await fetch(`${server.url}/api/me`, {
			headers: { cookie: `plenum_session=${token}` }
		});
		expect(cookieMe.status).toBe(200);

		expect((await api.call('POST', '/api/auth/logout', { token })).status).toBe(200);
		expect((await api.call('GET', '/api/me', { token })).status).toBe(401);
	});

	it('explains taken usernames, weak passwords and wrong passwords', async () => {
		const account = await api.register();
		const taken = await api.call('POST', '/api/auth/register', {
			body: { username: account.user.username, password: PASSWORD }
		});
		expect(taken.status).toBe(409);
		expect(taken.body.error).toMatchObject({ code: 'conflict', field: 'username' });

		const weak = await api.call('POST', '/api/auth/register', {
			body: { username: uniqueName(), password: 'password1' }
		});
		expect(weak.status).toBe(400);
		expect(weak.body.error.field).toBe('password');
		expect(weak.body.error.message).toMatch(/at least 10/);

		const wrong = await api.call('POST', '/api/auth/login', {
			body: { username: account.user.username, password: 'not the password' }
		});
		expect(wrong.status).toBe(401);
		expect(wrong.body.error.message).toBe('Wrong username or password.');
	});

	it('limits sign-in attempts with a 429 and Retry-After', async () => {
		const account = await api.register();
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) {
			const response = await api.call('POST', '/api/auth/login', {
				body: { username: account.user.username, password: 'guess guess guess' }
			});
			statuses.push(response.status);
			if (response.status === 429) {
				expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
				expect(response.body.error.code).toBe('rate-limited');
			}
		}
		expect(statuses).toEqual([401, 401, 401, 429, 429]);
	});

	it('ends the session a request carried when it signs in again', async () => {
		const account = await api.register();
		const response = await fetch(`${server.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: `plenum_session=${account.token}` },
			body: JSON.stringify({ username: account.user.username, password: PASSWORD })
		});
		expect(response.status).toBe(200);
		const { token } = await response.json();
		expect(token).not.toBe(account.token);
		expect((await api.call('GET', '/api/me', { token: account.token })).status).toBe(401);
		expect((await api.call('GET', '/api/me', { token })).status).toBe(200);
	});

	it('rejects forged and malformed tokens', async () => {
		for (const token of ['nope', 'a.b', 'a.b.c', 'x'.repeat(500)]) {
			expect((await api.call('GET', '/api/me', { token })).status).toBe(401);
		}
	});
});

describe('bad requests', () => {
	it('answers bad JSON, wrong types, oversized bodies and unknown routes with clear errors', async () => {
		const { token } = await api.register();
		const badJson = await fetch(`${server.url}/api/topics`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: '{"title": '
		});
		expect(badJson.status).toBe(400);
		expect((await badJson.json()).error.code).toBe('bad-request');

		// A body a cross-site form could send (text/plain) from no or another origin is refused
		// before the API reads it; from the app's own origin, the API asks for JSON.
		const notJson = (origin?: string) =>
			fetch(`${server.url}/api/topics`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'text/plain',
					...(origin ? { origin } : {})
				},
				body: 'title=x'
			});
		expect((await notJson()).status).toBe(403);
		expect((await notJson('https://elsewhere.example')).status).toBe(403);
		const sameOrigin = await notJson(server.url);
		expect(sameOrigin.status).toBe(415);
		expect((await sameOrigin.json()).error.code).toBe('unsupported-media-type');

		const huge = await api.call('POST', '/api/topics', {
			token,
			body: { title: 'x', options: ['a', 'b'], padding: 'x'.repeat(100_000) }
		});
		expect(huge.status).toBe(413);
		expect(huge.body.error.code).toBe('payload-too-large');

		const fewOptions = await api.call('POST', '/api/topics', {
			token,
			body: { title: 'One option', options: ['Only'] }
		});
		expect(fewOptions.status).toBe(400);
		expect(fewOptions.body.error).toMatchObject({ code: 'validation', field: 'options' });

		const notStrings = await api.call('POST', '/api/topics', {
			token,
			body: { title: 'Typed', options: [1, 2] }
		});
		expect(notStrings.status).toBe(400);

		const unknown = await api.call('GET', '/api/topics/nope/results');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not-found');
		expect((await api.call('GET', '/api/unknown')).status).toBe(404);
		expect((await api.call('POST', '/api/topics', { body: { title: 'x' } })).status).toBe(401);
	});

	it('refuses a cookie-authenticated write from another origin', async () => {
		const { token } = await api.register();
		const response = await fetch(`${server.url}/api/topics`, {
			method: 'POST',
			headers: {
				cookie: `plenum_session=${token}`,
				origin: 'https://evil.example',
				'content-type': 'application/json'
			},
			body: JSON.stringify({ title: 'CSRF', options: ['a', 'b'] })
		});
		expect(response.status).toBe(403);
		const mine = await api.call('GET', '/api/topics', { token });
		expect(mine.body.topics).toEqual([]);
	});
});

describe('topics', () => {
	it('creates, opens and closes a topic for its owner only, with an audit trail', async () => {
		const owner = await api.register();
		const other = await api.register();
		const created = await api.call('POST', '/api/topics', {
			token: owner.token,
			body: {
				title: '  Budget\u202e 2027 ',
				description: 'Line one\nLine two',
				options: ['Yes', 'No']
			}
		});
		expect(created.status).toBe(201);
		const topic = created.body.topic;
		expect(topic).toMatchObject({
			title: 'Budget 2027',
			status: 'draft',
			description: 'Line one\nLine two'
		});
		expect(topic.options.map((o: { label: string }) => o.label)).toEqual(['Yes', 'No']);

		expect((await api.call('GET', `/api/topics/${topic.id}`)).status).toBe(404);
		expect((await api.call('GET', `/api/topics/${topic.id}`, { token: owner.token })).status).toBe(
			200
		);

		const forbidden = await api.call('POST', `/api/topics/${topic.id}/open`, {
			token: other.token
		});
		expect(forbidden.status).toBe(403);
		expect(
			(await api.call('POST', `/api/topics/${topic.id}/close`, { token: owner.token })).status
		).toBe(409);
		expect((await api.call('POST', `/api/topics/nope/open`, { token: owner.token })).status).toBe(
			404
		);

		await api.open(owner.token, topic.id);
		expect(await api.results(topic.id)).toEqual({
			status: 'open',
			turnout: 0,
			totals: { [topic.options[0].id]: 0, [topic.options[1].id]: 0 },
			audit: { entries: 1, head: expect.stringMatching(/^[0-9a-f]{64}$/) }
		});
		expect(
			(await api.call('POST', `/api/topics/${topic.id}/open`, { token: owner.token })).status
		).toBe(409);
		await api.close(owner.token, topic.id);

		const audit = await api.audit(topic.id);
		expect(audit.map((entry) => entry.kind)).toEqual(['topic.opened', 'topic.closed']);
		expect(verifyChain(audit).ok).toBe(true);

		const mine = await api.call('GET', '/api/topics', { token: owner.token });
		expect(mine.body.topics.map((t: { id: string }) => t.id)).toEqual([topic.id]);
	});

	it('serves the health check and security headers', async () => {
		const health = await fetch(`${server.url}/healthz`);
		expect(await health.json()).toEqual({ ok: true });
		const home = await fetch(`${server.url}/`);
		expect(home.headers.get('x-content-type-options')).toBe('nosniff');
		expect(home.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
	});
});
