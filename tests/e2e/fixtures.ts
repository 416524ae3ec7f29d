/**
 * The one `test` every journey uses, with fixtures that leave nothing behind: every browser
 * context a test opens is closed when it ends (passed or failed), so no socket of one test lives
 * on into the next; a persistent profile is closed and its folder removed; `api` speaks the JSON
 * API of the server under test.
 */
import {
	test as base,
	chromium,
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiClient, PASSWORD, uniqueName, type ApiClient } from '../helpers/api.ts';

export { expect };

/** A browser profile on disk, as a person's browser keeps between restarts. */
export interface Profile {
	/** Starts the browser on the profile; starting it again is a browser restart. */
	launch(options?: BrowserContextOptions): Promise<BrowserContext>;
}

export const test = base.extend<{ closeContexts: void; profile: Profile; api: ApiClient }>({
	closeContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			const opened = browser.contexts().filter((context) => !before.has(context));
			await Promise.all(opened.map((context) => context.close().catch(() => undefined)));
		},
		{ auto: true }
	],
	profile: async ({ baseURL }, use, testInfo) => {
		const dir = mkdtempSync(join(tmpdir(), 'plenum-profile-'));
		const launched: BrowserContext[] = [];
		try {
			await use({
				async launch(options = {}) {
					const context = await chromium.launchPersistentContext(dir, {
						...testInfo.project.use.launchOptions,
						baseURL,
						...options
					});
					launched.push(context);
					return context;
				}
			});
		} finally {
			await Promise.all(launched.map((context) => context.close().catch(() => undefined)));
			rmSync(dir, { recursive: true, force: true });
		}
	},
	api: async ({ baseURL }, use) => {
		await use(apiClient(baseURL!));
	}
});

/**
 * A new browser context signed in as a new account, registered through the API (quick; the
 * register form has journeys of its own).
 */
export async function newAccount(
	browser: Browser,
	options: BrowserContextOptions = {},
	prefix = 'u'
): Promise<{ username: string; context: BrowserContext; page: Page }> {
	const context = await browser.newContext(options);
	const username = uniqueName(prefix);
	const response = await context.request.post('/api/auth/register', {
		data: { username, password: PASSWORD }
	});
	expect(response.status()).toBe(201);
	return { username, context, page: await context.newPage() };
}

/** Creates and opens a topic through the API with the page's own session, then shows it live. */
export async function openTopic(page: Page, body: Record<string, unknown>) {
	const created = await page.request.post('/api/topics', { data: body });
	expect(created.status()).toBe(201);
	const { topic } = await created.json();
	expect((await page.request.post(`/api/topics/${topic.id}/open`)).status()).toBe(200);
	await page.goto(`/t/${topic.id}`);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	return topic as { id: string; options: { id: string; label: string }[] };
}
