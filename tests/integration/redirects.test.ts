import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueName } from '../helpers/api.ts';
import { useServer } from '../helpers/use-server.ts';

const { server, api } = useServer();

/** Payloads that once sent a browser off-site (tabs and newlines are dropped by browsers) or broke the page. */
const HOSTILE = [
	'/%09/evil.example/x',
	'/%0a/x',
	'%2F%0D%2Fevil.example%2Fx',
	'/%E3%80%82/x',
	'//evil.example/x',
	'/%5Cevil.example/x',
	'https://evil.example/x',
	'%0d%0aSet-Cookie:%20x=1'
];

/** Where a browser would land after following `location` from `base`. */
function landsOn(location: string | null): string {
	expect(location).not.toBeNull();
	// Browsers drop tabs and newlines before parsing a URL.
	return new URL(location!.replace(/[\t\n\r]/g, ''), server.url).origin;
}

function expectSafe(response: Response) {
	expect(response.status).toBe(303);
	const location = response.headers.get('location');
	expect(landsOn(location)).toBe(new URL(server.url).origin);
	expect(location).not.toMatch(/[\t\n\r\\]/);
	expect(response.headers.get('set-cookie') ?? '').not.toMatch(/x=1/);
}

describe('redirects after sign-in, registration and language switch', () => {
	it.each(HOSTILE)('GET /lang keeps next=%s on this site', async (next) => {
		const response = await fetch(`${server.url}/lang?lang=en&next=${next}`, {
			redirect: 'manual'
		});
		expectSafe(response);
	});

	it.each(HOSTILE)('POST /login?next=%s keeps the browser on this site', async (next) => {
		const account = await api.register();
		const response = await fetch(`${server.url}/login?next=${next}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ username: account.user.username, password: PASSWORD })
		});
		expectSafe(response);
	});

	it.each(HOSTILE)('GET /login?next=%s when signed in stays on this site', async (next) => {
		const account = await api.register();
		const response = await fetch(`${server.url}/login?next=${next}`, {
			redirect: 'manual',
			headers: { cookie: `plenum_session=${account.token}` }
		});
		expectSafe(response);
	});

	it.each(HOSTILE)('POST /register?next=%s stays on this site', async (next) => {
		const response = await fetch(`${server.url}/register?next=${next}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: server.url,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({
				username: uniqueName('r'),
				password: PASSWORD
			})
		});
		expectSafe(response);
	});

	it('still follows a same-site next with its query', async () => {
		const response = await fetch(
			`${server.url}/lang?lang=de&next=${encodeURIComponent('/join?code=ABC-DEF')}`,
			{
				redirect: 'manual'
			}
		);
		expect(response.headers.get('location')).toBe('/join?code=ABC-DEF');
	});

	it('logs no error for any of them', () => {
		expect(server.log()).not.toMatch(/TypeError|Invalid character|stack/i);
	});
});
