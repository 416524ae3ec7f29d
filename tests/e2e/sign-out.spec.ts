import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { createTopic, readyOffline, register, signedIn, uniqueName, vote } from './helpers.ts';

// Three browsers, a service worker and a network switch: slower than most journeys.
test.describe.configure({ timeout: 120_000 });

/**
 * What this origin keeps on the device for `username`: IndexedDB names, localStorage keys, and
 * cached pages or page data of the topic or naming the person (the signed-out pages the worker
 * keeps after sign-out are no one's).
 */
function kept(page: Page, username: string) {
	return page.evaluate(async (username) => {
		const databases = (await indexedDB.databases())
			.map((db) => db.name ?? '')
			.filter((name) => name.startsWith('plenum:'));
		const stored = Object.keys(localStorage).filter((key) => key.startsWith('plenum:'));
		const pages: string[] = [];
		for (const key of await caches.keys()) {
			const cache = await caches.open(key);
			for (const request of await cache.keys()) {
				const path = new URL(request.url).pathname;
				if (!path.endsWith('/__data.json') && !path.startsWith('/t/')) continue;
				const body = await (await cache.match(request))?.text();
				if (path.startsWith('/t/') || body?.includes(username)) pages.push(path);
			}
		}
		return { databases, stored, pages };
	}, username);
}

async function openSecretTopic(browser: import('@playwright/test').Browser, title: string) {
	const host = await (await browser.newContext()).newPage();
	await register(host, uniqueName('host'));
	const url = await createTopic(host, title, ['Yes', 'No']);
	await host.getByRole('button', { name: 'Open voting' }).click();
	await expect(host.getByTestId('topic-status')).toHaveText('open');
	const voterName = uniqueName('sam');
	await register(await (await browser.newContext()).newPage(), voterName);
	return { url, voterName };
}

test('signing out deletes the ballot, its tracker and the cached pages from the device', async ({
	browser
}) => {
	const { url, voterName } = await openSecretTopic(browser, 'Secret motion?');
	const { page } = await signedIn(browser, voterName);
	await page.goto(url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	await vote(page, 'Yes');
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await readyOffline(page);
	await page.goto(`${url}?again`);
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');

	// Before: the device holds the ballot document and the pages of the signed-in voter.
	const before = await kept(page, voterName);
	expect(before.databases.some((name) => name.startsWith('plenum:ballot/'))).toBe(true);
	expect(before.pages.length).toBeGreaterThan(0);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect.poll(() => kept(page, voterName)).toEqual({ databases: [], stored: [], pages: [] });
	await page.screenshot({ path: 'test-results/screenshots/signed-out.png', fullPage: true });
});

test('a ballot not yet sent holds sign-out back until the voter chooses', async ({ browser }) => {
	const { url, voterName } = await openSecretTopic(browser, 'Pending motion?');
	const { context, page } = await signedIn(browser, voterName);
	await page.goto(url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	await readyOffline(page);

	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await vote(page, 'No');
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'pending');

	await page.getByRole('button', { name: 'Sign out' }).click();
	const warning = page.getByTestId('pending-ballots');
	await expect(warning).toContainText('One ballot has not reached the server yet');
	await page.screenshot({ path: 'test-results/screenshots/sign-out-pending.png', fullPage: true });
	await warning.getByRole('button', { name: 'Wait' }).click();
	await expect(warning).toBeHidden();
	await expect(page.getByText(voterName)).toBeVisible();

	// Back online the ballot is counted, and signing out goes ahead without a question.
	await context.setOffline(false);
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect(warning).toBeHidden();
	await expect.poll(async () => (await kept(page, voterName)).databases).toEqual([]);
});
