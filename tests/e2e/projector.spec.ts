import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { apiClient, type Account, type ApiClient } from '../helpers/api.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

/**
 * The presenter on every projector: for each screen size, light and dark, and topics of 2 to 16
 * options (yes / no / abstain and ranked too), opened and voted on, every result bar and the
 * runoff table end inside the screen and nothing runs off its side. Screenshots are kept in
 * test-results/screens/ to be looked at.
 */

const SIZES = [
	{ width: 1280, height: 720 },
	{ width: 1366, height: 768 },
	{ width: 1920, height: 1080 },
	{ width: 3840, height: 2160 }
];
const VOTERS = 12;

const LABELS = [
	'Renovate the community hall',
	'New playground',
	'Extend the library opening hours',
	'Bike lanes on Main Street',
	'Solar panels on the school roof',
	'Keep the reserve',
	'Street festival in June',
	'More benches in the park',
	'Free public Wi-Fi downtown',
	'Repair the harbour wall',
	'Tree planting',
	'Youth centre',
	'Night bus',
	'Public toilets',
	'Market square fountain',
	'Dog park'
];

interface TopicCase {
	name: string;
	body: Record<string, unknown>;
	/** The ballot of voter `index`, by the topic's option ids. */
	ballot: (ids: string[], index: number) => string[];
}

/** A ranked count of 3 rounds: D and E go out together, then B; 2 ballots end exhausted. */
const RANKINGS = [[0], [0, 1], [0, 2], [0], [1, 0], [1, 0], [1], [2, 1], [2, 1], [2], [3, 2], [4]];

/** Single choice: option 0 leads, a few others follow. */
const PICKS = [0, 2, 0, 1, 0, 2, 1, 3, 0, 4, 5, 1];

const CASES: TopicCase[] = [
	...[2, 6, 8, 10, 16].map((n) => ({
		name: `${n} options`,
		body: { title: `Which project comes first? (${n} options)`, options: LABELS.slice(0, n) },
		ballot: (ids: string[], index: number) => [ids[PICKS[index] % n]]
	})),
	{
		name: 'yes-no',
		body: {
			title: 'Approve the budget for 2027 as proposed by the board?',
			kind: 'yes-no',
			majority: 'two-thirds',
			quorum: 10
		},
		ballot: (ids, index) => [ids[index < 7 ? 0 : index < 10 ? 1 : 2]]
	},
	{
		name: 'ranked',
		body: {
			title: 'Elect the treasurer',
			kind: 'ranked',
			options: ['Ana Lindqvist', 'Ben Okafor', 'Cy Moreau', 'Dana Petrović', 'Eli Nakamura']
		},
		ballot: (ids, index) => RANKINGS[index].map((i) => ids[i])
	}
];

let api: ApiClient;
let host: Account;
let meetingId: string;
const topics = new Map<string, { id: string; ids: string[] }>();
let hostState: Awaited<ReturnType<import('@playwright/test').BrowserContext['storageState']>>;

test.beforeAll(async ({ browser, baseURL }) => {
	test.setTimeout(180_000);
	api = apiClient(baseURL!);
	host = await api.register();
	const meeting = await api.call('POST', '/api/meetings', {
		token: host.token,
		body: { title: 'Town assembly' }
	});
	meetingId = meeting.body.meeting.id;
	const voters: Account[] = [];
	for (let i = 0; i < VOTERS; i++) voters.push(await api.register());
	const wsUrl = `${baseURL!.replace('http', 'ws')}/collab`;
	for (const topicCase of CASES) {
		const added = await api.call('POST', `/api/meetings/${meetingId}/topics`, {
			token: host.token,
			body: topicCase.body
		});
		expect(added.status).toBe(200);
		const topic = added.body.meeting.agenda.at(-1);
		const ids = topic.options.map((option: { id: string }) => option.id);
		await api.open(host.token, topic.id);
		const connected: Voter[] = voters.map((voter) => connectVoter(wsUrl, topic.id, voter));
		connected.forEach((voter, index) => voter.choose(topicCase.ballot(ids, index)));
		await eventually(async () => {
			expect((await api.results(topic.id)).turnout).toBe(VOTERS);
		}, 30_000);
		for (const voter of connected) voter.destroy();
		topics.set(topicCase.name, { id: topic.id, ids });
	}
	// The host's session, for each projector's browser.
	const context = await browser.newContext();
	const login = await context.request.post('/api/auth/login', {
		data: { username: host.user.username, password: 'correct horse battery staple' }
	});
	expect(login.status()).toBe(200);
	hostState = await context.storageState();
	await context.close();
});

