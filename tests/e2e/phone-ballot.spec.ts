import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { addOption, PASSWORD, uniqueName } from './helpers.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = 'test-results/phone-ballot';
const KINDS = ['single', 'multiple', 'yes-no', 'ranked', 'score'] as const;
const OPTIONS = ['Community garden', 'Bicycle racks', 'Library hours', 'Street lights', 'Benches'];

const TEXT = {
	en: { castVote: 'Cast vote', name: 'Your display name', join: 'Join as a guest' },
	de: { castVote: 'Stimme abgeben', name: 'Ihr Anzeigename', join: 'Als Gast teilnehmen' }
} as const;

/** A host with a meeting that takes guests and one open topic per poll type (5 options each). */
async function meetingWithEveryKind(request: APIRequestContext) {
	const registered = await request.post('/api/auth/register', {
		data: { username: uniqueName('host'), password: PASSWORD }
	});
	const { token } = await registered.json();
	const headers = { authorization: `Bearer ${token}` };
	const meeting = (
		await (
			await request.post('/api/meetings', { headers, data: { title: 'Neighbourhood council' } })
		).json()
	).meeting;
	await request.post(`/api/meetings/${meeting.id}/access`, { headers, data: { access: 'guests' } });
	const topics: Record<string, string> = {};
	for (const kind of KINDS) {
		const answer = await request.post(`/api/meetings/${meeting.id}/topics`, {
			headers,
			data: {
				title: 'Which project should the neighbourhood fund next year?',
				options: OPTIONS,
				kind,
				...(kind === 'multiple' ? { minChoices: 1, maxChoices: 2 } : {})
			}
		});
		const agenda = (await answer.json()).meeting.agenda;
		topics[kind] = agenda.at(-1).id;
		expect((await request.post(`/api/topics/${topics[kind]}/open`, { headers })).status()).toBe(
			200
		);
	}
	return { meeting, topics, headers };
}

async function joinAsGuest(
	browser: Browser,
	baseURL: string,
	code: string,
	locale: 'en' | 'de',
	colorScheme: 'light' | 'dark'
) {
	const context = await browser.newContext({
		viewport: PHONE,
		baseURL,
		colorScheme,
		locale: locale === 'de' ? 'de-DE' : 'en-US'
	});
	const phone = await context.newPage();
	await phone.goto(`/join?code=${encodeURIComponent(code)}`);
	await phone.getByLabel(TEXT[locale].name).fill(locale === 'de' ? 'Grete' : 'Gus');
	await phone.getByRole('button', { name: TEXT[locale].join }).click();
	await expect(phone.getByTestId('guest-note')).toBeVisible();
	return { context, phone };
}

/** The question, every option and the submit button lie inside the first screen, unscrolled. */
async function expectBallotAboveTheFold(phone: Page, locale: 'en' | 'de', kind: string) {
	const form = phone.locator(`form[data-kind="${kind}"]`);
	await expect(form).toBeVisible();
	expect(await phone.evaluate(() => window.scrollY)).toBe(0);
	const question = phone.getByRole('heading', { level: 1 });
	const options = form.locator('.choice, fieldset.score');
	await expect(options).toHaveCount(kind === 'yes-no' ? 3 : 5);
	const submit = form.getByRole('button', { name: TEXT[locale].castVote });
	for (const element of [question, ...(await options.all()), submit]) {
		const box = (await element.boundingBox())!;
		expect(box, `${kind} (${locale})`).not.toBeNull();
		expect(box.y, `${kind} (${locale}): top`).toBeGreaterThanOrEqual(0);
		expect(
			box.y + box.height,
			`${kind} (${locale}): ${await element.innerText()}`
		).toBeLessThanOrEqual(PHONE.height);
		expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
	}
}

