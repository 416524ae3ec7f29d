/**
 * Proxy votes at a general assembly: the host allows one proxy per person; Ann, on her phone, asks
 * to hand her vote to Ben; the host approves on the roll page; Ann's open page says at once that
 * her proxy votes for her; Ben votes for himself and, on a separate ballot, differently for Ann; the presenter counts
 * both, one of them by proxy.
 */
import { expect, test } from './fixtures.ts';
import { PASSWORD, seriousFindings } from './helpers.ts';
import { inviteAll, rollMeeting } from '../helpers/roll.ts';

const PHONE = { width: 390, height: 844 };

test('a member hands her vote to another with the host’s approval; the proxy casts a ballot for each', async ({
	browser,
	api,
	baseURL
}) => {
	const { host, meeting, topic } = await rollMeeting(api, baseURL!, 'name\nAnn\nBen\nCy\n');
	const invitations = await inviteAll(api, host, meeting.id);
	const link = (name: string) => {
		const url = new URL(invitations.find((i) => i.entry.name === name)!.link);
		return url.pathname + url.search;
	};
	await api.open(host.token, topic.id);
	await api.call('POST', `/api/meetings/${meeting.id}/current`, {
		token: host.token,
		body: { topicId: topic.id }
	});

	// The host allows one proxy per person on the roll page.
	const hostContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const signedIn = await hostContext.request.post('/api/auth/login', {
		data: { username: host.user.username, password: PASSWORD }
	});
	expect(signedIn.status()).toBe(200);
	const roll = await hostContext.newPage();
	await roll.goto(`/meetings/${meeting.id}/roll`);
	await expect(roll.getByTestId('proxies')).toContainText('This meeting takes no proxies.');
	await roll.getByTestId('proxy-limit').fill('1');
	await roll.getByTestId('proxies').getByRole('button', { name: 'Save' }).click();
	await expect(roll.getByTestId('proxies')).toContainText('No delegations yet.');

	// Ann, on her phone, asks to hand her vote to Ben.
	const ann = await (await browser.newContext({ viewport: PHONE })).newPage();
	await ann.goto(link('Ann'));
	await ann.getByRole('button', { name: 'Redeem and take part' }).click();
	await expect(ann.getByTestId('member-note')).toHaveText('Voting as the member Ann');
	await expect(ann.getByTestId('proxy-ask-to')).toBeVisible();

	// The panel fetches again in the background when delegations change (the host hands Cy's vote
	// to Ben and ends it again); meanwhile Ann's button stays live: a tap is never lost to it.
	let refetching = 0;
	await ann.route('**/api/meetings/*/proxies', async (route) => {
		if (route.request().method() !== 'GET') return route.continue();
		refetching++;
		await new Promise((resolve) => setTimeout(resolve, 4000));
		await route.continue().catch(() => {});
	});
	const entryOf = (name: string) => invitations.find((i) => i.entry.name === name)!.entry.id;
	const granted = await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
		token: host.token,
		body: { from: entryOf('Cy'), to: entryOf('Ben') }
	});
	expect(granted.status).toBe(200);
	await expect.poll(() => refetching).toBeGreaterThan(0);
	await expect(ann.getByRole('button', { name: 'Ask the hosts' })).toBeEnabled({ timeout: 1000 });
	const cyToBen = (granted.body as { delegation: { id: string } }).delegation.id;
	const ended = await api.call(
		'DELETE',
		`/api/meetings/${meeting.id}/proxies/delegations/${cyToBen}`,
		{ token: host.token }
	);
	expect(ended.status).toBe(200);
	await ann.unrouteAll({ behavior: 'wait' });

	await ann.getByTestId('proxy-ask-to').selectOption({ label: 'Ben' });
	await ann.getByRole('button', { name: 'Ask the hosts' }).click();
	await expect(ann.getByTestId('proxy-own')).toHaveText(
		'You asked to hand your vote to Ben; the hosts decide.'
	);

	// The host sees the request and approves it.
	const request = roll
		.getByTestId('proxy-list')
		.getByRole('listitem')
		.filter({ hasText: 'Ann → Ben' });
	await expect(request).toContainText('waiting for the hosts');
	await request.getByRole('button', { name: 'Approve' }).click();
	await expect(request).toContainText('stands');
	expect(await seriousFindings(roll)).toEqual([]);

	// Ann learns at once, without reloading, that her proxy votes for her: no ballot of her own.
	await expect(ann.getByTestId('proxy-own')).toHaveText(
		'You handed your vote to Ben, who votes for you.'
	);
	await expect(ann.getByTestId('ineligible')).toContainText('You handed your vote to a proxy');
	await expect(ann.getByRole('button', { name: 'Cast vote' })).toHaveCount(0);

	// Ben votes No for himself and Yes for Ann, on two ballots.
	const ben = await (await browser.newContext({ viewport: PHONE })).newPage();
	await ben.goto(link('Ben'));
	await ben.getByRole('button', { name: 'Redeem and take part' }).click();
	await expect(ben.getByTestId('proxy-carries')).toHaveText(
		'You vote for yourself and, as proxy, for: Ann.'
	);
	const forAnn = ben.getByTestId('proxy-ballot');
	await expect(forAnn.getByRole('heading')).toHaveText('Ballot for Ann (by proxy)');
	await ben.getByRole('radio', { name: 'No' }).first().check();
	await ben.getByRole('button', { name: 'Cast vote', exact: true }).click();
	await expect(ben.getByTestId('ballot').first()).toHaveAttribute('data-state', 'accepted');
	await forAnn.getByRole('radio', { name: 'Yes' }).check();
	await forAnn.getByRole('button', { name: 'Cast vote for Ann' }).click();
	await expect(forAnn.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(ben.getByTestId('turnout')).toHaveText('2 of 3 eligible voted');
	expect(await seriousFindings(ben)).toEqual([]);
	await ben.screenshot({ path: 'test-results/screenshots/proxy-ballots.png', fullPage: true });

	// The presenter counts both, one of them by proxy.
	const presenter = await hostContext.newPage();
	await presenter.goto(`/present/${meeting.id}`);
	await expect(presenter.getByTestId('present-voted')).toHaveText('2 voted');
	await expect(presenter.getByTestId('present-represented')).toHaveText(
		'1 represented by proxy · 1 by proxy'
	);
});
