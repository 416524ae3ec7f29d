import type { Page } from '@playwright/test';
import { expect, openTopic, test } from './fixtures.ts';
import { createTopic, register, uniqueName, seriousFindings } from './helpers.ts';

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

test('every poll type’s ballot and results, the guest join page and the German pages have no serious accessibility findings', async ({
	page
}) => {
	await register(page, uniqueName('ally'));
	const kinds = [
		{ kind: 'multiple', options: ['Mon', 'Tue', 'Wed'], maxChoices: 2 },
		{ kind: 'yes-no' },
		{ kind: 'ranked', options: ['Ana', 'Ben', 'Cy'], secret: false, allowChange: true },
		{ kind: 'score', options: ['Hall', 'Barn'], scoreMax: 4 }
	];
	for (const body of kinds) {
		await openTopic(page, { title: `A ${body.kind} topic`, ...body });
		expect(await seriousFindings(page), body.kind).toEqual([]);
		if (body.kind === 'ranked') {
			// A cast ranking, with the runoff table and the named-vote list.
			await page.locator('button[data-option-id]', { hasText: 'Ben' }).click();
			await page.getByRole('button', { name: 'Cast vote' }).click();
			await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
			await expect(page.getByTestId('named-votes')).toBeVisible();
			expect(await seriousFindings(page), 'ranked, voted').toEqual([]);
		}
	}

	const meeting = await (
		await page.request.post('/api/meetings', { data: { title: 'Open day' } })
	).json();
	await page.request.post(`/api/meetings/${meeting.meeting.id}/access`, {
		data: { access: 'guests' }
	});
	await page.goto(`/meetings/${meeting.meeting.id}`);
	expect(await seriousFindings(page), 'host page').toEqual([]);
	await page.context().clearCookies();
	await page.goto(`/join?code=${meeting.meeting.code}`);
	await expect(page.getByTestId('guest-join')).toBeVisible();
	expect(await seriousFindings(page), 'guest join').toEqual([]);

	await page.getByRole('button', { name: 'Deutsch' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'de');
	expect(await seriousFindings(page), 'German').toEqual([]);
	await page.goto('/');
	expect(await seriousFindings(page), 'German home').toEqual([]);
});
