import { expect, test } from './fixtures.ts';
import {
	countOf,
	createTopic,
	readyOffline,
	register,
	signedIn,
	uniqueName,
	vote
} from './helpers.ts';

test.describe('voting offline', () => {
	test('a ballot cast offline survives a reload and is counted when back online', async ({
		browser
	}) => {
		const host = await (await browser.newContext()).newPage();
		await register(host, uniqueName('host'));
		const url = await createTopic(host, 'Approve the minutes?', ['Yes', 'No']);
		await host.getByRole('button', { name: 'Open voting' }).click();
		await expect(host.getByTestId('connection')).toHaveText('Live');

		const voterName = uniqueName('vera');
		const setup = await (await browser.newContext()).newPage();
		await register(setup, voterName);
		const { context, page } = await signedIn(browser, voterName);
		await page.goto(url);
		await expect(page.getByTestId('connection')).toHaveText('Live');
		await readyOffline(page);

		await context.setOffline(true);
		await expect(page.getByTestId('connection')).toContainText('Offline');
		await vote(page, 'Yes');
		const ballot = page.getByTestId('ballot');
		await expect(ballot).toHaveAttribute('data-state', 'pending');
		await expect(ballot).toContainText('will be sent when you are back online');
		await page.screenshot({ path: 'test-results/screenshots/offline-pending.png', fullPage: true });

		await page.reload();
		await expect(page.getByRole('heading', { name: 'Approve the minutes?' })).toBeVisible();
		await expect(page.getByTestId('connection')).toContainText('Offline');
		await expect(ballot).toHaveAttribute('data-state', 'pending');
		await page.screenshot({
			path: 'test-results/screenshots/offline-after-reload.png',
			fullPage: true
		});
		await expect(countOf(host, 'Yes')).toHaveText('0');

		await context.setOffline(false);
		await expect(ballot).toHaveAttribute('data-state', 'accepted');
		await expect(page.getByTestId('connection')).toHaveText('Live');
		await expect(countOf(host, 'Yes')).toHaveText('1');
		await expect(host.getByTestId('turnout')).toHaveText('1 vote counted');
	});

	test('a topic closed while the voter was offline refuses the ballot, unless a grace period is set', async ({
		browser
	}) => {
		const host = await (await browser.newContext()).newPage();
		await register(host, uniqueName('host'));
		const strict = await createTopic(host, 'Strict topic', ['A', 'B']);
		await host.getByRole('button', { name: 'Open voting' }).click();
		await expect(host.getByTestId('topic-status')).toHaveText('open');

		await host.goto('/topics/new');
		await host.getByLabel('Question').fill('Lenient topic');
		await host.getByLabel('Option 1', { exact: true }).fill('A');
		await host.getByLabel('Option 2', { exact: true }).fill('B');
		await host.getByLabel('Ballots that arrive after closing').selectOption('900');
		await host.getByRole('button', { name: 'Create topic' }).click();
		await expect(host.getByRole('heading', { name: 'Lenient topic' })).toBeVisible();
		const lenient = host.url();
		await host.getByRole('button', { name: 'Open voting' }).click();
		await expect(host.getByTestId('topic-status')).toHaveText('open');

		const { context, page } = await signedIn(
			browser,
			await (async () => {
				const name = uniqueName('olga');
				const p = await (await browser.newContext()).newPage();
				await register(p, name);
				return name;
			})()
		);
		const lenientPage = await context.newPage();
		await page.goto(strict);
		await lenientPage.goto(lenient);
		await expect(page.getByTestId('connection')).toHaveText('Live');
		await expect(lenientPage.getByTestId('connection')).toHaveText('Live');

		await context.setOffline(true);
		await vote(page, 'A');
		await vote(lenientPage, 'B');
		await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'pending');
		await expect(lenientPage.getByTestId('ballot')).toHaveAttribute('data-state', 'pending');

		for (const topic of [strict, lenient]) {
			await host.goto(topic);
			await host.getByRole('button', { name: 'Close voting' }).click();
			await expect(host.getByTestId('topic-status')).toHaveText('closed');
		}

		await context.setOffline(false);
		const refused = page.getByTestId('ballot');
		await expect(refused).toHaveAttribute('data-state', 'refused');
		await expect(refused).toContainText(
			/The topic closed at \d{1,2}:\d{2}.* while you were offline/
		);
		await page.screenshot({ path: 'test-results/screenshots/refused-late.png', fullPage: true });

		await expect(lenientPage.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
		await expect(countOf(lenientPage, 'B')).toHaveText('1');
		await expect(countOf(host, 'B')).toHaveText('1');
	});

	test('one voter on two offline devices: the first ballot to arrive counts and both agree', async ({
		browser
	}) => {
		const host = await (await browser.newContext()).newPage();
		await register(host, uniqueName('host'));
		const url = await createTopic(host, 'Which date?', ['Monday', 'Friday']);
		await host.getByRole('button', { name: 'Open voting' }).click();
		await expect(host.getByTestId('topic-status')).toHaveText('open');

		const name = uniqueName('dana');
		const first = await (await browser.newContext()).newPage();
		await register(first, name);
		const phone = await signedIn(browser, name);
		const laptop = await signedIn(browser, name);
		for (const device of [phone, laptop]) {
			await device.page.goto(url);
			await expect(device.page.getByTestId('connection')).toHaveText('Live');
			await device.context.setOffline(true);
			await expect(device.page.getByTestId('connection')).toContainText('Offline');
		}
		await vote(phone.page, 'Monday');
		await vote(laptop.page, 'Friday');

		await phone.context.setOffline(false);
		await expect(phone.page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
		await laptop.context.setOffline(false);
		const laptopBallot = laptop.page.getByTestId('ballot');
		await expect(laptopBallot).toHaveAttribute('data-state', 'refused');
		await expect(laptopBallot).toContainText('your choice “Friday” was refused');
		// In a secret poll the server can tell the laptop that a vote of this voter counts, not what
		// it was (only the phone holds its receipt); in a named one, which it was.
		await expect(laptopBallot).toContainText('Counted: your vote');
		const shown = (await laptopBallot.textContent()) ?? '';
		if (shown.includes('secret poll')) {
			await expect(laptopBallot).toContainText('Counted: your vote in this secret poll');
			await expect(laptopBallot).toContainText('cast on another device');
			await expect(laptopBallot).not.toContainText('Monday');
			await expect(laptopBallot).toContainText('only your first vote counts');
		} else {
			await expect(laptopBallot).toContainText('Counted: your vote for “Monday” was accepted.');
			await expect(laptopBallot).toContainText('reached the server first');
		}
		await expect(phone.page.getByTestId('ballot')).toContainText(
			'Counted: your vote for “Monday” was accepted.'
		);
		await laptop.page.screenshot({
			path: 'test-results/screenshots/two-devices-refused.png',
			fullPage: true
		});
		await expect(countOf(host, 'Monday')).toHaveText('1');
		await expect(countOf(host, 'Friday')).toHaveText('0');
	});
});

test('a choice being made is not reset by other votes, tally updates or a reconnect', async ({
	browser
}) => {
	const host = await (await browser.newContext()).newPage();
	await register(host, uniqueName('host'));
	// Voters see the live tally before voting here, so tally updates reach the page being used.
	const url = await createTopic(host, 'Pick a venue', ['Hall', 'Garden', 'Library'], {
		liveBeforeVoting: true
	});
	await host.getByRole('button', { name: 'Open voting' }).click();
	await expect(host.getByTestId('connection')).toHaveText('Live');

	const name = uniqueName('ines');
	await register(await (await browser.newContext()).newPage(), name);
	const { context, page } = await signedIn(browser, name);
	await page.goto(url);
	await expect(page.getByTestId('connection')).toHaveText('Live');
	await page.getByRole('radio', { name: 'Library' }).check();

	await vote(host, 'Garden');
	await expect(countOf(page, 'Garden')).toHaveText('1');
	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await context.setOffline(false);
	await expect(page.getByTestId('connection')).toHaveText('Live');

	await expect(page.getByRole('radio', { name: 'Library' })).toBeChecked();
	await page.getByRole('button', { name: 'Cast vote' }).click();
	await expect(page.getByTestId('ballot')).toContainText('your vote for “Library” was accepted');
});

test('a visited topic opens offline after the browser restarts', async ({ profile }) => {
	let context = await profile.launch();
	let page = context.pages()[0] ?? (await context.newPage());
	await register(page, uniqueName('host'));
	const url = await createTopic(page, 'Lunch order', ['Soup', 'Salad']);
	await page.getByRole('button', { name: 'Open voting' }).click();
	await expect(page.getByTestId('connection')).toHaveText('Live');
	// The open topic has reached the device (its document says so) before the network goes: a
	// device offline before that keeps the last state it received, the draft.
	await expect(page.getByRole('radio', { name: 'Soup' })).toBeVisible();
	await readyOffline(page);
	await expect(page.getByRole('radio', { name: 'Soup' })).toBeVisible();
	// The device keeps the topic's state in IndexedDB as it arrives; a browser closed in the same
	// moment may lose the last write. Once a reload without network shows the open topic, it is
	// stored.
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('radio', { name: 'Soup' })).toBeVisible();
	await context.close();

	context = await profile.launch();
	await context.setOffline(true);
	page = context.pages()[0] ?? (await context.newPage());
	await page.goto(url);
	await expect(page.getByRole('heading', { name: 'Lunch order' })).toBeVisible();
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await vote(page, 'Soup');
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'pending');
	await context.setOffline(false);
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
});
