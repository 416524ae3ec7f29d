import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, register, uniqueName } from './helpers.ts';

const PARTICIPANTS = 20;
const PHONE = { width: 390, height: 844 };

/** A participant on a phone-sized screen, signed in through the API to keep the test quick. */
async function participant(browser: Browser, baseURL: string) {
	const context = await browser.newContext({ viewport: PHONE, baseURL });
	const username = uniqueName('p');
	const response = await context.request.post('/api/auth/register', {
		data: { username, password: PASSWORD }
	});
	expect(response.status()).toBe(201);
	return context.newPage();
}

async function addTopic(
	host: Page,
	title: string,
	options: string[],
	rules: { majority?: string; quorum?: number; hide?: boolean } = {}
) {
	await host.getByRole('link', { name: 'Add a topic' }).click();
	await host.getByLabel('Question').fill(title);
	for (const [index, option] of options.entries()) {
		await host.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
	}
	if (rules.majority) await host.getByLabel('A winner needs').selectOption(rules.majority);
	if (rules.quorum) await host.getByLabel(/^Quorum/).fill(String(rules.quorum));
	if (rules.hide) await host.getByLabel(/Hide results until voting closes/).check();
	await host.getByRole('button', { name: 'Create topic' }).click();
	await expect(host.getByRole('link', { name: title })).toBeVisible();
}

test('a host runs a meeting: participants join by code, follow the host and vote; the presenter shows it live', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const hostContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	const host = await hostContext.newPage();
	await register(host, uniqueName('chair'));
	await host.goto('/meetings/new');
	await host.getByLabel('Name of the meeting').fill('Annual general meeting');
	await host.getByRole('button', { name: 'Create meeting' }).click();
	const code = (await host.getByTestId('join-code').textContent())!.trim();
	expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);

	await addTopic(host, 'Approve the budget?', ['Yes', 'No', 'Abstain']);
	await addTopic(host, 'Elect the treasurer', ['Ana', 'Ben'], {
		majority: 'absolute',
		quorum: 15,
		hide: true
	});
	await addTopic(host, 'Next meeting in spring?', ['Yes', 'No']);
	await expect(host.locator('.agenda li')).toHaveCount(3);

	const presenter = await hostContext.newPage();
	await presenter.goto(host.url().replace('/meetings/', '/present/'));
	await expect(presenter.getByTestId('present-code')).toHaveText(code);

	const phones: Page[] = [];
	for (let i = 0; i < PARTICIPANTS; i++) {
		const phone = await participant(browser, baseURL!);
		await phone.goto('/');
		await phone.getByLabel('Meeting code').fill(code.toLowerCase().replace('-', ' '));
		await phone.getByRole('button', { name: 'Join' }).click();
		await expect(phone.getByTestId('waiting')).toBeVisible();
		phones.push(phone);
	}
	await expect(presenter.getByTestId('present-count')).toHaveText(`${PARTICIPANTS} present`);

	const choices = [
		['Yes', 'No', 'Yes', 'Abstain', 'Yes'],
		['Ana', 'Ben', 'Ana', 'Ana'],
		['No', 'Yes']
	];
	const titles = ['Approve the budget?', 'Elect the treasurer', 'Next meeting in spring?'];
	for (const [round, title] of titles.entries()) {
		await presenter.keyboard.press('ArrowRight');
		await expect(presenter.getByRole('heading', { name: title })).toBeVisible();
		await presenter.keyboard.press('o');
		await expect(presenter.getByTestId('topic-status')).toHaveText('open');

		const expected: Record<string, number> = {};
		for (const [index, phone] of phones.entries()) {
			// The phones follow the host by themselves: no tap, no reload.
			await expect(phone.getByRole('heading', { name: title })).toBeVisible();
			const choice = choices[round][index % choices[round].length];
			expected[choice] = (expected[choice] ?? 0) + 1;
			await phone.getByRole('radio', { name: choice }).check();
			await phone.getByRole('button', { name: 'Cast vote' }).click();
		}
		for (const phone of phones) {
			await expect(phone.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
		}
		await expect(presenter.getByTestId('present-turnout')).toHaveText(
			`${PARTICIPANTS} of ${PARTICIPANTS} present have voted`
		);
		if (round === 1) {
			// Hidden against group-think until the host reveals them.
			await expect(presenter.getByTestId('results-hidden')).toBeVisible();
			await expect(phones[0].getByTestId('results-hidden')).toBeVisible();
			await presenter.keyboard.press('r');
			await expect(presenter.getByTestId('outcome')).toContainText('Quorum met: 20 of 15 needed.');
			await expect(presenter.getByTestId('outcome')).toContainText(
				'“Ana” leads with more than half of the votes.'
			);
		}
		if (round === 0) {
			await expect(presenter.getByTestId('outcome')).toContainText(
				'“Yes” leads with the most votes.'
			);
		}
		if (round === 2) {
			await presenter.keyboard.press('t');
			await expect(presenter.getByTestId('countdown')).toContainText(/Voting closes in [01]:\d\d/);
			await expect(phones[0].getByTestId('countdown')).toBeVisible();
		}
		for (const [label, count] of Object.entries(expected)) {
			await expect(
				presenter.getByTestId('results').locator('li', { hasText: label }).getByTestId('count')
			).toHaveText(String(count));
		}
		if (round === 0) {
			await presenter.screenshot({ path: 'test-results/screenshots/presenter.png' });
			await phones[0].screenshot({
				path: 'test-results/screenshots/voter-phone.png',
				fullPage: true
			});
		}
		await presenter.keyboard.press('c');
		await expect(presenter.getByTestId('topic-status')).toHaveText('closed');
	}
	for (const phone of phones) await phone.context().close();
	await hostContext.close();
});
