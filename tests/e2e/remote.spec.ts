import type { Browser, Page, Route } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { apiClient, type Account } from '../helpers/api.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';
import { PASSWORD, seriousFindings } from './helpers.ts';

/**
 * The host drives the projector from a second screen: a phone-sized remote moves through the
 * agenda, opens and closes voting and reveals results (closing and revealing take a second tap),
 * and the projector, another page, follows without a reload. The projector has no controls
 * until the pointer moves, its keys work (also those pressed before its script started), and
 * only hosts get the remote.
 */

const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1280, height: 720 };

async function signedInContext(
	browser: Browser,
	account: Account,
	viewport = PROJECTOR,
	serviceWorkers: 'allow' | 'block' = 'allow'
) {
	const context = await browser.newContext({ viewport, serviceWorkers });
	const login = await context.request.post('/api/auth/login', {
		data: { username: account.user.username, password: PASSWORD }
	});
	expect(login.status()).toBe(200);
	return context;
}

/** A meeting with two topics: the second hides its results until revealed. */
async function meetingWithTopics(baseURL: string) {
	const api = apiClient(baseURL);
	const host = await api.register();
	const meeting = (
		await api.call('POST', '/api/meetings', { token: host.token, body: { title: 'Board' } })
	).body.meeting;
	for (const body of [
		{ title: 'Adopt the agenda?', kind: 'yes-no' },
		{ title: 'Pick a venue', options: ['Hall', 'Barn', 'Garden'], hideResults: true }
	]) {
		const added = await api.call('POST', `/api/meetings/${meeting.id}/topics`, {
			token: host.token,
			body
		});
		expect(added.status).toBe(200);
	}
	const agenda = (await api.call('GET', `/api/meetings/${meeting.id}`, { token: host.token })).body
		.meeting.agenda as { id: string; options: { id: string }[] }[];
	return { api, host, meetingId: meeting.id as string, agenda };
}

const status = (page: Page) => page.getByTestId('topic-status');

test('a host on a phone drives the projector: topics, open, close and reveal with a second tap; the projector follows live', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const { host, meetingId, agenda } = await meetingWithTopics(baseURL!);
	const projectorContext = await signedInContext(browser, host);
	const projector = await projectorContext.newPage();
	await projector.goto(`/present/${meetingId}`);
	await expect(projector.getByTestId('projector')).toHaveAttribute('data-ready', 'true');
	// Idle, the projected screen carries no host controls.
	await expect(projector.getByTestId('presenter-controls')).toBeHidden();
	await expect(projector.getByRole('button', { name: 'Open voting' })).toBeHidden();

	const remote = await (await signedInContext(browser, host, PHONE)).newPage();
	await remote.goto(`/present/${meetingId}/remote`);
	await expect(remote.getByTestId('connection')).toHaveText('Live');
	await remote.getByRole('button', { name: 'Next →' }).click();
	await expect(remote.getByTestId('remote-topic')).toHaveText('Adopt the agenda?');
	await expect(projector.getByRole('heading', { name: 'Adopt the agenda?' })).toBeVisible();
	await expect(status(projector)).toHaveAttribute('data-status', 'draft');

	await remote.getByTestId('remote-open').click();
	await expect(status(projector)).toHaveAttribute('data-status', 'open');
	await expect(status(projector)).toContainText('Voting open');

	// A vote arrives; the remote and the projector count it.
	const voter = await apiClient(baseURL!).register();
	const ballot = connectVoter(`${baseURL!.replace('http', 'ws')}/collab`, agenda[0].id, voter);
	ballot.choose([agenda[0].options[0].id]);
	await eventually(() => expect(ballot.answer().receipt).not.toBeNull());
	ballot.destroy();
	await expect(remote.getByTestId('remote-turnout')).toContainText('1 of');
	await expect(
		projector.getByTestId('results').locator('li').first().getByTestId('count')
	).toHaveText('1');

	// Closing asks for a second tap; nothing changes before it.
	await remote.getByTestId('remote-close').click();
	await expect(remote.getByTestId('remote-close')).toHaveText('Tap again to close voting');
	await expect(status(projector)).toHaveAttribute('data-status', 'open');
	await remote.screenshot({
		path: 'test-results/screens/remote-phone-confirm.png',
		fullPage: true
	});
	await remote.getByTestId('remote-close').click();
	await expect(status(projector)).toHaveAttribute('data-status', 'closed');
	await expect(projector.getByTestId('outcome')).toContainText('The motion passes');

	// The agenda on the remote jumps to any topic.
	await remote.getByRole('button', { name: 'Show: Pick a venue' }).click();
	await expect(projector.getByRole('heading', { name: 'Pick a venue' })).toBeVisible();
	await remote.getByTestId('remote-open').click();
	await expect(status(projector)).toContainText('Voting open · results hidden');
	await expect(projector.getByTestId('results-hidden')).toBeVisible();
	// Revealing asks too; Cancel leaves the results hidden.
	await remote.getByTestId('remote-reveal').click();
	await expect(remote.getByTestId('remote-reveal')).toHaveText('Tap again to reveal the results');
	await remote.getByRole('button', { name: 'Cancel' }).click();
	await expect(remote.getByTestId('remote-reveal')).toHaveText('Reveal results');
	await expect(projector.getByTestId('results-hidden')).toBeVisible();
	await remote.getByTestId('remote-reveal').click();
	await remote.getByTestId('remote-reveal').click();
	await expect(projector.getByTestId('results')).toBeVisible();
	await expect(projector.getByTestId('results-hidden')).toHaveCount(0);

	// A timer from the remote shows as a large countdown on the projector.
	await remote.getByRole('button', { name: '2 min' }).click();
	await expect(projector.getByTestId('countdown')).toContainText(/Voting closes in [12]:\d\d/);
	await remote.screenshot({ path: 'test-results/screens/remote-phone.png', fullPage: true });
	await projector.screenshot({ path: 'test-results/screens/remote-projector.png' });
	expect(await seriousFindings(remote), 'remote').toEqual([]);
	expect(await seriousFindings(projector), 'projector').toEqual([]);
	await remote.emulateMedia({ colorScheme: 'dark' });
	await projector.emulateMedia({ colorScheme: 'dark' });
	expect(await seriousFindings(remote), 'remote, dark').toEqual([]);
	expect(await seriousFindings(projector), 'projector, dark').toEqual([]);
	await remote.screenshot({ path: 'test-results/screens/remote-phone-dark.png', fullPage: true });
	await projector.screenshot({ path: 'test-results/screens/remote-projector-dark.png' });

	await remote.context().close();
	await projectorContext.close();
});

