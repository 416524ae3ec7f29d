import type { Page } from '@playwright/test';
import { expect, newAccount, test } from './fixtures.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countOf, vote } from './helpers.ts';

const transparent = (page: Page, selector: 'html' | 'body') =>
	page.evaluate(
		(name) => getComputedStyle(document.querySelector(name)!).backgroundColor,
		selector
	);

test('the embed page follows a topic live on a transparent background, framed by any site', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(150_000);
	const owner = await newAccount(browser);
	const created = await owner.page.request.post('/api/topics', {
		data: { title: 'Which stream schedule?', options: ['Mornings', 'Evenings', 'Weekends'] }
	});
	const { topic } = await created.json();
	expect((await owner.page.request.post(`/api/topics/${topic.id}/open`)).status()).toBe(200);

	// Anyone, signed in or not, as an OBS browser source would load it.
	const viewerContext = await browser.newContext({ viewport: { width: 960, height: 540 } });
	const overlay = await viewerContext.newPage();
	await overlay.goto(`/embed/${topic.id}?theme=dark`);
	await expect(overlay.getByRole('heading', { name: 'Which stream schedule?' })).toBeVisible();
	await expect(overlay.getByTestId('embed')).toHaveAttribute('data-live', 'true');
	expect(await transparent(overlay, 'html')).toBe('rgba(0, 0, 0, 0)');
	expect(await transparent(overlay, 'body')).toBe('rgba(0, 0, 0, 0)');
	await expect(overlay.getByRole('navigation')).toBeHidden();
	await expect(overlay.locator('main')).toHaveCount(0);
	await expect(overlay.getByTestId('topic-status')).toHaveText('open');

	// Votes cast by people on the topic page appear without a reload.
	const voters = [await newAccount(browser), await newAccount(browser)];
	for (const [index, voter] of voters.entries()) {
		await voter.page.goto(`/t/${topic.id}`);
		await expect(voter.page.getByTestId('connection')).toHaveText('Live');
		await vote(voter.page, index === 0 ? 'Evenings' : 'Weekends');
		await expect(voter.page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
		await expect(countOf(overlay, index === 0 ? 'Evenings' : 'Weekends')).toHaveText('1');
	}
	await expect(overlay.getByTestId('turnout')).toHaveText('2 votes counted');
	await expect(overlay.getByTestId('outcome')).toBeVisible();
	await overlay.screenshot({
		path: 'test-results/screenshots/embed-dark-transparent.png',
		omitBackground: true
	});

	expect((await owner.page.request.post(`/api/topics/${topic.id}/close`)).status()).toBe(200);
	await expect(overlay.getByTestId('topic-status')).toHaveText('closed');

	// Framed by another site's dashboard: allowed for this page, as for no other.
	const embedHeaders = (await overlay.request.get(`/embed/${topic.id}`)).headers();
	expect(embedHeaders['x-frame-options']).toBeUndefined();
	expect(embedHeaders['content-security-policy']).toContain('frame-ancestors *');
	const topicHeaders = (await overlay.request.get(`/t/${topic.id}`)).headers();
	expect(topicHeaders['x-frame-options']).toBe('DENY');
	expect(topicHeaders['content-security-policy']).toContain("frame-ancestors 'none'");

	// Another site (its own origin, served on this machine) frames the overlay on a backdrop.
	const backdrop = {
		light: 'linear-gradient(135deg,#f5d0fe,#bae6fd)',
		dark: 'linear-gradient(135deg,#0f172a,#4c1d95 60%,#134e4a)'
	};
	const site = createServer((request, response) => {
		const theme = request.url?.includes('dark') ? 'dark' : 'light';
		// The dark one in German: the address names the language, as no cookie reaches a frame.
		const lang = theme === 'dark' ? 'de' : 'en';
		response.setHeader('content-type', 'text/html');
		response.end(`<body style="margin:0;background:${backdrop[theme]}">
			<iframe src="${baseURL}/embed/${topic.id}?theme=${theme}&lang=${lang}" title="results"
				style="border:0;width:960px;height:540px"></iframe></body>`);
	});
	await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
	const { port } = site.address() as AddressInfo;
	const dashboard = await viewerContext.newPage();
	for (const theme of ['light', 'dark'] as const) {
		await dashboard.goto(`http://127.0.0.1:${port}/${theme}`);
		const framed = dashboard.frameLocator('iframe');
		await expect(framed.getByTestId('topic-status')).toHaveText(
			theme === 'dark' ? 'geschlossen' : 'closed'
		);
		await expect(framed.getByTestId('turnout')).toHaveText(
			theme === 'dark' ? '2 Stimmen gezählt' : '2 votes counted'
		);
		await expect(framed.getByTestId('embed')).toHaveAttribute('data-live', 'true');
		await expect(framed.getByTestId('outcome')).toBeVisible();
		await dashboard.screenshot({ path: `test-results/screenshots/embed-${theme}-framed.png` });
	}

	site.close();
	for (const each of [owner.context, viewerContext, ...voters.map((voter) => voter.context)]) {
		await each.close();
	}
});

test('the embed page of a topic nobody may see yet is not found', async ({ browser }) => {
	const owner = await newAccount(browser);
	const created = await owner.page.request.post('/api/topics', {
		data: { title: 'Still a draft', options: ['A', 'B'] }
	});
	const { topic } = await created.json();
	// Not even for its owner: the embed page shows what anyone sees.
	const response = await owner.page.goto(`/embed/${topic.id}`);
	expect(response?.status()).toBe(404);
	await owner.context.close();
});
