import { expect, test } from './fixtures.ts';
import {
	countOf,
	createTopic,
	register,
	seriousFindings,
	signedIn,
	uniqueName
} from './helpers.ts';

const SIZES = { phone: { width: 390, height: 844 }, wide: { width: 1920, height: 1080 } };

test('two people vote and each sees the other’s vote arrive without reloading', async ({
	browser
}) => {
	const aliceContext = await browser.newContext();
	const bobContext = await browser.newContext();
	const alice = await aliceContext.newPage();
	const bob = await bobContext.newPage();

	await register(alice, uniqueName('alice'));
	const url = await createTopic(alice, 'Where should the team offsite be?', [
		'Lisbon',
		'Kraków',
		'Tallinn'
	]);
	await expect(alice.getByTestId('topic-status')).toHaveText('draft');
	await alice.getByRole('button', { name: 'Open voting' }).click();
	await expect(alice.getByTestId('topic-status')).toHaveText('open');
	await expect(alice.getByTestId('connection')).toHaveText('Live');

	await register(bob, uniqueName('bob'));
	await bob.goto(url);
	await expect(bob.getByTestId('connection')).toHaveText('Live');

	await alice.getByRole('radio', { name: 'Lisbon' }).check();
	await alice.getByRole('button', { name: 'Cast vote' }).click();
	await expect(alice.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(alice.getByTestId('ballot')).toContainText('Counted');
	// The topic manager sees every vote arrive; a voter sees the results once they voted.
	await expect(countOf(alice, 'Lisbon')).toHaveText('1');
	await expect(bob.getByTestId('results-after-voting')).toBeVisible();

	await bob.getByRole('radio', { name: 'Tallinn' }).check();
	await bob.getByRole('button', { name: 'Cast vote' }).click();
	await expect(bob.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(countOf(bob, 'Lisbon')).toHaveText('1');
	await expect(countOf(alice, 'Tallinn')).toHaveText('1');
	await expect(alice.getByTestId('turnout')).toHaveText('2 votes counted');
	await expect(bob.getByTestId('turnout')).toHaveText('2 votes counted');

	await alice.screenshot({
		path: 'test-results/screenshots/live-voting-owner.png',
		fullPage: true
	});
	await bob.screenshot({ path: 'test-results/screenshots/live-voting-voter.png', fullPage: true });

	await alice.getByRole('button', { name: 'Close voting' }).click();
	await expect(bob.getByTestId('topic-status')).toHaveText('closed');

	await aliceContext.close();
	await bobContext.close();
});

test('a voter changes their vote: each vote shows counted, the last one counts once, also after a reload', async ({
	browser
}) => {
	const hostContext = await browser.newContext();
	const host = await hostContext.newPage();
	await register(host, uniqueName('host'));
	await host.goto('/topics/new');
	await host.getByLabel('Question').fill('Where should the team offsite be?');
	for (const [index, option] of ['Lisbon', 'Kraków', 'Tallinn'].entries()) {
		await host.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
	}
	await host.getByLabel('Voters may change their vote').check();
	await host.getByRole('button', { name: 'Create topic' }).click();
	await host.getByRole('button', { name: 'Open voting' }).click();
	await expect(host.getByTestId('topic-status')).toHaveText('open');
	const url = host.url();

	const voterContext = await browser.newContext();
	const voter = await voterContext.newPage();
	await register(voter, uniqueName('voter'));
	await voter.setViewportSize(SIZES.phone);
	await voter.goto(url);
	await expect(voter.getByTestId('connection')).toHaveText('Live');
	const ballot = voter.getByTestId('ballot');

	await voter.getByRole('radio', { name: 'Lisbon' }).check();
	await voter.getByRole('button', { name: 'Cast vote' }).click();
	await expect(ballot).toHaveAttribute('data-state', 'accepted');
	await expect(ballot).toContainText('Lisbon');
	await expect(countOf(host, 'Lisbon')).toHaveText('1');
	await expect(ballot).toHaveAttribute('data-state', 'accepted');
	await expect(ballot).toContainText('Counted');
	await expect(voter.getByTestId('connection')).toHaveText('Live');
	await voter.screenshot({
		path: 'test-results/screenshots/ballot-counted.png',
		fullPage: true
	});

	await voter.getByRole('button', { name: 'Change my vote' }).click();
	await voter.getByRole('radio', { name: 'Kraków' }).check();
	await voter.getByRole('button', { name: 'Change my vote' }).click();
	await expect(ballot).toHaveAttribute('data-state', 'accepted');
	await expect(ballot).toContainText('Kraków');
	await expect(countOf(host, 'Kraków')).toHaveText('1');
	await expect(countOf(host, 'Lisbon')).toHaveText('0');
	await expect(host.getByTestId('turnout')).toHaveText('1 vote counted');

	// A reload shows the changed vote, from the device's copy and the server's answer alike.
	await voter.reload();
	await expect(ballot).toHaveAttribute('data-state', 'accepted');
	await expect(ballot).toContainText('Kraków');
	await expect(host.getByTestId('turnout')).toHaveText('1 vote counted');
	await voter.screenshot({
		path: 'test-results/screenshots/ballot-changed-after-reload.png',
		fullPage: true
	});

	await hostContext.close();
	await voterContext.close();
});

test('form errors are shown in the page', async ({ page }) => {
	const name = uniqueName('carol');
	await page.goto('/register');
	await page.getByLabel('Username').fill(name);
	await page.getByLabel('Password').fill('short');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).toContainText('at least 10 characters');

	await register(page, name);
	const cookie = async () =>
		(await page.context().cookies()).find((c) => c.name === 'plenum_session')?.value;
	const token = await cookie();
	expect(token).toBeTruthy();
	await page.getByRole('button', { name: 'Sign out' }).click();
	// Signed out on the page, in the browser and on the server: the old cookie opens nothing.
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect(page.getByRole('navigation')).not.toContainText(name);
	expect(await cookie()).toBeUndefined();
	const me = await page.request.get('/api/me', { headers: { authorization: `Bearer ${token}` } });
	expect(me.status()).toBe(401);
	await page.goto('/login');
	await page.getByLabel('Username').fill(name);
	await page.getByLabel('Password').fill('not my password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');

	await page.goto('/register');
	await page.getByLabel('Username').fill(name);
	await page.getByLabel('Password').fill('another long passphrase');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).toHaveText('That username is taken.');
});

