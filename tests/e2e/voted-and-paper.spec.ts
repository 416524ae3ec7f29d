/**
 * A chair at a general assembly: the topic page shows the host who on the roll has voted and who
 * not (never what), following each vote live, and takes a batch of counted paper ballots, which
 * the results then show as "of which on paper"; the presenter remote lists who has voted too.
 */
import { inviteAll, redeem, rollMeeting } from '../helpers/roll.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';
import { expect, test } from './fixtures.ts';
import { countOf, PASSWORD, seriousFindings } from './helpers.ts';

test('the host sees who on the roll has voted, live, and adds paper ballots', async ({
	browser,
	api,
	baseURL
}) => {
	const { host, meeting, topic } = await rollMeeting(
		api,
		baseURL!,
		'name,email,number\nAnn Lee,ann@x.org,1\nBen Ode,ben@x.org,2\nCy Jr,,3'
	);
	const invitations = await inviteAll(api, host, meeting.id);
	await api.open(host.token, topic.id);

	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const login = await context.request.post('/api/auth/login', {
		data: { username: host.user.username, password: PASSWORD }
	});
	expect(login.status()).toBe(200);
	const page = await context.newPage();
	await page.goto(`/t/${topic.id}`);
	const list = page.getByTestId('voted-list');
	await expect(list.getByTestId('voted-count')).toHaveText('0 of 3 have voted');
	await expect(list.getByTestId('voted-missing').getByRole('listitem')).toHaveCount(3);

	// Ann votes from her phone: the list follows without a reload.
	const ann = (await redeem(api, invitations.find((i) => i.entry.name === 'Ann Lee')!.code)).body;
	const voter = connectVoter(`${baseURL!.replace('http', 'ws')}/collab`, topic.id, ann);
	try {
		voter.vote(topic.options[0].id);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		await expect(list.getByTestId('voted-count')).toHaveText('1 of 3 have voted');
		await expect(list.getByTestId('voted-done')).toContainText('Ann Lee');
		await expect(list.getByTestId('voted-missing')).not.toContainText('Ann Lee');
		await expect(list.getByTestId('voted-missing')).toContainText('Ben Ode');
	} finally {
		voter.destroy();
	}

	// Ben and Cy vote on paper, one Yes and one No, counted in the hall; a batch of more ballots
	// than members who have not voted is refused.
	const paper = page.getByTestId('paper-ballots');
	await paper.getByLabel('Yes', { exact: true }).fill('2');
	await paper.getByLabel('No', { exact: true }).fill('1');
	await paper.getByRole('button', { name: 'Add paper ballots' }).click();
	await expect(paper.getByRole('alert')).toContainText('More ballots than members on the roll');
	await paper.getByLabel('Yes', { exact: true }).fill('1');
	await paper.getByTestId('paper-note').fill('Ballot box 1');
	await paper.getByRole('button', { name: 'Add paper ballots' }).click();
	await expect(paper.getByRole('status')).toHaveText('2 paper ballots added.');
	await expect(countOf(page, 'Yes')).toHaveText('2');
	await expect(countOf(page, 'No')).toHaveText('1');
	await expect(page.getByTestId('paper-line')).toHaveText('(of which 2 on paper)');
	expect(await seriousFindings(page)).toEqual([]);

	// The chair's phone: the presenter remote lists the same for the topic on the screen.
	await api.call('POST', `/api/meetings/${meeting.id}/current`, {
		token: host.token,
		body: { topicId: topic.id }
	});
	await page.goto(`/present/${meeting.id}/remote`);
	await expect(page.getByTestId('voted-list').getByTestId('voted-count')).toHaveText(
		'1 of 3 have voted'
	);
	// Paper ballots are part of the turnout, which a roll meeting reads against the eligible.
	await expect(page.getByTestId('remote-turnout')).toHaveText('3 of 3 eligible voted');
});
