import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, register, uniqueName } from './helpers.ts';

const PARTICIPANTS = 20;
const PHONE = { width: 390, height: 844 };

/**
 * A participant on a phone-sized screen who types the code on the home page. Even ones come with
 * an account (signed in through the API to keep the test quick); odd ones join as guests with a
 * display name.
 */
async function join(browser: Browser, baseURL: string, code: string, index: number) {
	const context = await browser.newContext({ viewport: PHONE, baseURL });
	const asGuest = index % 2 === 1;
	if (!asGuest) {
		const response = await context.request.post('/api/auth/register', {
			data: { username: uniqueName('p'), password: PASSWORD }
		});
		expect(response.status()).toBe(201);
	}
	const phone = await context.newPage();
	await phone.goto('/');
	await phone.getByLabel('Meeting code').fill(code.toLowerCase().replace('-', ' '));
	await phone.getByRole('button', { name: 'Join' }).click();
	if (asGuest) {
		await expect(phone.getByTestId('guest-join')).toContainText('One vote per guest session');
		await phone.getByLabel('Your display name').fill(`Guest ${index}`);
		await phone.getByRole('button', { name: 'Join as a guest' }).click();
		await expect(phone.getByTestId('guest-note')).toContainText(`Guest ${index}`);
	}
	await expect(phone.getByTestId('waiting')).toBeVisible();
	return phone;
}

async function addTopic(
	host: Page,
	title: string,
	kind: string,
	options: string[],
	rules: {
		majority?: string;
		quorum?: number;
		hide?: boolean;
		max?: number;
		named?: boolean;
	} = {}
) {
	await host.getByRole('link', { name: 'Add a topic' }).click();
	await host.getByLabel('Question').fill(title);
	await host.getByLabel('Poll type').selectOption(kind);
	for (const [index, option] of options.entries()) {
		await host.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
	}
	if (rules.max) await host.getByLabel('Pick at most').fill(String(rules.max));
	if (rules.majority) {
		const rule = kind === 'yes-no' ? 'The motion passes with' : 'A winner needs';
		await host.getByLabel(rule).selectOption(rules.majority);
	}
	if (rules.quorum) await host.getByLabel(/^Quorum/).fill(String(rules.quorum));
	if (rules.hide) await host.getByLabel(/Only when voting closes/).check();
	if (rules.named) await host.getByRole('radio', { name: /Named vote/ }).check();
	await host.getByRole('button', { name: 'Create topic' }).click();
	await expect(host.getByRole('link', { name: title })).toBeVisible();
}

/** How each participant votes, by topic: the ballot of participant `index`. */
const BALLOTS: ((phone: Page, index: number) => Promise<void>)[] = [
	async (phone, index) => {
		const answer = ['Yes', 'No', 'Yes', 'Abstain', 'Yes'][index % 5];
		await phone.getByRole('radio', { name: answer }).check();
	},
	async (phone, index) => {
		const ranking = [
			['Ana', 'Ben'],
			['Ben', 'Ana'],
			['Cy', 'Ben'],
			['Ana', 'Cy'],
			['Ben', 'Cy']
		][index % 5];
		for (const name of ranking) {
			await phone.locator('button[data-option-id]', { hasText: name }).click();
		}
	},
	async (phone, index) => {
		const days = [['Mon', 'Tue'], ['Tue'], ['Wed', 'Tue'], ['Mon']][index % 4];
		for (const day of days) await phone.getByRole('checkbox', { name: day }).check();
	}
];

/** What the presenter's bars show after the 20 ballots above. */
const EXPECTED = [
	{ Yes: 12, No: 4, Abstain: 4 },
	// First preferences Ana 8, Ben 8, Cy 4: Cy is eliminated and Ben wins the second round 12 to 8.
	{ Ana: 8, Ben: 12, Cy: 4 },
	{ Mon: 10, Tue: 15, Wed: 5 }
];

