/**
 * The service worker across an update of the app, and page data kept on client-side navigation.
 * The browser fetches a worker's script itself, out of reach of Playwright's routes, so an update
 * is staged: the caches are left as an earlier version would leave them, and a new worker of this
 * build takes over, running the same activation a deploy triggers.
 */
import type { Page } from '@playwright/test';
import { expect, newAccount, openTopic, test } from './fixtures.ts';
import { readyOffline } from './helpers.ts';

/** The kept copy of `path` in the shared page cache: the version that rendered it, or null. */
const keptVersion = (page: Page, path: string) =>
	page.evaluate(async (path) => {
		const kept = await (await caches.open('plenum-pages')).match(path, { ignoreVary: true });
		return kept?.headers.get('x-plenum-version') ?? null;
	}, path);

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

/**
 * Leaves the device as an earlier version would have: the kept copy of `path` marked with the
 * version `older`, and that version's assets beside it.
 */
async function keptByAnEarlierVersion(page: Page, path: string, version = 'older') {
	await page.evaluate(
		async ({ path, version }) => {
			const pages = await caches.open('plenum-pages');
			const kept = (await pages.match(path, { ignoreVary: true }))!;
			const headers = new Headers(kept.headers);
			headers.set('x-plenum-version', version);
			await pages.put(path, new Response(await kept.blob(), { status: 200, headers }));
			const assets = await caches.open(`plenum-assets-${version}`);
			await assets.put(`/${version}.js`, new Response('// an earlier build'));
		},
		{ path, version }
	);
	expect(await keptVersion(page, path)).toBe(version);
}

/**
 * A new worker taking over, as after a deploy: registered under another script address, the
 * browser installs and activates it even though its bytes are this build's.
 */
const update = (page: Page) =>
	page.evaluate(async () => {
		await navigator.serviceWorker.register('/service-worker.js?update', { scope: '/' });
	});

for (const network of ['online', 'failing'] as const) {
	test(`a topic kept by an earlier version opens offline after an update (network ${network} during it)`, async ({
		browser
	}) => {
		const { context, page } = await newAccount(browser);
		const topic = await openTopic(page, { title: 'Kept across versions', options: ['Yes', 'No'] });
		const path = `/t/${topic.id}`;
		await readyOffline(page);
		const current = await keptVersion(page, path);
		expect(current).toMatch(/\S/);
		await page.goto('/');
		await expect.poll(() => keptVersion(page, '/')).toBe(current);
		await page.goto(path);
		await expect(page.getByTestId('connection')).toHaveText('Live');
		await keptByAnEarlierVersion(page, path);
		// The home page, kept by a version older still, is refreshed in either case: once its
		// version's assets are gone, the new worker has finished its refresh.
		await keptByAnEarlierVersion(page, '/', 'oldest');
		if (network === 'failing') {
			// The new worker's refresh of the kept page finds no network.
			await context.route(`**${path}`, (route) =>
				route.request().serviceWorker() ? route.abort('internetdisconnected') : route.continue()
			);
		}
		await update(page);

		await expect.poll(() => keptVersion(page, '/'), { timeout: 30_000 }).toBe(current);
		await expect.poll(() => cacheNames(page)).not.toContain('plenum-assets-oldest');
		if (network === 'online') {
			// Fetched again and marked as this version's; the earlier version's assets are gone.
			expect(await keptVersion(page, path)).toBe(current);
			expect(await cacheNames(page)).not.toContain('plenum-assets-older');
		} else {
			// Kept as it was, with the assets it points at, until a refresh succeeds.
			expect(await keptVersion(page, path)).toBe('older');
			expect(await cacheNames(page)).toContain('plenum-assets-older');
		}
		expect(await cacheNames(page)).toContain(`plenum-assets-${current}`);

		await context.setOffline(true);
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Kept across versions' })).toBeVisible();
		await expect(page.getByTestId('connection')).toContainText('Offline');
		await expect(page.getByRole('button', { name: 'Cast vote' })).toBeVisible();
	});
}

test('a page reached by client-side navigation keeps its page data and opens offline', async ({
	browser
}) => {
	const { context, page } = await newAccount(browser);
	const first = await openTopic(page, { title: 'First motion', options: ['Yes', 'No'] });
	const created = await page.request.post('/api/topics', {
		data: { title: 'Second motion', options: ['Yes', 'No'] }
	});
	const second = (await created.json()).topic as { id: string };
	await page.request.post(`/api/topics/${second.id}/open`);
	await readyOffline(page);
	expect(first.id).not.toBe(second.id);

	// Home, then the second topic by its link: SvelteKit loads `__data.json` through the worker.
	await page.getByRole('link', { name: 'Plenum' }).click();
	const data = page.waitForResponse((response) =>
		response.url().includes(`/t/${second.id}/__data.json`)
	);
	await page.getByRole('link', { name: 'Second motion' }).click();
	expect((await data).fromServiceWorker()).toBe(true);
	await expect(page.getByRole('heading', { name: 'Second motion' })).toBeVisible();
	const kept = () =>
		page.evaluate(async (id) => {
			const keys = await (await caches.open('plenum-pages')).keys();
			return keys.map((request) => new URL(request.url).pathname).filter((p) => p.includes(id));
		}, second.id);
	// Both the page data and the page itself, fetched beside it.
	await expect
		.poll(async () => (await kept()).sort())
		.toEqual([`/t/${second.id}`, `/t/${second.id}/__data.json`]);

	await context.setOffline(true);
	await page.goto(`/t/${second.id}`);
	await expect(page.getByRole('heading', { name: 'Second motion' })).toBeVisible();
	await expect(page.getByTestId('connection')).toContainText('Offline');
});