for (const locale of ['en', 'de'] as const) {
	for (const colorScheme of ['light', 'dark'] as const) {
		test(`every poll type's ballot fits a phone above the fold (${locale}, ${colorScheme})`, async ({
			browser,
			baseURL,
			request
		}) => {
			const { meeting, topics, headers } = await meetingWithEveryKind(request);
			const { context, phone } = await joinAsGuest(
				browser,
				baseURL!,
				meeting.code,
				locale,
				colorScheme
			);
			for (const kind of KINDS) {
				// The meeting page follows the host to each topic.
				await request.post(`/api/meetings/${meeting.id}/current`, {
					headers,
					data: { topicId: topics[kind] }
				});
				await expect(phone.locator(`form[data-kind="${kind}"]`)).toBeVisible();
				await phone.screenshot({ path: `${SHOTS}/m-${kind}-${locale}-${colorScheme}.png` });
				await expectBallotAboveTheFold(phone, locale, kind);
			}
			for (const kind of KINDS) {
				await phone.goto(`/t/${topics[kind]}`);
				await expect(phone.locator(`form[data-kind="${kind}"]`)).toBeVisible();
				await phone.screenshot({ path: `${SHOTS}/t-${kind}-${locale}-${colorScheme}.png` });
				await expectBallotAboveTheFold(phone, locale, kind);
			}
			await context.close();
		});
	}
}

