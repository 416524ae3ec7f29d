import { expect, test } from './fixtures.ts';
import { PASSWORD, uniqueName } from './helpers.ts';

test('hostile titles and options render as plain text and run nothing', async ({
	page,
	request
}) => {
	const username = uniqueName('mallory');
	const registered = await request.post('/api/auth/register', {
		data: { username, password: PASSWORD }
	});
	const { token } = await registered.json();
	const hostile = {
		title: '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
		description: '"><svg onload="window.__pwned=3"></svg>\n{@html "x"}',
		options: ['Yes\u202eon', '<b>bold</b> & <i>more</i>', 'x'.repeat(200)],
		// A visitor who has not voted sees the options in the live results.
		resultsVisibility: 'before-voting'
	};
	const created = await request.post('/api/topics', {
		data: hostile,
		headers: { authorization: `Bearer ${token}` }
	});
	expect(created.status()).toBe(201);
	const { topic } = await created.json();
	await request.post(`/api/topics/${topic.id}/open`, {
		headers: { authorization: `Bearer ${token}` }
	});

	const dialogs: string[] = [];
	const violations: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	page.on('console', (message) => {
		if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
	});
	await page.goto(`/t/${topic.id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(hostile.title);
	await expect(page.getByText('<b>bold</b> & <i>more</i>')).toBeVisible();
	await expect(page.getByText('Yes on')).toBeVisible();
	expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
	expect(await page.locator('main img, main svg, main b, main i').count()).toBe(0);
	expect(dialogs).toEqual([]);
	expect(violations).toEqual([]);
	await page.screenshot({ path: 'test-results/screenshots/hostile-text.png', fullPage: true });
});