test('a secret vote cast on the phone shows as counted on the laptop, without its choice', async ({
	browser
}) => {
	const hostContext = await browser.newContext();
	const host = await hostContext.newPage();
	await register(host, uniqueName('host'));
	const url = await createTopic(host, 'Elect the treasurer', ['Dana', 'Eli']);
	await host.getByRole('button', { name: 'Open voting' }).click();
	await expect(host.getByTestId('topic-status')).toHaveText('open');

	const voter = uniqueName('voter');
	const phoneContext = await browser.newContext();
	const phone = await phoneContext.newPage();
	await register(phone, voter);
	await phone.goto(url);
	await phone.getByRole('radio', { name: 'Eli' }).check();
	await phone.getByRole('button', { name: 'Cast vote' }).click();
	await expect(phone.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await phoneContext.close();

	const { page: laptop } = await signedIn(browser, voter);
	await laptop.goto(url);
	const ballot = laptop.getByTestId('ballot');
	await expect(ballot).toHaveAttribute('data-state', 'sealed');
	await expect(ballot).toContainText('Counted');
	await expect(ballot).toContainText('cast on another device');
	await expect(ballot).not.toContainText('Eli');
	await expect(laptop.getByRole('button', { name: 'Cast vote' })).toHaveCount(0);
	await laptop.screenshot({
		path: 'test-results/screenshots/secret-vote-other-device.png',
		fullPage: true
	});
	await laptop.getByRole('button', { name: 'Deutsch' }).click();
	await expect(ballot).toContainText('Gezählt');
	await expect(ballot).toContainText('auf einem anderen Gerät abgegeben');
	await laptop.screenshot({
		path: 'test-results/screenshots/secret-vote-other-device-de.png',
		fullPage: true
	});
	// On a phone and on a wide screen, in both languages: the notice wraps inside its card, nothing
	// overflows the page, axe finds nothing serious (contrast included), and the header keeps the
	// language switch on the brand's line.
	const brand = laptop.getByRole('link', { name: 'Plenum' });
	for (const [language, counted, other] of [
		['de', 'Gezählt', 'English'],
		['en', 'Counted', 'Deutsch']
	] as const) {
		for (const [size, viewport] of Object.entries(SIZES)) {
			await laptop.setViewportSize(viewport);
			await expect(ballot).toContainText(counted);
			const box = (await ballot.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
			const scrollWidth = await laptop.evaluate(() => document.documentElement.scrollWidth);
			expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
			const switchBox = (await laptop.getByRole('button', { name: other }).boundingBox())!;
			const brandBox = (await brand.boundingBox())!;
			expect(switchBox.y, `${size} ${language}`).toBeLessThan(brandBox.y + brandBox.height);
			expect(await seriousFindings(laptop)).toEqual([]);
			await laptop.screenshot({
				path: `test-results/screenshots/secret-vote-other-device-${size}-${language}.png`,
				fullPage: true
			});
		}
		if (language === 'de') await laptop.getByRole('button', { name: 'English' }).click();
	}
	await laptop.context().close();
	await hostContext.close();
});
