import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createTopic, register, uniqueName } from './helpers.ts';

/** Serious and critical findings of axe-core's WCAG 2.1 A/AA rules on the page as it is now. */
async function seriousFindings(page: Page) {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(' ')}`);
}

test('home, vote, meeting and presenter pages have no serious accessibility findings', async ({
	page
}) => {
	await page.goto('/');
	expect(await seriousFindings(page)).toEqual([]);

	await register(page, uniqueName('ally'));
	expect(await seriousFindings(page)).toEqual([]);

	await createTopic(page, 'Accessible?', ['Yes', 'No']);
	await page.getByRole('button', { name: 'Open voting' }).click();
	await expect(page.getByTestId('connection')).toHaveText('Live');
	expect(await seriousFindings(page)).toEqual([]);

	await page.goto('/meetings/new');
	await page.getByLabel('Name of the meeting').fill('Access meeting');
	await page.getByRole('button', { name: 'Create meeting' }).click();
	await expect(page.getByTestId('join-code')).toBeVisible();
	expect(await seriousFindings(page)).toEqual([]);

	await page.goto(page.url().replace('/meetings/', '/present/'));
	await expect(page.getByTestId('present-code')).toBeVisible();
	expect(await seriousFindings(page)).toEqual([]);
	await page.emulateMedia({ colorScheme: 'dark' });
	expect(await seriousFindings(page)).toEqual([]);
});
