import { expect, test, type Page } from '@playwright/test';
import { apiClient, PASSWORD } from '../helpers/api.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';
import { register, signedIn, uniqueName, seriousFindings } from './helpers.ts';

/**
 * The operators' status page: an admin (named in ADMIN_USERNAMES, see playwright.config.ts)
 * watches the figures change as real clients vote; everyone else is refused. Screenshots are
 * kept in test-results/screens/ to be looked at.
 */

const ADMIN = 'opsadmin';

const countIn = async (page: Page, testId: string) =>
	Number((await page.getByTestId(testId).innerText()).replace(/\D/g, ''));

test('an admin sees connections, votes, receipts, refusals and live topics change as votes arrive', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const api = apiClient(baseURL!);
	// The admin account (already there when Playwright retries).
	await api.call('POST', '/api/auth/register', { body: { username: ADMIN, password: PASSWORD } });
	const { page, context } = await signedIn(browser, ADMIN);

	const host = await api.register();
	const title = `Budget ${uniqueName('q')}`;
	const topic = await api.createTopic(host.token, ['Approve', 'Reject'], title);
	await api.open(host.token, topic.id);
	const late = await api.createTopic(host.token, ['Approve', 'Reject'], `${title} (closed)`);
	await api.open(host.token, late.id);
	await api.close(host.token, late.id);

	await page.goto('/admin/status');
	await expect(page.getByRole('heading', { name: 'Server status', level: 1 })).toBeVisible();
	await expect(page.getByTestId('status-freshness')).toContainText('Live');
	const votesBefore = await countIn(page, 'votes-total');

	const wsUrl = `${baseURL!.replace('http', 'ws')}/collab`;
	const voters: Voter[] = [];
	for (let i = 0; i < 3; i++) voters.push(connectVoter(wsUrl, topic.id, await api.register()));
	const latecomer = connectVoter(wsUrl, late.id, await api.register());
	try {
		await eventually(() => voters.forEach((voter) => expect(voter.state()?.status).toBe('open')));
		await eventually(() => expect(latecomer.state()?.status).toBe('closed'));

		// The topic gets its row with the people watching it, before anyone voted.
		const row = page.locator(`tr[data-topic-id="${topic.id}"]`);
		await expect(row.getByRole('link', { name: title })).toBeVisible();
		await expect(row.getByTestId('topic-subscribers')).toHaveText('3');
		await expect(row.getByTestId('topic-votes')).toHaveText('0');
		await expect.poll(() => countIn(page, 'connections')).toBeGreaterThanOrEqual(4);

		voters.forEach((voter, index) => voter.vote(topic.options[index % 2].id));
		latecomer.vote(late.options[0].id);
		await eventually(() =>
			voters.forEach((voter) => expect(voter.answer().receipt).not.toBeNull())
		);

		await expect(row.getByTestId('topic-votes')).toHaveText('3');
		await expect.poll(() => countIn(page, 'votes-total')).toBe(votesBefore + 3);
		await expect(page.getByTestId('receipt-p99')).toHaveText(/^[\d.]+ ms$/);
		const refused = page.getByTestId('refusals').locator('li[data-reason="topic-closed"]');
		await expect(refused.getByTestId('refusal-count')).not.toHaveText('0');
		await expect(refused).toContainText('Voting on this topic closed before your ballot arrived.');

		await page.setViewportSize({ width: 1280, height: 800 });
		await page.screenshot({ path: 'test-results/screens/status-light.png', fullPage: true });
		expect(await seriousFindings(page), 'light').toEqual([]);
		await page.emulateMedia({ colorScheme: 'dark' });
		await page.screenshot({ path: 'test-results/screens/status-dark.png', fullPage: true });
		expect(await seriousFindings(page), 'dark').toEqual([]);

		await page.getByRole('button', { name: 'Deutsch' }).click();
		await expect(page.getByRole('heading', { name: 'Serverstatus', level: 1 })).toBeVisible();
		await expect(row.getByTestId('topic-votes')).toHaveText('3');
		await page.setViewportSize({ width: 390, height: 844 });
		await expect(page.getByTestId('votes-total')).toBeVisible();
		await expect(row.getByTestId('topic-votes')).toBeVisible();
		// Nothing runs off the side of a phone: a wide table scrolls inside its card.
		expect(
			await page.evaluate(
				() => document.documentElement.scrollWidth <= document.documentElement.clientWidth
			)
		).toBe(true);
		await page.screenshot({ path: 'test-results/screens/status-de-phone.png', fullPage: true });
		expect(await seriousFindings(page), 'German, phone').toEqual([]);
	} finally {
		voters.forEach((voter) => voter.destroy());
		latecomer.destroy();
		await context.close();
	}
});

test('the status page and its data are refused to everyone but admins', async ({ page }) => {
	const signedOut = await page.request.get('/admin/status/data');
	expect(signedOut.status()).toBe(404);
	await page.goto('/admin/status');
	await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fstatus$/);

	await register(page, uniqueName('nosy'));
	const response = await page.goto('/admin/status');
	expect(response?.status()).toBe(404);
	await expect(page.getByTestId('status-page')).toHaveCount(0);
	expect((await page.request.get('/admin/status/data')).status()).toBe(404);
});
