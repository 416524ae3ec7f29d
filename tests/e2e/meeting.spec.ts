/**
 * A meeting of three poll types on one projector, 20 phones and the host's screen, in steps that
 * fail on their own: people join by code, the host adds a topic with its rules, each poll runs
 * with the phones following the presenter, and the named vote lists who voted what. The meeting
 * and its first two topics are set up through the API.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, newAccount, test } from './fixtures.ts';
import { PASSWORD, uniqueName } from './helpers.ts';

const PARTICIPANTS = 20;
const PHONE = { width: 390, height: 844 };
const TITLES = ['Approve the budget?', 'Elect the treasurer', 'Which days suit you?'];
const KINDS = ['Yes / no / abstain', 'Ranked choice', 'Multiple choice'];

// Twenty phones on a shared, loaded machine: each step gets room of its own.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

let hostContext: BrowserContext;
let host: Page;
let presenter: Page;
let meeting: { id: string; code: string };
const phones: Page[] = [];

/**
 * Participant `index` on a phone-sized screen types the code on the home page. Even ones come
 * with an account (registered through the API); odd ones join as guests with a display name.
 */
async function join(phone: Page, index: number) {
	const asGuest = index % 2 === 1;
	if (!asGuest) {
		const response = await phone.request.post('/api/auth/register', {
			data: { username: uniqueName('p'), password: PASSWORD }
		});
		expect(response.status()).toBe(201);
	}
	await phone.goto('/');
	await phone.getByLabel('Meeting code').fill(meeting.code.toLowerCase().replace('-', ' '));
	await phone.getByRole('button', { name: 'Join' }).click();
	if (asGuest) {
		await expect(phone.getByTestId('guest-join')).toContainText('One vote per guest session');
		await phone.getByLabel('Your display name').fill(`Guest ${index}`);
		await phone.getByRole('button', { name: 'Join as a guest' }).click();
		await expect(phone.getByTestId('guest-note')).toContainText(`Guest ${index}`);
	}
	await expect(phone.getByTestId('waiting')).toBeVisible();
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

test.beforeAll(async ({ browser }) => {
	// Twenty-two browser contexts on a shared machine.
	test.setTimeout(180_000);
	// Every context of the meeting lives through all its steps and is closed after the last.
	({ context: hostContext, page: host } = await newAccount(
		browser,
		{ viewport: { width: 1280, height: 720 } },
		'chair'
	));
	const post = async (path: string, data: unknown) => {
		const response = await hostContext.request.post(path, { data });
		expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300);
		return response.json();
	};
	meeting = (await post('/api/meetings', { title: 'Annual general meeting' })).meeting;
	await post(`/api/meetings/${meeting.id}/access`, { access: 'guests' });
	await post(`/api/meetings/${meeting.id}/topics`, {
		title: TITLES[0],
		kind: 'yes-no',
		majority: 'two-thirds'
	});
	await post(`/api/meetings/${meeting.id}/topics`, {
		title: TITLES[1],
		kind: 'ranked',
		options: ['Ana', 'Ben', 'Cy'],
		hideResults: true
	});
	presenter = await hostContext.newPage();
	for (let i = 0; i < PARTICIPANTS; i++) {
		phones.push(await (await browser.newContext({ viewport: PHONE })).newPage());
	}
});

test.afterAll(async () => {
	await Promise.all(
		[hostContext, ...phones.map((phone) => phone.context())].map((c) => c?.close())
	);
});

test('participants and guests join by code on their phones; the presenter and the host count them', async () => {
	await host.goto(`/meetings/${meeting.id}`);
	expect(meeting.code).toMatch(/^[A-Z0-9]{3}-[A-Z0-9]{3}$/);
	await expect(host.getByTestId('join-code')).toHaveText(meeting.code);
	await presenter.goto(`/present/${meeting.id}`);
	await expect(presenter.getByTestId('present-code')).toHaveText(meeting.code);
	for (const [index, phone] of phones.entries()) await join(phone, index);
	await expect(presenter.getByTestId('present-count')).toHaveText(`${PARTICIPANTS} present`);
	// The host's own screen lists who is here, guests under their display names.
	const here = host.getByTestId('present-list');
	await expect(here.getByRole('heading')).toHaveText(`Present now (${PARTICIPANTS})`);
	await expect(here).toContainText('Guest 19 (guest)');
});

test('the host adds a topic with its rules through the form', async () => {
	await host.getByRole('link', { name: 'Add a topic' }).click();
	await host.getByLabel('Question').fill(TITLES[2]);
	await host.getByLabel('Poll type').selectOption('multiple');
	for (const [index, option] of ['Mon', 'Tue', 'Wed'].entries()) {
		await host.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
	}
	await host.getByLabel('Pick at most').fill('2');
	await host.getByLabel(/^Quorum/).fill('15');
	await host.getByRole('radio', { name: /Named vote/ }).check();
	await host.getByRole('button', { name: 'Create topic' }).click();
	await expect(host.getByRole('link', { name: TITLES[2] })).toBeVisible();
	await expect(host.locator('.agenda li')).toHaveCount(3);
});

/**
 * One poll: the presenter (opened afresh, keys pressed at once) moves to the next topic and opens
 * it; every phone follows by itself and votes; the presenter's bars show the expected counts.
 * `between` runs after the votes are in and before the counts are read.
 */
async function runRound(
	round: number,
	between: (outcome: ReturnType<Page['getByTestId']>) => Promise<void>
) {
	await presenter.goto(`/present/${meeting.id}`);
	// The meeting remembers the shown topic: one step on from the last one.
	await presenter.keyboard.press('ArrowRight');
	await expect(presenter.getByRole('heading', { name: TITLES[round] })).toBeVisible();
	await expect(presenter.getByTestId('present-kind')).toHaveText(KINDS[round]);
	await presenter.keyboard.press('o');
	await expect(presenter.getByTestId('topic-status')).toHaveAttribute('data-status', 'open');

	for (const [index, phone] of phones.entries()) {
		// The phones follow the host by themselves: no tap, no reload.
		await expect(phone.getByRole('heading', { name: TITLES[round] })).toBeVisible();
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
	await between(presenter.getByTestId('outcome'));
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

test('a yes/no motion by two-thirds majority: the phones follow the presenter and vote', async () => {
	await runRound(0, async (outcome) => {
		await expect(outcome).toContainText(
			'The motion is passing: yes from two thirds of the yes and no votes.'
		);
	});
});

test('a ranked election with hidden results: revealed with R twice, runoff rounds shown', async () => {
	await runRound(1, async (outcome) => {
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
	});
});

test('a multiple-choice question with a quorum and a countdown the phones see', async () => {
	await runRound(2, async (outcome) => {
		await expect(outcome).toContainText('Quorum met: 20 of 15 needed.');
		await expect(outcome).toContainText('“Tue” leads with the most votes.');
		await presenter.keyboard.press('t');
		await expect(presenter.getByTestId('countdown')).toContainText(/Voting closes in [01]:\d\d/);
		await expect(phones[0].getByTestId('countdown')).toBeVisible();
	});
});

test('a named vote: the host sees who voted what, guests under their display names', async () => {
	await host.goto(`/meetings/${meeting.id}`);
	await host.getByRole('link', { name: TITLES[2] }).click();
	const named = host.getByTestId('named-votes');
	await expect(named.locator('tbody tr')).toHaveCount(PARTICIPANTS);
	await expect(named).toContainText('Guest 1');
});
