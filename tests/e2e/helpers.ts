import { expect, type Page } from '@playwright/test';

let counter = 0;
export const uniqueName = (prefix: string) =>
	`${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export const PASSWORD = 'correct horse battery staple';

/** Registers through the form, as a person would. */
export async function register(page: Page, username: string) {
	await page.goto('/register');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByText(username)).toBeVisible();
}

/** Creates a topic through the form and returns its URL. */
export async function createTopic(page: Page, title: string, options: string[]) {
	await page.goto('/topics/new');
	await page.getByLabel('Question').fill(title);
	for (const [index, option] of options.entries()) {
		await page.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
	}
	await page.getByRole('button', { name: 'Create topic' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	return page.url();
}

/** The count shown next to an option's bar. */
export function countOf(page: Page, label: string) {
	return page.getByTestId('results').locator('li', { hasText: label }).getByTestId('count');
}
