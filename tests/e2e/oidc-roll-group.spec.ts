/**
 * A roll meeting's OpenID group against a real provider (`oidc-provider`, started here) in a real
 * Chromium: the host names the group on the roll page; a person the provider puts in the group
 * signs in, opens the meeting, is on the roll bound to their account and votes over the live
 * document; a person outside the group is refused `not-eligible`; someone who left the group by
 * their next sign-in is not put on another meeting's roll.
 */
import type { Browser, Page } from '@playwright/test';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookie-name.ts';
import { apiClient, PASSWORD } from '../helpers/api.ts';
import { freePort } from '../helpers/ports.ts';
import { startProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { recordSecret } from '../helpers/secrets.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';
import { expect, test } from './fixtures.ts';

let PROVIDER_PORT = 0;
let APP_PORT = 0;
// The app on `localhost`, the provider on `127.0.0.1`, as in `oidc.spec.ts`.
const appOrigin = (port: number) => `http://localhost:${port}`;

const PEOPLE = {
	carol: {
		password: 'carol-provider-pass',
		subject: 'sub-carol-3',
		username: 'carol',
		groups: ['board', 'members']
	},
	dave: {
		password: 'dave-provider-pass',
		subject: 'sub-dave-4',
		username: 'dave',
		groups: ['members']
	}
};

let provider: TestProvider;
let server: RunningServer;

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
	[PROVIDER_PORT, APP_PORT] = [await freePort(), await freePort()];
	provider = await startProvider({
		port: PROVIDER_PORT,
		redirectUris: [`${appOrigin(APP_PORT)}/login/oidc/callback`],
		people: PEOPLE
	});
	recordSecret('the OpenID client secret', provider.clientSecret);
	for (const person of Object.values(PEOPLE)) recordSecret('a provider password', person.password);
	server = await startServer({
		OIDC_ISSUER: provider.issuer,
		OIDC_CLIENT_ID: provider.clientId,
		OIDC_CLIENT_SECRET: provider.clientSecret,
		OIDC_SCOPES: 'openid profile groups',
		OIDC_DISPLAY_NAME: 'Test ID',
		SECURE_COOKIES: 'false',
		PORT: String(APP_PORT),
		ORIGIN: appOrigin(APP_PORT)
	});
});

test.afterAll(async () => {
	await server?.dispose();
	await provider?.close();
});

