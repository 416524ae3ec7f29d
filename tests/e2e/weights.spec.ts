/**
 * An owners' association: the host imports the roll with each owner's share, turns weighted
 * voting on, and a mistyped weight is refused with the reason.
 */
import { expect, test } from './fixtures.ts';
import { PASSWORD, seriousFindings } from './helpers.ts';

test('host imports owners with their shares, turns weighted voting on, and a bad weight is refused', async ({
	browser,
	api
}) => {
	const account = await api.register();
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const signedIn = await context.request.post('/api/auth/login', {
		data: { username: account.user.username, password: PASSWORD }
	});
	expect(signedIn.status()).toBe(200);
	const host = await context.newPage();
	await host.goto('/meetings/new');
	await host.getByLabel('Name of the meeting').fill('Owners’ meeting');
	await host.getByRole('button', { name: /create/i }).click();
	await expect(host.getByRole('heading', { level: 1, name: 'Owners’ meeting' })).toBeVisible();
	await host.getByRole('radio', { name: /Members on the roll only/ }).check();
	await host.getByTestId('access').getByRole('button', { name: 'Save' }).click();
	await host.getByTestId('roll-link').click();

	await host.getByLabel('CSV file', { exact: true }).setInputFiles({
		name: 'owners.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('Name;Gewicht\nAnn;0,5\nBen;0.25\nCy;0.25\n')
	});
	await host.getByRole('button', { name: 'Import' }).click();
	await expect(host.getByTestId('imported')).toHaveText('3 members imported.');
	await expect(host.getByTestId('roll-weight')).toHaveText([
		'weight 0.5',
		'weight 0.25',
		'weight 0.25'
	]);

	await host.getByTestId('weighted').check();
	await host.getByTestId('weighted').locator('xpath=ancestor::form').getByRole('button').click();
	await expect(host.getByTestId('weighted')).toBeChecked();
	await host.reload();
	await expect(host.getByTestId('weighted')).toBeChecked();

	await host.getByLabel('Name', { exact: true }).fill('Dee');
	await host.getByRole('textbox', { name: /^Weight/ }).fill('1e3');
	await host.getByRole('button', { name: 'Add to the roll' }).click();
	await expect(host.getByRole('alert')).toContainText('with at most 6 decimals');
	await expect(host.getByTestId('roll-count')).toHaveText('3 members');
	expect(await seriousFindings(host)).toEqual([]);
	await context.close();
});