test('the projector’s keys work with a confirmation for closing and revealing, and its controls show only while the pointer moves', async ({
	browser,
	baseURL
}) => {
	const { host, meetingId } = await meetingWithTopics(baseURL!);
	const context = await signedInContext(browser, host);
	const projector = await context.newPage();
	await projector.goto(`/present/${meetingId}`);
	await expect(projector.getByTestId('projector')).toHaveAttribute('data-ready', 'true');

	await projector.keyboard.press('ArrowRight');
	await projector.keyboard.press('ArrowRight');
	await expect(projector.getByRole('heading', { name: 'Pick a venue' })).toBeVisible();
	await projector.keyboard.press('ArrowLeft');
	await expect(projector.getByRole('heading', { name: 'Adopt the agenda?' })).toBeVisible();
	await projector.keyboard.press('o');
	await expect(status(projector)).toHaveAttribute('data-status', 'open');

	// C asks; Escape cancels; C twice closes. The keys follow the newer of the topic's own
	// document and the meeting's agenda, so C arms as soon as the topic shows open.
	await projector.keyboard.press('c');
	await expect(projector.getByTestId('confirm')).toContainText('Close voting?');
	await projector.screenshot({ path: 'test-results/screens/projector-confirm-close.png' });
	await projector.keyboard.press('Escape');
	await expect(projector.getByTestId('confirm')).toHaveCount(0);
	await expect(status(projector)).toHaveAttribute('data-status', 'open');
	await projector.keyboard.press('t');
	await expect(projector.getByTestId('countdown')).toBeVisible();
	await projector.keyboard.press('c');
	await projector.keyboard.press('c');
	await expect(status(projector)).toHaveAttribute('data-status', 'closed');
	await expect(projector.getByTestId('confirm')).toHaveCount(0);

	// R on a hidden topic asks, Enter confirms.
	await projector.keyboard.press('ArrowRight');
	await expect(projector.getByRole('heading', { name: 'Pick a venue' })).toBeVisible();
	await projector.keyboard.press('o');
	await expect(status(projector)).toHaveAttribute('data-status', 'open');
	await expect(projector.getByTestId('results-hidden')).toBeVisible();
	await projector.keyboard.press('r');
	await expect(projector.getByTestId('confirm')).toContainText('Reveal the results');
	await projector.keyboard.press('Enter');
	await expect(projector.getByTestId('results')).toBeVisible();
	// Bars glide to new tallies, except for people who asked for less motion.
	const fill = projector.getByTestId('results').locator('.fill').first();
	const duration = () => fill.evaluate((element) => getComputedStyle(element).transitionDuration);
	expect(await duration()).not.toBe('0s');
	await projector.emulateMedia({ reducedMotion: 'reduce' });
	expect(await duration()).toBe('0s');

	// The controls come with the pointer, and their buttons ask the same way.
	await expect(projector.getByTestId('presenter-controls')).toBeHidden();
	await projector.mouse.move(600, 400);
	await projector.mouse.move(640, 420);
	const controls = projector.getByTestId('presenter-controls');
	await expect(controls).toBeVisible();
	await projector.screenshot({ path: 'test-results/screens/projector-controls.png' });
	await controls.getByRole('button', { name: 'Close voting' }).click();
	await expect(projector.getByTestId('confirm')).toBeVisible();
	await projector.getByTestId('confirm').getByRole('button', { name: 'Close voting' }).click();
	await expect(status(projector)).toHaveAttribute('data-status', 'closed');
	await controls.getByRole('button', { name: 'Full screen' }).click();
	await expect.poll(() => projector.evaluate(() => document.fullscreenElement !== null)).toBe(true);
	await context.close();
});

