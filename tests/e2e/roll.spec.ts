/**
 * A general assembly for members only: the host imports the roll from a CSV file, prints the
 * invitations, a member redeems hers on a phone and votes, and someone with the join code who is
 * not on the roll follows but is told they do not vote. The presenter shows voted, eligible,
 * present (checked in) and the roll's version.
 */
import { expect, test } from './fixtures.ts';
import { PASSWORD, seriousFindings } from './helpers.ts';

const PHONE = { width: 390, height: 844 };
const CSV =
	'Name,E-Mail,Member number\nAnn Lee,ann@example.org,1001\nBen Ode,,1002\n"Cy, Jr",cy@x.org,1003\n';

test('host imports a roll and prints invitations; a member redeems hers on a phone and votes; a non-member is refused', async ({
	browser,
	api
}) => {
	// The host: an account, signed in in the browser and over the API.
	const account = await api.register();
	const hostContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const signedIn = await hostContext.request.post('/api/auth/login', {
		data: { username: account.user.username, password: PASSWORD }
	});
	expect(signedIn.status()).toBe(200);
	const host = await hostContext.newPage();
	await host.goto('/meetings/new');
	await host.getByLabel('Name of the meeting').fill('General assembly');
	await host.getByRole('button', { name: /create/i }).click();
	await expect(host.getByRole('heading', { level: 1, name: 'General assembly' })).toBeVisible();
	const meetingId = new URL(host.url()).pathname.split('/').at(-1)!;
	const code = (await host.getByTestId('join-code').textContent())!.trim();

	// Who may vote: the roll only.
	await host.getByRole('radio', { name: /Members on the roll only/ }).check();
	await host.getByTestId('access').getByRole('button', { name: 'Save' }).click();
	await host.getByTestId('roll-link').click();
	await expect(host.getByRole('heading', { name: 'Roll of members' })).toBeVisible();

	// A CSV with a bad line is refused whole, naming the line; the right one imports.
	await host.getByLabel('CSV file', { exact: true }).setInputFiles({
		name: 'broken.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('Name,Member number\nAnn,1\n,2\n')
	});
	await host.getByRole('button', { name: 'Import' }).click();
	await expect(host.getByTestId('import-errors')).toContainText('Line 3');
	await expect(host.getByTestId('roll-count')).toHaveText('0 members');
	await host.getByLabel('CSV file', { exact: true }).setInputFiles({
		name: 'members.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(CSV)
	});
	await host.getByRole('button', { name: 'Import' }).click();
	await expect(host.getByTestId('imported')).toHaveText('3 members imported.');
	await expect(host.getByTestId('roll-count')).toHaveText('3 members');
	await expect(host.getByTestId('roll-version')).toHaveText('Roll version 1');
	expect(await seriousFindings(host)).toEqual([]);

	// Ann is checked in at the door.
	await host
		.getByTestId('roll-member')
		.filter({ hasText: 'Ann Lee' })
		.getByRole('button', { name: 'Check in' })
		.click();
	await expect(host.getByTestId('roll-checked-in')).toHaveText('1 checked in');

	// The invitation sheet: one slip per member, with code, link and QR code.
	await host.getByTestId('print-invitations').click();
	await expect(host.getByTestId('invitation')).toHaveCount(3);
	await expect(host.getByTestId('invitation').locator('img')).toHaveCount(3);
	await host.screenshot({ path: 'test-results/screenshots/roll-invitations.png', fullPage: true });
	const slip = host.getByTestId('invitation').filter({ hasText: 'Ann Lee' });
	const link = new URL((await slip.getByTestId('invitation-link').getAttribute('href'))!);
	expect(link.pathname + link.search).toMatch(/^\/invite\?code=[A-Z2-9]{16}$/);

	// A motion on the agenda, opened and shown to the room.
	const headers = { authorization: `Bearer ${account.token}` };
	const added = await hostContext.request.post(`/api/meetings/${meetingId}/topics`, {
		headers,
		data: { title: 'Approve the budget', options: ['Yes', 'No'] }
	});
	const topicId = (await added.json()).meeting.agenda[0].id as string;
	await hostContext.request.post(`/api/topics/${topicId}/open`, { headers });
	await hostContext.request.post(`/api/meetings/${meetingId}/current`, {
		headers,
		data: { topicId }
	});
	const presenter = await hostContext.newPage();
	await presenter.goto(`/present/${meetingId}`);
	await expect(presenter.getByTestId('present-eligible')).toHaveText('3 eligible');

	// Ann redeems her invitation on her phone and votes.
	const annContext = await browser.newContext({ viewport: PHONE });
	const ann = await annContext.newPage();
	await ann.goto(link.pathname + link.search);
	await expect(ann.getByTestId('invitation-for')).toContainText('Ann Lee');
	expect(await seriousFindings(ann)).toEqual([]);
	await ann.getByRole('button', { name: 'Redeem and take part' }).click();
	await expect(ann.getByTestId('member-note')).toHaveText('Voting as the member Ann Lee');
	await expect(ann.getByRole('heading', { name: 'Approve the budget' })).toBeVisible();
	await ann.getByRole('radio', { name: 'Yes' }).check();
	await ann.getByRole('button', { name: 'Cast vote' }).click();
	await expect(ann.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(ann.getByTestId('turnout')).toHaveText('1 of 3 eligible voted');
	await ann.screenshot({ path: 'test-results/screenshots/roll-member-phone.png', fullPage: true });
	// Leaving would end this device's binding: the dialog says so.
	await ann.getByRole('button', { name: 'Leave meeting' }).click();
	await expect(ann.getByTestId('leave-dialog')).toContainText(
		'This device votes for the member Ann Lee'
	);
	await ann.getByRole('button', { name: 'Stay' }).click();

	// The same link on another phone is used up.
	const otherContext = await browser.newContext({ viewport: PHONE });
	const other = await otherContext.newPage();
	await other.goto(link.pathname + link.search);
	await other.getByRole('button', { name: 'Redeem and take part' }).click();
	await expect(other.getByRole('alert')).toHaveText(
		'This invitation was already used. Ask the hosts for a new one.'
	);

	// Someone with the join code but not on the roll follows, and is told they do not vote.
	const visitorContext = await browser.newContext({ viewport: PHONE });
	const visitor = await visitorContext.newPage();
	await visitor.goto(`/join?code=${encodeURIComponent(code)}`);
	await visitor.getByLabel('Your display name').fill('Ann Lee');
	await visitor.getByRole('button', { name: 'Join as a guest' }).click();
	await expect(visitor.getByRole('heading', { name: 'Approve the budget' })).toBeVisible();
	await expect(visitor.getByTestId('ineligible')).toHaveText(
		'Only the members on this meeting’s roll vote, each with their personal invitation. You can follow the results.'
	);
	await expect(visitor.getByRole('button', { name: 'Cast vote' })).toHaveCount(0);
	await expect(visitor.getByTestId('have-invitation')).toBeVisible();

	// The presenter: voted, eligible, present (checked in) and the roll's version.
	await expect(presenter.getByTestId('present-voted')).toHaveText('1 voted');
	await expect(presenter.getByTestId('present-eligible')).toHaveText('3 eligible');
	await expect(presenter.getByTestId('present-checked-in')).toHaveText('1 checked in');
	await expect(presenter.getByTestId('present-roll-version')).toHaveText('roll v1');
	await presenter.screenshot({ path: 'test-results/screenshots/roll-presenter.png' });
});