test('a host runs a meeting of three poll types: participants and guests join by code, follow the host and vote; the presenter shows it live', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const hostContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
	const host = await hostContext.newPage();
	await register(host, uniqueName('chair'));
	await host.goto('/meetings/new');
	await host.getByLabel('Name of the meeting').fill('Annual general meeting');
	await host.getByRole('button', { name: 'Create meeting' }).click();
	const code = (await host.getByTestId('join-code').textContent())!.trim();
	expect(code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
	await host.getByRole('radio', { name: /Guests with the code and a name/ }).check();
	await host.getByTestId('access').getByRole('button', { name: 'Save' }).click();
	await expect(host.getByTestId('access').getByRole('status')).toHaveText('Saved.');

	await addTopic(host, 'Approve the budget?', 'yes-no', [], { majority: 'two-thirds' });
	await addTopic(host, 'Elect the treasurer', 'ranked', ['Ana', 'Ben', 'Cy'], { hide: true });
	await addTopic(host, 'Which days suit you?', 'multiple', ['Mon', 'Tue', 'Wed'], {
		max: 2,
		quorum: 15,
		named: true
	});
	await expect(host.locator('.agenda li')).toHaveCount(3);
	const daysTopic = await host
		.getByRole('link', { name: 'Which days suit you?' })
		.getAttribute('href');

	const presenter = await hostContext.newPage();
	await presenter.goto(host.url().replace('/meetings/', '/present/'));
	await expect(presenter.getByTestId('present-code')).toHaveText(code);

	const phones: Page[] = [];
	for (let i = 0; i < PARTICIPANTS; i++) phones.push(await join(browser, baseURL!, code, i));
	await expect(presenter.getByTestId('present-count')).toHaveText(`${PARTICIPANTS} present`);
	// The host's own screen lists who is here, guests under their display names.
	const here = host.getByTestId('present-list');
	await expect(here.getByRole('heading')).toHaveText(`Present now (${PARTICIPANTS})`);
	await expect(here).toContainText('Guest 19 (guest)');

	const titles = ['Approve the budget?', 'Elect the treasurer', 'Which days suit you?'];
	const kinds = ['Yes / no / abstain', 'Ranked choice', 'Multiple choice'];
	for (const [round, title] of titles.entries()) {
		await presenter.keyboard.press('ArrowRight');
		await expect(presenter.getByRole('heading', { name: title })).toBeVisible();
		await expect(presenter.getByTestId('present-kind')).toHaveText(kinds[round]);
		await presenter.keyboard.press('o');
		await expect(presenter.getByTestId('topic-status')).toHaveAttribute('data-status', 'open');

		for (const [index, phone] of phones.entries()) {
			// The phones follow the host by themselves: no tap, no reload.
			await expect(phone.getByRole('heading', { name: title })).toBeVisible();
			await BALLOTS[round](phone, index);
			if (round === 1 && index === 0) {
				await phone.screenshot({
					path: 'test-results/screenshots/voter-phone-ranked.png',
					fullPage: true
				});
			}
			await phone.getByRole('button', { name: 'Cast vote' }).click();
		}
		for (const phone of phones) {
			await expect(phone.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
		}
		await expect(presenter.getByTestId('present-turnout')).toHaveText(
			`${PARTICIPANTS} of ${PARTICIPANTS} present have voted`
		);
		const outcome = presenter.getByTestId('outcome');
		if (round === 0) {
			await expect(outcome).toContainText(
				'The motion is passing: yes from two thirds of the yes and no votes.'
			);
		}
		if (round === 1) {
			// Hidden against group-think until the host reveals them.
			await expect(presenter.getByTestId('results-hidden')).toBeVisible();
			await expect(phones[0].getByTestId('results-hidden')).toBeVisible();
			// Revealing asks first: R again confirms.
			await presenter.keyboard.press('r');
			await presenter.keyboard.press('r');
			await expect(outcome).toContainText(
				'“Ben” leads — more than half of the continuing ballots in the last round.'
			);
			const rounds = presenter.getByTestId('runoff-rounds');
			await expect(rounds).toContainText('Round 2');
			await expect(rounds.locator('tr', { hasText: 'Cy' })).toContainText('eliminated');
		}
		if (round === 2) {
			await expect(outcome).toContainText('Quorum met: 20 of 15 needed.');
			await expect(outcome).toContainText('“Tue” leads with the most votes.');
			await presenter.keyboard.press('t');
			await expect(presenter.getByTestId('countdown')).toContainText(/Voting closes in [01]:\d\d/);
			await expect(phones[0].getByTestId('countdown')).toBeVisible();
		}
		for (const [label, count] of Object.entries(EXPECTED[round])) {
			await expect(
				presenter
					.getByTestId('results')
					.locator('li', { has: presenter.getByText(label, { exact: true }) })
					.getByTestId('count')
			).toHaveText(String(count));
		}
		await presenter.screenshot({ path: `test-results/screenshots/presenter-${round + 1}.png` });
		if (round === 0) {
			await phones[1].screenshot({
				path: 'test-results/screenshots/voter-phone.png',
				fullPage: true
			});
		}
		// Closing asks first: C again confirms.
		await presenter.keyboard.press('c');
		await presenter.keyboard.press('c');
		await expect(presenter.getByTestId('topic-status')).toHaveAttribute('data-status', 'closed');
	}

	// A named vote: the host sees who voted what, guests under their display names.
	await host.goto(daysTopic!);
	const named = host.getByTestId('named-votes');
	await expect(named.locator('tbody tr')).toHaveCount(PARTICIPANTS);
	await expect(named).toContainText('Guest 1');

	for (const phone of phones) await phone.context().close();
	await hostContext.close();
});