async function projector(browser: Browser, size: (typeof SIZES)[number], scheme: 'light' | 'dark') {
	const context = await browser.newContext({
		viewport: size,
		colorScheme: scheme,
		storageState: hostState
	});
	const page = await context.newPage();
	await page.goto(`/present/${meetingId}`);
	await expect(page.getByTestId('present-code')).toBeVisible();
	return page;
}

/** Every result line, the rounds table and the join panel end inside the screen. */
async function expectFits(page: Page, size: { width: number; height: number }, label: string) {
	const bars = page.getByTestId('results').locator('li');
	const last = await bars.last().boundingBox();
	expect(last, label).not.toBeNull();
	expect(last!.y + last!.height, `${label}: last bar's bottom`).toBeLessThanOrEqual(size.height);
	// Each line stays inside the list's own box (beside the runoff table, if any).
	const list = (await page.getByTestId('results').boundingBox())!;
	for (const box of await Promise.all((await bars.all()).map((bar) => bar.boundingBox()))) {
		expect(box!.x + box!.width, `${label}: a bar's right edge`).toBeLessThanOrEqual(
			list.x + list.width + 0.5
		);
		expect(box!.y, `${label}: a bar's top`).toBeGreaterThanOrEqual(0);
	}
	expect(list.x + list.width, `${label}: the bars' right edge`).toBeLessThanOrEqual(size.width);
	const rounds = page.getByTestId('runoff-rounds');
	if (await rounds.count()) {
		const box = (await rounds.boundingBox())!;
		expect(list.x + list.width, `${label}: bars run into the runoff table`).toBeLessThanOrEqual(
			box.x
		);
		expect(box.y + box.height, `${label}: runoff table's bottom`).toBeLessThanOrEqual(size.height);
		expect(box.x + box.width, `${label}: runoff table's right edge`).toBeLessThanOrEqual(
			size.width
		);
	}
	const count = (await page.getByTestId('present-count').boundingBox())!;
	expect(count.y + count.height, `${label}: join panel's bottom`).toBeLessThanOrEqual(size.height);
	// Nothing inside the projected view is wider or taller than its box (it clips, so measure).
	const overflow = await page.evaluate(() =>
		[...document.querySelectorAll('[data-testid="projector"], .stage, main')].map((element) => ({
			name: element.className,
			x: element.scrollWidth - element.clientWidth,
			y: element.scrollHeight - element.clientHeight
		}))
	);
	for (const box of overflow) {
		expect(box.x, `${label}: ${box.name} overflows sideways`).toBeLessThanOrEqual(0);
		expect(box.y, `${label}: ${box.name} overflows downwards`).toBeLessThanOrEqual(0);
	}
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		size.width
	);
}

for (const scheme of ['light', 'dark'] as const) {
	for (const size of SIZES) {
		test(`the presenter fits ${size.width}×${size.height} (${scheme}) for every topic`, async ({
			browser
		}) => {
			test.setTimeout(120_000);
			const page = await projector(browser, size, scheme);
			for (const topicCase of CASES) {
				const topic = topics.get(topicCase.name)!;
				const shown = await api.call('POST', `/api/meetings/${meetingId}/current`, {
					token: host.token,
					body: { topicId: topic.id }
				});
				expect(shown.status).toBe(200);
				// The projector follows the meeting by itself.
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(
					topicCase.body.title as string
				);
				await expect(page.getByTestId('present-turnout')).toContainText(`${VOTERS} of`);
				await expect(page.getByTestId('results').locator('li')).toHaveCount(topic.ids.length);
				// The small print names the audit chain's head the API publishes with the results.
				const published = await api.call('GET', `/api/topics/${topic.id}/results`);
				await expect(page.getByTestId('audit-head')).toHaveAttribute(
					'title',
					published.body.audit.head
				);
				if (topicCase.name === 'ranked') {
					await expect(page.getByTestId('runoff-rounds')).toContainText('Round 3');
					await expect(page.getByTestId('exhausted')).toContainText('2');
				}
				await page.screenshot({
					path: `test-results/screens/projector-${size.width}x${size.height}-${scheme}-${topicCase.name.replace(' ', '-')}.png`
				});
				await expectFits(page, size, `${topicCase.name} at ${size.width}×${size.height}`);
			}
			// Idle, the projected screen carries no host controls.
			await expect(page.getByTestId('presenter-controls')).toBeHidden();
			await page.context().close();
		});
	}
}