test('a guest leaving the meeting is warned first that they cannot come back as that guest', async ({
	browser,
	baseURL,
	request
}) => {
	const { meeting } = await meetingWithEveryKind(request);
	const { context, phone } = await joinAsGuest(browser, baseURL!, meeting.code, 'en', 'light');
	const nav = phone.getByRole('navigation');
	await expect(nav.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
	await nav.getByRole('button', { name: 'Leave meeting' }).click();
	const dialog = phone.getByTestId('leave-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('cannot come back as this guest');
	await expect(dialog).toContainText('“Gus”');
	await phone.screenshot({ path: `${SHOTS}/leave-dialog.png` });

	await dialog.getByRole('button', { name: 'Stay' }).click();
	await expect(dialog).toBeHidden();
	await phone.reload();
	await expect(phone.getByTestId('guest-note')).toContainText('Gus');

	await nav.getByRole('button', { name: 'Leave meeting' }).click();
	await dialog.getByRole('button', { name: 'Leave meeting' }).click();
	await expect(phone).toHaveURL(/\/$/);
	await expect(phone.getByRole('navigation').getByRole('link', { name: 'Sign in' })).toBeVisible();
	// The guest is gone: the meeting asks for a name again.
	await phone.goto(`/m/${meeting.id}`);
	await expect(phone).toHaveURL(/\/join\?code=/);
	await context.close();
});

test('voters see live results only once they voted (the default); before voting where the host chose it', async ({
	browser,
	baseURL,
	request
}) => {
	const register = async () => {
		const username = uniqueName('v');
		const answer = await request.post('/api/auth/register', {
			data: { username, password: PASSWORD }
		});
		return { username, token: (await answer.json()).token as string };
	};
	const host = await register();
	const headers = { authorization: `Bearer ${host.token}` };
	const create = async (resultsVisibility?: string) => {
		const topic = (
			await (
				await request.post('/api/topics', {
					headers,
					data: {
						title: `Lunch ${resultsVisibility ?? 'default'}`,
						options: ['Soup', 'Salad'],
						resultsVisibility
					}
				})
			).json()
		).topic;
		await request.post(`/api/topics/${topic.id}/open`, { headers });
		return topic;
	};
	const after = await create();
	const before = await create('before-voting');

	const phoneOf = async () => {
		const voter = await register();
		const context = await browser.newContext({ viewport: PHONE, baseURL });
		// Pages use the cookie: sign in through the form's API once.
		await context.request.post('/api/auth/login', {
			data: { username: voter.username, password: PASSWORD }
		});
		return { context, page: await context.newPage() };
	};

	const first = await phoneOf();
	await first.page.goto(`/t/${after.id}`);
	await expect(first.page.getByTestId('results-after-voting')).toBeVisible();
	await expect(first.page.getByTestId('results')).toHaveCount(0);
	await first.page.screenshot({ path: `${SHOTS}/results-before-voting-hidden.png` });
	await first.page.getByRole('radio', { name: 'Soup' }).check();
	await first.page.getByRole('button', { name: 'Cast vote' }).click();
	await expect(first.page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(first.page.getByTestId('results-after-voting')).toHaveCount(0);
	await expect(
		first.page.getByTestId('results').locator('li', { hasText: 'Soup' }).getByTestId('count')
	).toHaveText('1');
	await first.page.screenshot({ path: `${SHOTS}/results-after-voting-shown.png` });

	// The host sees the live results without voting.
	const hostPhone = await browser.newContext({ viewport: PHONE, baseURL });
	await hostPhone.request.post('/api/auth/login', {
		data: { username: host.username, password: PASSWORD }
	});
	const hostPage = await hostPhone.newPage();
	await hostPage.goto(`/t/${after.id}`);
	await expect(
		hostPage.getByTestId('results').locator('li', { hasText: 'Soup' }).getByTestId('count')
	).toHaveText('1');

	// "Before voting": a voter sees the live results at once.
	const second = await phoneOf();
	await second.page.goto(`/t/${before.id}`);
	await expect(second.page.getByTestId('results')).toBeVisible();
	await expect(second.page.getByTestId('results-after-voting')).toHaveCount(0);

	for (const context of [first.context, second.context, hostPhone]) await context.close();
});

test('the host edits a draft from the agenda, whose rows show type, status and turnout', async ({
	page,
	request
}) => {
	const username = uniqueName('chair');
	await request.post('/api/auth/register', { data: { username, password: PASSWORD } });
	await page.goto('/login');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Signed in before the next page is asked for; otherwise it answers with the sign-in form.
	await expect(page.getByText(username)).toBeVisible();
	await page.goto('/meetings/new');
	await page
		.getByLabel('Name of the meeting')
		.fill('Annual general meeting of the allotment society');
	await page.getByRole('button', { name: 'Create meeting' }).click();
	await expect(page.getByTestId('join-code')).toBeVisible();
	// The whole join link is shown, and who may vote sits right after the code.
	const link = page.locator('#share-link');
	await expect(link).toHaveText(/^http:\/\/localhost:\d+\/join\?code=[A-Z0-9]{3}-[A-Z0-9]{3}$/);
	const codeBox = (await page.getByTestId('join-code').boundingBox())!;
	const accessBox = (await page.getByTestId('access').boundingBox())!;
	const agendaBox = (await page.getByRole('heading', { name: 'Agenda' }).boundingBox())!;
	expect(accessBox.y).toBeGreaterThan(codeBox.y);
	expect(accessBox.y).toBeLessThan(agendaBox.y);

	await page.getByRole('link', { name: 'Add a topic' }).click();
	await page.getByLabel('Question').fill('Plant an orchard?');
	await page.getByLabel('Option 1', { exact: true }).fill('Apples');
	await page.getByLabel('Option 2', { exact: true }).fill('Pears');
	await page.getByRole('button', { name: 'Create topic' }).click();
	const row = page.locator('.agenda li', { hasText: 'Plant an orchard?' });
	await expect(row.getByTestId('agenda-facts')).toContainText('Single choice');
	await expect(row.getByTestId('agenda-facts')).toContainText('draft');
	await expect(row.getByTestId('agenda-turnout')).toHaveText('0 votes');

	await row.getByTestId('agenda-edit').click();
	await expect(page.getByRole('heading', { name: 'Edit draft' })).toBeVisible();
	await expect(page.getByLabel('Question')).toHaveValue('Plant an orchard?');
	await page.getByLabel('Question').fill('Which fruit trees shall we plant?');
	await page.getByLabel('Poll type').selectOption('multiple');
	await (await addOption(page, 3)).fill('Plums');
	await page.getByLabel(/Before they vote/).check();
	await page.screenshot({ path: `${SHOTS}/edit-draft.png`, fullPage: true });
	await page.getByRole('button', { name: 'Save changes' }).click();
	const edited = page.locator('.agenda li', { hasText: 'Which fruit trees shall we plant?' });
	await expect(edited.getByTestId('agenda-facts')).toContainText('Multiple choice');
	await page.screenshot({ path: `${SHOTS}/host-console.png`, fullPage: true });

	await edited.getByRole('link', { name: 'Which fruit trees shall we plant?' }).click();
	await expect(page.getByTestId('edit-draft')).toBeVisible();
	await page.getByRole('button', { name: 'Open voting' }).click();
	await expect(page.getByTestId('topic-status')).toHaveText('open');
	await expect(page.getByTestId('edit-draft')).toHaveCount(0);
	await expect(page.getByTestId('results')).toContainText('Plums');
});
