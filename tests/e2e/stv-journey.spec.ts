import { expect, test, type Page } from '@playwright/test';
import { apiClient, type Account } from '../helpers/api.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';
import { addOption, PASSWORD, uniqueName } from './helpers.ts';

/**
 * An election of 3 from 5 by the single transferable vote (Scottish rules): the host creates it
 * with the form, 12 people vote, the host closes it; the topic page and the projector show every
 * stage with its transfer, the quota and the 3 elected. Screenshots in test-results/screens/.
 *
 * 12 ballots, quota floor(12 / 4) + 1 = 4: Ana is elected with 5 and her surplus of 1 moves to
 * Ben at 0.2; Eli (1) then Dana (2) are excluded, Dana's ballots elect Cy, and Ben is left for
 * the last seat.
 */
const CANDIDATES = ['Ana Lindqvist', 'Ben Okafor', 'Cy Moreau', 'Dana Petrović', 'Eli Nakamura'];
const RANKINGS = [
	...Array.from({ length: 5 }, () => [0, 1]),
	[1],
	[1],
	[2, 3],
	[2, 3],
	[3, 2],
	[3, 2],
	[4, 2]
];
const ELECTED = ['Ana Lindqvist', 'Cy Moreau', 'Ben Okafor'];

async function castAll(baseURL: string, topicId: string, ids: string[]) {
	const api = apiClient(baseURL);
	const wsUrl = `${baseURL.replace('http', 'ws')}/collab`;
	const voters: Voter[] = [];
	for (const ranking of RANKINGS) {
		const voter = connectVoter(wsUrl, topicId, (await api.register()) as Account);
		voter.choose(ranking.map((index) => ids[index]));
		voters.push(voter);
	}
	await eventually(async () => expect((await api.results(topicId)).turnout).toBe(12), 30_000);
	voters.forEach((voter) => voter.destroy());
}

async function expectElected(page: Page) {
	await expect(page.getByTestId('elected-line')).toContainText(`Elected: ${ELECTED.join(', ')}`);
	await expect(page.getByTestId('outcome')).toContainText(
		'3 seats, Single transferable vote (Scottish rules)'
	);
}

test('the host runs an STV election of 3 seats; page and projector show stages, quota and the elected', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const username = uniqueName('host');
	expect(
		(
			await page.request.post('/api/auth/register', { data: { username, password: PASSWORD } })
		).status()
	).toBe(201);

	await page.goto('/topics/new');
	await page.getByLabel('Question').fill('Elect the board');
	await addOption(page, CANDIDATES.length);
	for (const [index, name] of CANDIDATES.entries()) {
		await page.getByLabel(`Option ${index + 1}`, { exact: true }).fill(name);
	}
	await page.getByLabel('Poll type').selectOption('ranked');
	await page.getByLabel('Seats to fill').fill('3');
	await page.getByRole('button', { name: 'Create topic' }).click();
	await expect(page.getByRole('heading', { name: 'Elect the board' })).toBeVisible();
	const topicId = new URL(page.url()).pathname.split('/').at(-1)!;
	await page.getByRole('button', { name: 'Open voting' }).click();
	await expect(page.getByTestId('topic-status')).toHaveText('open');

	const topic = (await (await page.request.get(`/api/topics/${topicId}`)).json()).topic;
	expect(topic).toMatchObject({ kind: 'ranked', seats: 3 });
	const ids = CANDIDATES.map((name) => topic.options.find((o: any) => o.label === name).id);
	await castAll(baseURL!, topicId, ids);

	await page.getByRole('button', { name: 'Close voting' }).click();
	await expect(page.getByTestId('topic-status')).toHaveText('closed');
	await expectElected(page);
	const stages = page.getByTestId('runoff-rounds');
	await expect(stages.getByTestId('stv-quota')).toHaveText('Quota 4 for 3 seats');
	await expect(stages).toContainText('Stage 4');
	await expect(stages).toContainText('surplus of Ana Lindqvist at 0.2');
	await expect(stages).toContainText('ballots of Dana Petrović');
	await expect(page.getByTestId('results').getByTestId('elected')).toHaveCount(3);
	await page.screenshot({ path: 'test-results/screens/stv-host-page.png', fullPage: true });

	// The same election on the projector of a meeting, at the smallest and largest screens.
	const api = apiClient(baseURL!);
	const host: Account = await api.register();
	const meeting = await api.call('POST', '/api/meetings', {
		token: host.token,
		body: { title: 'Annual assembly' }
	});
	const meetingId = meeting.body.meeting.id;
	const added = await api.call('POST', `/api/meetings/${meetingId}/topics`, {
		token: host.token,
		body: { title: 'Elect the board', kind: 'ranked', seats: 3, options: CANDIDATES }
	});
	const agendaTopic = added.body.meeting.agenda.at(-1);
	await api.open(host.token, agendaTopic.id);
	const agendaIds = CANDIDATES.map(
		(name) => agendaTopic.options.find((o: any) => o.label === name).id
	);
	await castAll(baseURL!, agendaTopic.id, agendaIds);
	await api.close(host.token, agendaTopic.id);
	await api.call('POST', `/api/meetings/${meetingId}/current`, {
		token: host.token,
		body: { topicId: agendaTopic.id }
	});
	const login = await page.request.post('/api/auth/login', {
		data: { username: host.user.username, password: PASSWORD }
	});
	expect(login.status()).toBe(200);
	const state = await page.context().storageState();
	for (const size of [
		{ width: 1280, height: 720 },
		{ width: 3840, height: 2160 }
	]) {
		const context = await browser.newContext({ viewport: size, storageState: state });
		const projector = await context.newPage();
		await projector.goto(`/present/${meetingId}`);
		await expect(projector.getByRole('heading', { level: 1 })).toHaveText('Elect the board');
		await expect(projector.getByTestId('present-kind')).toHaveText(
			'Single transferable vote, 3 seats'
		);
		await expectElected(projector);
		const table = projector.getByTestId('runoff-rounds');
		await expect(table.getByTestId('stv-quota')).toHaveText('Quota 4 for 3 seats');
		await expect(table.getByTestId('transfers')).toContainText('Ana Lindqvist');
		await expect(projector.locator('[data-testid="results"] li.winner')).toHaveCount(3);
		await projector.screenshot({
			path: `test-results/screens/stv-projector-${size.width}x${size.height}.png`
		});
		// Legible: the bars and the stages table end inside the screen, side by side.
		const box = (await table.boundingBox())!;
		const bars = (await projector.getByTestId('results').boundingBox())!;
		expect(box.y + box.height).toBeLessThanOrEqual(size.height);
		expect(box.x + box.width).toBeLessThanOrEqual(size.width);
		expect(bars.x + bars.width).toBeLessThanOrEqual(box.x);
		// ... and clear of the join panel beside them.
		const join = (await projector.locator('aside.join').boundingBox())!;
		expect(box.x + box.width).toBeLessThanOrEqual(join.x);
		const last = (await projector.getByTestId('results').locator('li').last().boundingBox())!;
		expect(last.y + last.height).toBeLessThanOrEqual(size.height);
		expect(
			await projector.evaluate(() => document.documentElement.scrollWidth)
		).toBeLessThanOrEqual(size.width);
		await context.close();
	}
});
