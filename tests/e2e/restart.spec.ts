import { expect, test } from './fixtures.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { countOf, createTopic, register, signedIn, uniqueName, vote } from './helpers.ts';

let server: RunningServer;

test.beforeAll(async () => {
	server = await startServer({ SECURE_COOKIES: 'false' });
});

test.afterAll(async () => {
	await server?.dispose();
});

test('clients reconnect by themselves after a server crash, and a ballot cast meanwhile counts once', async ({
	browser
}) => {
	const baseURL = `http://localhost:${server.port}`;
	const hostContext = await browser.newContext({ baseURL });
	const host = await hostContext.newPage();
	await register(host, uniqueName('host'));
	const url = await createTopic(host, 'Adjourn?', ['Yes', 'No']);
	await host.getByRole('button', { name: 'Open voting' }).click();
	await expect(host.getByTestId('connection')).toHaveText('Live');

	const name = uniqueName('rita');
	await register(await (await browser.newContext({ baseURL })).newPage(), name);
	const { page } = await signedIn(browser, name, baseURL);
	await page.goto(url);
	await expect(page.getByTestId('connection')).toHaveText('Live');

	await server.kill();
	await expect(page.getByTestId('connection')).toHaveText('Reconnecting…');
	await vote(page, 'No');
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'pending');

	await server.restart();
	await expect(page.getByTestId('connection')).toHaveText('Live', { timeout: 30_000 });
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(countOf(host, 'No')).toHaveText('1', { timeout: 30_000 });
	const results = await (
		await fetch(`${baseURL}/api/topics/${url.split('/t/')[1]}/results`)
	).json();
	expect(results.turnout).toBe(1);
});

test('after a deliberate restart (SIGTERM) a voter’s page reconnects by itself, without a reload, and counts on', async ({
	browser
}) => {
	const baseURL = `http://localhost:${server.port}`;
	const hostContext = await browser.newContext({ baseURL });
	const host = await hostContext.newPage();
	await register(host, uniqueName('host'));
	const url = await createTopic(host, 'Recess?', ['Yes', 'No']);
	await host.getByRole('button', { name: 'Open voting' }).click();

	const name = uniqueName('sam');
	await register(await (await browser.newContext({ baseURL })).newPage(), name);
	const { page } = await signedIn(browser, name, baseURL);
	await page.goto(url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	// A mark on this very document: a reload would wipe it.
	await page.evaluate(() => ((window as unknown as { mark: string }).mark = 'no reload'));

	await server.stop();
	expect(server.exitCode()).toBe(0);
	await expect(page.getByTestId('connection')).toHaveText('Reconnecting…');

	await server.restart();
	await expect(page.getByTestId('connection')).toHaveText('Live', { timeout: 30_000 });
	await expect(host.getByTestId('connection')).toHaveText('Live', { timeout: 30_000 });
	await vote(page, 'Yes');
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(countOf(host, 'Yes')).toHaveText('1', { timeout: 30_000 });
	expect(await page.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe(
		'no reload'
	);
});
