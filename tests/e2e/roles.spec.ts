import { expect, newAccount, test } from './fixtures.ts';
import { register, uniqueName } from './helpers.ts';

test('the host adds a co-host who runs the presenter, and an observer who cannot vote', async ({
	browser
}) => {
	const hostContext = await browser.newContext();
	const host = await hostContext.newPage();
	await register(host, uniqueName('host'));
	await host.goto('/meetings/new');
	await host.getByLabel('Name of the meeting').fill('Committee');
	await host.getByRole('button', { name: 'Create meeting' }).click();
	await expect(host.getByTestId('join-code')).toBeVisible();
	const meetingUrl = host.url();
	await host.getByRole('link', { name: 'Add a topic' }).click();
	await host.getByLabel('Question').fill('Adopt the minutes?');
	await host.getByLabel('Poll type').selectOption('yes-no');
	await host.getByRole('button', { name: 'Create topic' }).click();

	const cohost = await newAccount(browser, {}, 'm');
	const observer = await newAccount(browser, {}, 'm');
	const people = host.getByTestId('people');
	for (const [person, role] of [
		[cohost, 'Co-host'],
		[observer, 'Observer']
	] as const) {
		await people.getByLabel('Username').fill(person.username);
		await people.getByLabel('Role').selectOption({ label: role });
		await people.getByRole('button', { name: 'Add' }).click();
		await expect(people.locator('li', { hasText: person.username })).toContainText(role);
	}

	// The co-host finds the meeting on their home page and runs the presenter.
	await cohost.page.goto('/');
	await cohost.page.getByRole('link', { name: 'Committee' }).click();
	await expect(cohost.page).toHaveURL(meetingUrl);
	await cohost.page.goto(meetingUrl.replace('/meetings/', '/present/'));
	// Keys pressed as soon as the page shows count, hydrated or not (remote.spec.ts holds the
	// scripts back to prove it).
	await cohost.page.keyboard.press('ArrowRight');
	await expect(cohost.page.getByRole('heading', { name: 'Adopt the minutes?' })).toBeVisible();
	await cohost.page.keyboard.press('o');
	await expect(cohost.page.getByTestId('topic-status')).toHaveAttribute('data-status', 'open');

	// The observer follows along and is told, instead of being offered a ballot.
	await observer.page.goto(meetingUrl.replace('/meetings/', '/m/'));
	await expect(observer.page.getByTestId('observer-note')).toBeVisible();
	await expect(observer.page.getByRole('heading', { name: 'Adopt the minutes?' })).toBeVisible();
	await expect(observer.page.getByTestId('ineligible')).toHaveText(
		'Observers follow the results but do not vote.'
	);
	await expect(observer.page.getByRole('button', { name: 'Cast vote' })).toHaveCount(0);
	// Nor can they manage: the host page sends them to the participant page.
	await observer.page.goto(meetingUrl);
	await expect(observer.page).toHaveURL(meetingUrl.replace('/meetings/', '/m/'));

	await hostContext.close();
	await cohost.page.context().close();
	await observer.page.context().close();
});
