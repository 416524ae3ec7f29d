import type { Browser } from '@playwright/test';
import { expect, newAccount, openTopic, test } from './fixtures.ts';
import { countOf, uniqueName } from './helpers.ts';

const PHONE = { width: 390, height: 844 };

/** A phone-sized page signed in as a new account. */
const phone = (browser: Browser, locale = 'en-US') =>
	newAccount(browser, { viewport: PHONE, locale }, 'v');

test('a voter ranks the options, then changes the ranking before the topic closes', async ({
	browser
}) => {
	const { context, page } = await phone(browser);
	await openTopic(page, {
		title: 'Pick the venue',
		kind: 'ranked',
		options: ['Hall', 'Barn', 'Library'],
		allowChange: true
	});
	const option = (name: string) => page.locator('button[data-option-id]', { hasText: name });

	await option('Barn').click();
	await option('Hall').click();
	await expect(option('Barn')).toHaveAttribute('aria-pressed', 'true');
	await expect(option('Barn').locator('.position')).toHaveText('1');
	// Tapping a ranked option again takes it out; the others move up.
	await option('Barn').click();
	await expect(option('Hall').locator('.position')).toHaveText('1');
	await option('Barn').click();
	await page.getByRole('button', { name: 'Cast vote' }).click();
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(page.getByTestId('ballot')).toContainText('1. Hall, 2. Barn');
	await expect(countOf(page, 'Hall')).toHaveText('1');

	await page.getByRole('button', { name: 'Change my vote' }).click();
	await option('Library').click();
	await page.getByRole('button', { name: 'Change my vote' }).click();
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(page.getByTestId('ballot')).toContainText('1. Library');
	await expect(countOf(page, 'Library')).toHaveText('1');
	await expect(countOf(page, 'Hall')).toHaveText('0');
	await expect(page.getByTestId('turnout')).toHaveText('1 vote counted');
	await context.close();
});

test('score and multiple choice are keyboard operable and their limits hold', async ({
	browser
}) => {
	const { context, page } = await phone(browser);
	await openTopic(page, {
		title: 'Rate the snacks',
		kind: 'score',
		options: ['Crisps', 'Fruit'],
		scoreMax: 3
	});
	// Radio groups: Tab reaches the checked point, arrow keys move it.
	await page.getByRole('radio', { name: 'Points for “Crisps”: 0' }).focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('Tab');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Cast vote' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(page.getByTestId('ballot')).toContainText('Crisps: 2, Fruit: 3');
	await expect(countOf(page, 'Fruit')).toHaveText('3');

	await openTopic(page, {
		title: 'Which evenings?',
		kind: 'multiple',
		options: ['Mon', 'Tue', 'Wed'],
		minChoices: 2,
		maxChoices: 2
	});
	const cast = page.getByRole('button', { name: 'Cast vote' });
	await page.getByRole('checkbox', { name: 'Mon' }).check();
	await expect(cast).toBeDisabled();
	await page.getByRole('checkbox', { name: 'Wed' }).check();
	await expect(page.getByRole('checkbox', { name: 'Tue' })).toBeDisabled();
	await expect(page.getByTestId('picked')).toHaveText('2 picked (pick 2)');
	await cast.click();
	await expect(page.getByTestId('ballot')).toContainText('Mon, Wed');
	await context.close();
});

test('the voter page speaks German when the browser asks for it', async ({ browser }) => {
	const { context, page } = await phone(browser, 'de-DE');
	await openTopic(page, { title: 'Haushalt annehmen?', kind: 'yes-no' });
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	// The three answers of a yes / no / abstain topic are named in the page's language.
	await expect(page.getByRole('radio', { name: 'Enthaltung' })).toBeVisible();
	await page.getByRole('radio', { name: 'Ja' }).check();
	await page.getByRole('button', { name: 'Stimme abgeben' }).click();
	await expect(page.getByTestId('ballot')).toContainText('Gezählt');
	await expect(countOf(page, 'Ja')).toHaveText('1');
	await page.screenshot({ path: 'test-results/screenshots/voter-phone-de.png', fullPage: true });
	await context.close();
});

test('the German register form says in German why a password is refused', async ({ browser }) => {
	const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
	const page = await context.newPage();
	await page.goto('/register');
	await page.getByLabel('Benutzername', { exact: true }).fill(uniqueName('de'));
	await page.getByLabel('Passwort', { exact: true }).fill('kurz');
	await page.getByRole('button', { name: 'Konto erstellen' }).click();
	// The server refuses with a code; the page words it in German, not the English message.
	await expect(page.locator('#form-error')).toHaveText(
		'Verwenden Sie ein Passwort mit mindestens 10 Zeichen.'
	);
	await expect(page.getByLabel('Passwort', { exact: true })).toHaveAttribute(
		'aria-invalid',
		'true'
	);
	await context.close();
});
