import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookie-name.ts';
import { PASSWORD } from '../helpers/api.ts';
import { recordSecret } from '../helpers/secrets.ts';
import { expect } from './fixtures.ts';

export { PASSWORD, uniqueName } from '../helpers/api.ts';

/** Registers through the form, as a person would. */
export async function register(page: Page, username: string) {
	await page.goto('/register');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByText(username)).toBeVisible();
	await recordSession(page);
}

/** The password and the session cookie a journey used: no server log may contain them. */
async function recordSession(page: Page) {
	recordSecret('a password', PASSWORD);
	for (const cookie of await page.context().cookies()) {
		if (cookie.name === SESSION_COOKIE) recordSecret('a session cookie', cookie.value);
	}
}

/** Creates a topic through the form and returns its URL. */
export async function createTopic(
	page: Page,
	title: string,
	options: string[],
	{ liveBeforeVoting = false } = {}
) {
	await page.goto('/topics/new');
	await page.getByLabel('Question').fill(title);
	for (const [index, option] of options.entries()) {
		await page.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
	}
	if (liveBeforeVoting) await page.getByLabel('Before they vote: live from the start').check();
	await page.getByRole('button', { name: 'Create topic' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	return page.url();
}

/** The count shown next to an option's bar. */
export function countOf(page: Page, label: string) {
	return page.getByTestId('results').locator('li', { hasText: label }).getByTestId('count');
}

/** A new browser context (its own cookies and IndexedDB) signed in as `username`. */
export async function signedIn(browser: Browser, username: string, baseURL?: string) {
	const context = await browser.newContext(baseURL ? { baseURL } : {});
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText(username)).toBeVisible();
	await recordSession(page);
	return { context, page };
}

/** Waits until the service worker controls the page and has kept it for offline use. */
export async function readyOffline(page: Page) {
	await page.evaluate(() => navigator.serviceWorker.ready);
	const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
	// The worker claims open pages when it activates; on a loaded machine that can lag, and a
	// reload (as a person coming back would do) is always controlled.
	if (!(await controlled())) await page.reload();
	await expect.poll(controlled).toBe(true);
	await expect
		.poll(() =>
			page.evaluate(async () => {
				for (const key of await caches.keys()) {
					const cache = await caches.open(key);
					if (await cache.match(location.pathname, { ignoreVary: true })) return true;
				}
				return false;
			})
		)
		.toBe(true);
}

export async function vote(page: Page, label: string) {
	await page.getByRole('radio', { name: label }).check();
	await page.getByRole('button', { name: 'Cast vote' }).click();
}

/** Serious and critical findings of axe-core's WCAG 2.1 A/AA rules on the page as it is now. */
export async function seriousFindings(page: Page) {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`);
}

/**
 * Adds one option row on the topic form and returns its field. The button works once the page
 * has hydrated; a press before that does nothing, so it is pressed again until the row is there.
 */
export async function addOption(page: Page, number: number) {
	const field = page.getByLabel(`Option ${number}`, { exact: true });
	await expect(async () => {
		if (!(await field.isVisible())) await page.getByRole('button', { name: 'Add option' }).click();
		await expect(field).toBeVisible({ timeout: 2_000 });
	}).toPass({ timeout: 30_000 });
	return field;
}
