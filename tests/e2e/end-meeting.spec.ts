import { expect, test } from '@playwright/test';
import { apiClient } from '../helpers/api.ts';
import { PASSWORD } from './helpers.ts';

const PHONE = { width: 390, height: 844 };

/**
 * The host ends a meeting from its page, after a confirmation: the phones already in it and the
 * projector say so at once, without a reload, and the code lets nobody in any more.
 */
test('a host ends the meeting: phones and the projector say so live and the code stops working', async ({
	browser,
	baseURL
}) => {
	const api = apiClient(baseURL!);
	const host = await api.register();
	const meeting = (
		await api.call('POST', '/api/meetings', {
			token: host.token,
			body: { title: 'Annual meeting' }
		})
	).body.meeting as { id: string; code: string };
	expect(
		(
			await api.call('POST', `/api/meetings/${meeting.id}/access`, {
				token: host.token,
				body: { access: 'guests' }
			})
		).status
	).toBe(200);

	const contexts = [];
	try {
		const hostContext = await browser.newContext();
		contexts.push(hostContext);
		const login = await hostContext.request.post('/api/auth/login', {
			data: { username: host.user.username, password: PASSWORD }
		});
		expect(login.status()).toBe(200);
		const hostPage = await hostContext.newPage();
		const projector = await hostContext.newPage();
		await projector.goto(`/present/${meeting.id}`);
		await expect(projector.getByTestId('present-code')).toBeVisible();

		const phoneContext = await browser.newContext({ viewport: PHONE });
		contexts.push(phoneContext);
		const phone = await phoneContext.newPage();
		await phone.goto(`/join?code=${meeting.code}`);
		await phone.getByLabel('Your display name').fill('Guest at the door');
		await phone.getByRole('button', { name: 'Join as a guest' }).click();
		await expect(phone.getByTestId('waiting')).toBeVisible();
		await expect(phone.getByTestId('meeting-ended')).toHaveCount(0);

		await hostPage.goto(`/meetings/${meeting.id}`);
		await expect(hostPage.getByTestId('meeting-ended')).toHaveCount(0);
		const end = hostPage.getByTestId('end-meeting');
		// The confirming button stays out of reach until the host asks for it.
		await expect(end.getByRole('button', { name: 'End the meeting now' })).toBeHidden();
		await end.getByText('End the meeting…').click();
		await expect(end).toContainText('cannot be undone');
		await end.getByRole('button', { name: 'End the meeting now' }).click();

		await expect(hostPage.getByTestId('meeting-ended')).toContainText('This meeting has ended');
		await expect(hostPage.getByTestId('end-meeting')).toHaveCount(0);
		// No way in is offered any more: no QR code, no link to share.
		await expect(hostPage.getByRole('img', { name: /QR code/ })).toHaveCount(0);
		await expect(hostPage.getByRole('button', { name: 'Copy' })).toHaveCount(0);
		await expect(phone.getByTestId('meeting-ended')).toHaveText('This meeting has ended.');
		await expect(projector.getByTestId('present-ended')).toBeVisible();
		await expect(projector.getByTestId('present-code')).toHaveCount(0);
		await expect(projector.getByRole('main')).toContainText('This meeting has ended.');

		const late = await browser.newContext({ viewport: PHONE });
		contexts.push(late);
		const latePhone = await late.newPage();
		await latePhone.goto('/');
		await latePhone.getByLabel('Meeting code').fill(meeting.code);
		await latePhone.getByRole('button', { name: 'Join' }).click();
		await expect(latePhone.getByRole('alert')).toContainText('This meeting has ended');
	} finally {
		for (const context of contexts) await context.close();
	}
});
