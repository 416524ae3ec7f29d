/**
 * Sign-in with OpenID Connect against a real provider (`oidc-provider`, started here) in a real
 * Chromium, and the operators' registration controls. Two servers of their own: one with the
 * provider, a required group and registration by invitation; one with password sign-in off.
 */
import type { Browser, Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookie-name.ts';
import { PASSWORD } from '../helpers/api.ts';
import { freePort } from '../helpers/ports.ts';
import { startProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { recordSecret } from '../helpers/secrets.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { expect, test } from './fixtures.ts';
import { seriousFindings } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The provider's and the two servers' ports, free when the file starts (see `beforeAll`).
let PROVIDER_PORT = 0;
let INVITE_PORT = 0;
let NO_PASSWORD_PORT = 0;
// The app on `localhost`, the provider on `127.0.0.1`: the return from the provider is a
// cross-site navigation, as it is in production.
const appOrigin = (port: number) => `http://localhost:${port}`;

const PEOPLE = {
	alice: {
		password: 'alice-provider-pass',
		subject: 'sub-alice-1',
		username: 'Alice',
		groups: ['members', 'board']
	},
	bob: {
		password: 'bob-provider-pass',
		subject: 'sub-bob-2',
		username: 'bob',
		groups: ['visitors']
	}
};

let provider: TestProvider;
let invite: RunningServer;
let noPassword: RunningServer;

test.describe.configure({ mode: 'serial', timeout: 90_000 });

test.beforeAll(async () => {
	[PROVIDER_PORT, INVITE_PORT, NO_PASSWORD_PORT] = [
		await freePort(),
		await freePort(),
		await freePort()
	];
	provider = await startProvider({
		port: PROVIDER_PORT,
		redirectUris: [INVITE_PORT, NO_PASSWORD_PORT].map(
			(port) => `${appOrigin(port)}/login/oidc/callback`
		),
		people: PEOPLE
	});
	recordSecret('the OpenID client secret', provider.clientSecret);
	for (const person of Object.values(PEOPLE)) recordSecret('a provider password', person.password);
	const oidc = {
		OIDC_ISSUER: provider.issuer,
		OIDC_CLIENT_ID: provider.clientId,
		OIDC_CLIENT_SECRET: provider.clientSecret,
		OIDC_SCOPES: 'openid profile groups',
		OIDC_DISPLAY_NAME: 'Test ID',
		SECURE_COOKIES: 'false'
	};
	invite = await startServer({
		...oidc,
		PORT: String(INVITE_PORT),
		ORIGIN: appOrigin(INVITE_PORT),
		OIDC_REQUIRED_GROUP: 'members',
		REGISTRATION: 'invitation'
	});
	noPassword = await startServer({
		...oidc,
		PORT: String(NO_PASSWORD_PORT),
		ORIGIN: appOrigin(NO_PASSWORD_PORT),
		PASSWORD_SIGN_IN: 'false'
	});
});

test.afterAll(async () => {
	await invite?.dispose();
	await noPassword?.dispose();
	await provider?.close();
});

/** A one-time sign-up code from the operators' command, against a server's database. */
function signupCode(server: RunningServer): { code: string; link: string } {
	const out = execFileSync(process.execPath, ['scripts/users-invite.ts', '--note', 'test'], {
		cwd: ROOT,
		env: {
			...process.env,
			DATABASE_PATH: server.databasePath,
			ORIGIN: server.url.replace('127.0.0.1', 'localhost'),
			REGISTRATION: 'invitation'
		}
	});
	const issued = JSON.parse(out.toString());
	recordSecret('a sign-up code', issued.code);
	return issued;
}

async function freshPage(browser: Browser, port: number): Promise<Page> {
	const context = await browser.newContext({ baseURL: appOrigin(port) });
	return context.newPage();
}

/** From the app's sign-in page to the provider's login form. */
async function toProvider(page: Page) {
	await page.goto('/login');
	await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
	await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
}

async function providerLogin(page: Page, username: string, password: string) {
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

async function me(page: Page) {
	const response = await page.request.get('/api/me');
	return response.status() === 200 ? (await response.json()).user : null;
}

function identityRows(server: RunningServer) {
	const db = new Database(server.databasePath, { readonly: true });
	try {
		return db
			.prepare(
				'SELECT i.issuer, i.subject, i.groups, u.username FROM identities i JOIN users u ON u.id = i.user_id ORDER BY u.username'
			)
			.all() as { issuer: string; subject: string; groups: string; username: string }[];
	} finally {
		db.close();
	}
}

test('a member of the required group signs in at the provider, into an account bound to them', async ({
	browser
}) => {
	// A password account named alice exists already: the provider's "Alice" must not get it.
	const { code } = signupCode(invite);
	const registered = await fetch(`${invite.url}/api/auth/register`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'alice', password: PASSWORD, code })
	});
	expect(registered.status).toBe(201);
	const owner = (await registered.json()).user;

	const page = await freshPage(browser, INVITE_PORT);
	await toProvider(page);
	await providerLogin(page, 'alice', PEOPLE.alice.password);
	await expect(page.getByRole('heading', { name: 'Allow Plenum?' })).toBeVisible();
	await page.getByRole('button', { name: 'Allow' }).click();
	await expect(page).toHaveURL(`${appOrigin(INVITE_PORT)}/`);
	await expect(page.locator('.who')).toHaveText('alice-2');
	const first = await me(page);
	expect(first).toMatchObject({ username: 'alice-2', guest: null });
	expect(first.id).not.toBe(owner.id);
	for (const cookie of await page.context().cookies()) {
		if (cookie.name === SESSION_COOKIE) recordSecret('a session cookie', cookie.value);
	}
	// The pending sign-in's cookie is gone once the provider sent the person back.
	expect((await page.context().cookies()).map((c) => c.name)).not.toContain('plenum_oidc');
	expect(identityRows(invite)).toEqual([
		{
			issuer: provider.issuer,
			subject: PEOPLE.alice.subject,
			groups: '["board","members"]',
			username: 'alice-2'
		}
	]);

	// Signed out and in again: the same account, found by the provider's subject.
	await page.request.post('/api/auth/logout');
	expect(await me(page)).toBeNull();
	await page.goto('/login');
	await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
	await expect(page).toHaveURL(`${appOrigin(INVITE_PORT)}/`);
	expect((await me(page)).id).toBe(first.id);

	// The password account is untouched and still signs in with its password.
	const login = await fetch(`${invite.url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'alice', password: PASSWORD })
	});
	expect(login.status).toBe(200);
	expect((await login.json()).user.id).toBe(owner.id);
});

test('the authorization request carries PKCE, state and nonce; a forged or stray callback is refused', async () => {
	const start = await fetch(`${invite.url}/login/oidc?next=/meetings/new`, { redirect: 'manual' });
	expect(start.status).toBe(303);
	const to = new URL(start.headers.get('location')!);
	expect(to.origin).toBe(provider.issuer);
	expect(Object.fromEntries(to.searchParams)).toMatchObject({
		client_id: provider.clientId,
		response_type: 'code',
		redirect_uri: `${appOrigin(INVITE_PORT)}/login/oidc/callback`,
		scope: 'openid profile groups',
		code_challenge_method: 'S256'
	});
	for (const name of ['state', 'nonce', 'code_challenge']) {
		expect(to.searchParams.get(name)).toMatch(/^[\w-]{32,}$/);
	}
	// What ties the browser to its sign-in: no server log may hold it.
	recordSecret('an OpenID state', to.searchParams.get('state'));
	recordSecret('an OpenID nonce', to.searchParams.get('nonce'));
	const cookie = start.headers.get('set-cookie')!;
	recordSecret('a pending sign-in cookie', cookie.split(';')[0].split('=')[1]);
	expect(cookie).toMatch(/^plenum_oidc=/);
	expect(cookie).toMatch(/HttpOnly/i);
	expect(cookie).toMatch(/Path=\/login\/oidc/i);
	expect(cookie).toMatch(/SameSite=Lax/i);
	// The cookie holds the verifier, never sent to the provider in the clear.
	expect(to.href).not.toContain(cookie.split(';')[0].split('=')[1]);

	const callback = (query: string, withCookie: boolean) =>
		fetch(`${invite.url}/login/oidc/callback?${query}`, {
			redirect: 'manual',
			headers: withCookie ? { cookie: cookie.split(';')[0] } : {}
		});
	// Another state than the one this browser started with (a login planted by someone else).
	const forged = await callback(
		`code=abc&state=not-the-state&iss=${encodeURIComponent(provider.issuer)}`,
		true
	);
	expect(forged.headers.get('location')).toBe('/login?oidc=failed');
	// No sign-in in progress in this browser.
	const stray = await callback(`code=abc&state=${to.searchParams.get('state')}`, false);
	expect(stray.headers.get('location')).toBe('/login?oidc=expired');
	// Both ended the pending sign-in: the cookie is cleared.
	expect(forged.headers.get('set-cookie')).toMatch(/^plenum_oidc=;/);
});

test('a wrong password at the provider, then cancelling: refused with a clear message', async ({
	browser
}) => {
	const page = await freshPage(browser, INVITE_PORT);
	await toProvider(page);
	await providerLogin(page, 'bob', 'not-his-password');
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page).toHaveURL(`${appOrigin(INVITE_PORT)}/login?oidc=denied`);
	await expect(page.getByTestId('oidc-problem')).toHaveText(
		'Sign-in was cancelled at the identity provider. Nothing was changed here.'
	);
	expect(await me(page)).toBeNull();
});

test('declining consent at the provider: refused, and no account is made', async ({ browser }) => {
	const page = await freshPage(browser, INVITE_PORT);
	await toProvider(page);
	await providerLogin(page, 'bob', PEOPLE.bob.password);
	await page.getByRole('button', { name: 'Deny' }).click();
	await expect(page.getByTestId('oidc-problem')).toContainText('Sign-in was cancelled');
	expect(await me(page)).toBeNull();
	expect(identityRows(invite).map((row) => row.subject)).not.toContain(PEOPLE.bob.subject);
});

test('a person outside the required group is refused, in the page’s language', async ({
	browser
}) => {
	const page = await freshPage(browser, INVITE_PORT);
	await toProvider(page);
	await providerLogin(page, 'bob', PEOPLE.bob.password);
	await page.getByRole('button', { name: 'Allow' }).click();
	await expect(page).toHaveURL(`${appOrigin(INVITE_PORT)}/login?oidc=not-in-group`);
	await expect(page.getByTestId('oidc-problem')).toHaveText(
		'Your account at the identity provider is not in the group “members”, which this server requires. Ask your organisation to add you.'
	);
	expect(await me(page)).toBeNull();
	expect(identityRows(invite).map((row) => row.subject)).not.toContain(PEOPLE.bob.subject);
	expect(await seriousFindings(page)).toEqual([]);
	// The same refusal in German.
	await page.context().addCookies([{ name: 'lang', value: 'de', url: appOrigin(INVITE_PORT) }]);
	await page.goto('/login?oidc=not-in-group');
	await expect(page.getByTestId('oidc-problem')).toContainText('nicht zur Gruppe „members“');
});

test('registration by invitation: the page asks for a code, and each code makes one account', async ({
	browser
}) => {
	const page = await freshPage(browser, INVITE_PORT);
	await page.goto('/register');
	await page.getByLabel('Username', { exact: true }).fill('carol');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByLabel('Sign-up code').fill('made-up-code');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'That sign-up code is unknown, used or expired.'
	);
	expect(await me(page)).toBeNull();

	const { code, link } = signupCode(invite);
	expect(link).toBe(`${appOrigin(INVITE_PORT)}/register?code=${code}`);
	await page.goto(link);
	await expect(page.getByLabel('Sign-up code')).toHaveValue(code);
	expect(await seriousFindings(page)).toEqual([]);
	await page.getByLabel('Username', { exact: true }).fill('carol');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.locator('.who')).toHaveText('carol');

	// Used up: the API refuses it, and refuses registering without one.
	const api = (body: object) =>
		fetch(`${invite.url}/api/auth/register`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	const again = await api({ username: 'dave', password: PASSWORD, code });
	expect(again.status).toBe(403);
	expect((await again.json()).error).toMatchObject({ code: 'forbidden', field: 'code' });
	const without = await api({ username: 'dave', password: PASSWORD });
	expect(without.status).toBe(400);
	expect((await without.json()).error.field).toBe('code');
});

test('password sign-in off: only the provider’s button, and registration is closed on the page and the API', async ({
	browser
}) => {
	const page = await freshPage(browser, NO_PASSWORD_PORT);
	await page.goto('/login');
	await expect(page.getByRole('link', { name: 'Sign in with Test ID' })).toBeVisible();
	await expect(page.getByLabel('Password')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Create an account' })).toHaveCount(0);
	expect(await seriousFindings(page)).toEqual([]);
	await expect(page.getByRole('banner').getByRole('link', { name: 'Create account' })).toHaveCount(
		0
	);
	await page.goto('/register');
	await expect(page.getByTestId('registration-closed')).toBeVisible();
	await expect(page.getByLabel('Password')).toHaveCount(0);

	const post = (path: string) =>
		fetch(`${noPassword.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'erin', password: PASSWORD })
		});
	const registered = await post('/api/auth/register');
	expect(registered.status).toBe(403);
	expect((await registered.json()).error.message).toBe(
		'This server does not take new registrations.'
	);
	const login = await post('/api/auth/login');
	expect(login.status).toBe(403);
	expect((await login.json()).error.message).toBe(
		'Sign-in with a password is turned off on this server.'
	);

	// A person of the provider still gets in (and an account), registration being off.
	await page.goto('/login');
	await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
	await providerLogin(page, 'alice', PEOPLE.alice.password);
	await page.getByRole('button', { name: 'Allow' }).click();
	await expect(page.locator('.who')).toHaveText('alice');
});