/** Signs `name` in at the provider (login and consent on the first time) and returns the page. */
async function signIn(browser: Browser, name: keyof typeof PEOPLE): Promise<Page> {
	const context = await browser.newContext({ baseURL: appOrigin(APP_PORT) });
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
	await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
	await page.getByLabel('Username').fill(name);
	await page.getByLabel('Password').fill(PEOPLE[name].password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	const allow = page.getByRole('button', { name: 'Allow' });
	await expect(allow.or(page.locator('.who'))).toBeVisible();
	if (await allow.isVisible()) await allow.click();
	await expect(page).toHaveURL(`${appOrigin(APP_PORT)}/`);
	return page;
}

/** The account and session token behind a signed-in page (the cookie is the bearer token too). */
async function accountOf(page: Page) {
	const token = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
	recordSecret('a session cookie', token);
	const user = (await (await page.request.get('/api/me')).json()).user as {
		id: string;
		username: string;
	};
	return { user, token };
}

/** A roll meeting over the API with Ann on its roll and one draft topic. */
async function rollMeeting(api: ReturnType<typeof apiClient>, token: string, title: string) {
	const created = await api.call('POST', '/api/meetings', { token, body: { title } });
	const meeting = created.body.meeting as { id: string };
	expect(
		(
			await api.call('POST', `/api/meetings/${meeting.id}/access`, {
				token,
				body: { access: 'roll' }
			})
		).status
	).toBe(200);
	const ann = await api.call('POST', `/api/meetings/${meeting.id}/roll`, {
		token,
		body: { name: 'Ann' }
	});
	expect(ann.status).toBe(200);
	const added = await api.call('POST', `/api/meetings/${meeting.id}/topics`, {
		token,
		body: { title: 'Budget', options: ['Yes', 'No'] }
	});
	const topic = added.body.meeting.agenda[0] as { id: string; options: { id: string }[] };
	return { meeting, topic };
}

test('a member of the meeting’s OpenID group is put on the roll and votes; someone outside it is refused', async ({
	browser
}) => {
	const api = apiClient(server.url);
	const host = await api.register();
	const { meeting, topic } = await rollMeeting(api, host.token, 'General assembly');

	// The host names the group on the roll page.
	const hostContext = await browser.newContext({ baseURL: appOrigin(APP_PORT) });
	expect(
		(
			await hostContext.request.post('/api/auth/login', {
				data: { username: host.user.username, password: PASSWORD }
			})
		).status()
	).toBe(200);
	const hostPage = await hostContext.newPage();
	await hostPage.goto(`/meetings/${meeting.id}/roll`);
	await hostPage.getByRole('textbox', { name: 'OpenID group' }).fill('board');
	await hostPage.getByRole('button', { name: 'Save group' }).click();
	await expect
		.poll(
			async () =>
				(await api.call('GET', `/api/meetings/${meeting.id}/roll`, { token: host.token })).body
					.rollGroup
		)
		.toBe('board');

	// Carol (in "board") opens the meeting: she is on the roll, bound to her account.
	const carolPage = await signIn(browser, 'carol');
	const carol = await accountOf(carolPage);
	await carolPage.goto(`/m/${meeting.id}`);
	await expect(carolPage.getByTestId('member-note')).toHaveText('Voting as the member carol');
	// Opening it again adds nobody more.
	await carolPage.reload();
	await expect(carolPage.getByTestId('member-note')).toHaveText('Voting as the member carol');

	// Dave (only in "members") opens it too and is not on the roll.
	const davePage = await signIn(browser, 'dave');
	const dave = await accountOf(davePage);
	await davePage.goto(`/m/${meeting.id}`);
	// Not on the roll: the page offers a personal invitation instead of naming a member.
	await expect(davePage.getByRole('link', { name: 'Have a personal invitation?' })).toBeVisible();
	await expect(davePage.getByTestId('member-note')).toHaveCount(0);

	const roll = await api.call('GET', `/api/meetings/${meeting.id}/roll`, { token: host.token });
	expect(
		(roll.body.members as { name: string; memberNumber: string | null; bound: boolean }[]).map(
			({ name, memberNumber, bound }) => ({ name, memberNumber, bound })
		)
	).toEqual([
		{ name: 'Ann', memberNumber: null, bound: false },
		{ name: 'carol', memberNumber: null, bound: true }
	]);

	// The vote: carol's ballot counts, dave's is refused by the roll.
	await api.open(host.token, topic.id);
	const yes = topic.options[0].id;
	const carolVoter = connectVoter(server.wsUrl, topic.id, carol);
	const daveVoter = connectVoter(server.wsUrl, topic.id, dave);
	try {
		await eventually(() => expect(carolVoter.state()?.status).toBe('open'));
		await eventually(() => expect(daveVoter.state()?.status).toBe('open'));
		carolVoter.vote(yes);
		daveVoter.vote(yes);
		await eventually(() => expect(carolVoter.answer().receipt).not.toBeNull());
		await eventually(() => expect(daveVoter.answer().refusal?.reason).toBe('not-eligible'));
	} finally {
		carolVoter.destroy();
		daveVoter.destroy();
	}
	await api.close(host.token, topic.id);
	expect(await api.results(topic.id)).toMatchObject({ turnout: 1 });

	// The roll's audit chain: who set the group, and the entry the group rule added.
	const audit = await api.call('GET', `/api/meetings/${meeting.id}/roll/audit`, {
		token: host.token
	});
	const entries = audit.body.entries as { kind: string; payload: Record<string, unknown> }[];
	expect(entries.map((e) => [e.kind, e.payload.by, e.payload.group])).toEqual([
		['roll.added', host.user.id, undefined],
		['roll.group', host.user.id, 'board'],
		['roll.added', carol.user.id, 'board']
	]);
});

test('someone who left the group by their next sign-in is not put on a roll any more', async ({
	browser
}) => {
	const api = apiClient(server.url);
	const host = await api.register();
	const { meeting } = await rollMeeting(api, host.token, 'Board meeting');
	expect(
		(
			await api.call('PUT', `/api/meetings/${meeting.id}/roll-group`, {
				token: host.token,
				body: { group: 'board' }
			})
		).status
	).toBe(200);

	// The provider takes carol out of "board"; her next sign-in stores her groups without it.
	PEOPLE.carol.groups = ['members'];
	const page = await signIn(browser, 'carol');
	await page.goto(`/m/${meeting.id}`);
	await expect(page.getByRole('link', { name: 'Have a personal invitation?' })).toBeVisible();
	await expect(page.getByTestId('member-note')).toHaveCount(0);
	const roll = await api.call('GET', `/api/meetings/${meeting.id}/roll`, { token: host.token });
	expect((roll.body.members as { name: string }[]).map((m) => m.name)).toEqual(['Ann']);
});