test('keys pressed on the projector before its script has started are kept and run', async ({
	browser,
	baseURL
}) => {
	const { host, meetingId, agenda } = await meetingWithTopics(baseURL!);
	// No service worker: every script comes from the network, where the test holds it.
	const context = await signedInContext(browser, host, PROJECTOR, 'block');
	await context.request.post(`/api/meetings/${meetingId}/current`, {
		data: { topicId: agenda[0].id }
	});
	const projector = await context.newPage();
	// Hold the page's scripts back, as a slow laptop would.
	const held: Route[] = [];
	let holding = true;
	const script = (url: URL) =>
		url.pathname.startsWith('/_app/immutable/') && url.pathname.endsWith('.js');
	await projector.route(script, (route) => {
		if (holding) held.push(route);
		else void route.continue();
	});
	await projector.goto(`/present/${meetingId}`, { waitUntil: 'commit' });
	await expect(projector.getByTestId('present-code')).toBeVisible();
	await expect.poll(() => held.length).toBeGreaterThan(0);
	await expect(projector.getByTestId('projector')).not.toHaveAttribute('data-ready', 'true');
	await projector.keyboard.press('ArrowRight');
	await projector.keyboard.press('o');
	// Seen, and said so, before the page can act on them.
	await expect(projector.locator('html')).toHaveAttribute('data-early-keys', '2');
	await expect(projector.getByText('the keys you pressed will run in a moment')).toBeVisible();

	holding = false;
	for (const route of held.splice(0)) await route.continue();
	await expect(projector.getByTestId('projector')).toHaveAttribute('data-ready', 'true');
	await expect(projector.getByRole('heading', { name: 'Pick a venue' })).toBeVisible();
	await expect(status(projector)).toHaveAttribute('data-status', 'open');
	await expect(projector.getByText('the keys you pressed will run in a moment')).toBeHidden();
	// Keyboard users reach the controls with Tab.
	await expect(projector.getByTestId('presenter-controls')).toBeHidden();
	await projector.keyboard.press('Tab');
	await expect(projector.getByTestId('presenter-controls')).toBeVisible();
	await projector.keyboard.press('Tab');
	await expect(projector.getByTestId('presenter-controls').locator(':focus')).toHaveCount(1);
	await context.close();
});

test('only the meeting’s hosts get the remote', async ({ browser, baseURL }) => {
	const { meetingId } = await meetingWithTopics(baseURL!);
	const stranger = await apiClient(baseURL!).register();
	const context = await signedInContext(browser, stranger, PHONE);
	const page = await context.newPage();
	const response = await page.goto(`/present/${meetingId}/remote`);
	expect(response!.status()).toBe(403);
	await expect(page.getByText('Only the hosts can use the remote control.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Next →' })).toHaveCount(0);
	// Nor can they drive it through the API the remote uses.
	const refused = await context.request.post(`/api/meetings/${meetingId}/current`, {
		data: { topicId: null }
	});
	expect(refused.status()).toBe(403);
	await context.close();

	const anonymous = await browser.newContext({ viewport: PHONE });
	const signIn = await anonymous.newPage();
	await signIn.goto(`/present/${meetingId}/remote`);
	await expect(signIn).toHaveURL(/\/login\?next=/);
	await anonymous.close();
});
