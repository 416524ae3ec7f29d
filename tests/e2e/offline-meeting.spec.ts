/**
 * A guest's meeting on a phone without a network: joined by code, the meeting page opens again
 * after a reload or a browser restart with no network, keeps the ballot cast offline, and sends
 * it when the network is back, counted once. A page never opened offline gets a styled offline
 * page in the visitor's language that opens the page by itself once the network is back.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { PASSWORD, uniqueName, vote } from './helpers.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = 'test-results/screenshots';

interface Meeting {
	id: string;
	code: string;
	topicId: string;
	token: string;
}

/** A meeting that takes guests, showing an open yes/no topic, made through the JSON API. */
async function meetingWithOpenTopic(baseURL: string, title: string): Promise<Meeting> {
	const call = async (method: string, path: string, token?: string, body?: unknown) => {
		const response = await fetch(`${baseURL}${path}`, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body ? { 'content-type': 'application/json' } : {})
			},
			body: body ? JSON.stringify(body) : undefined
		});
		const json = await response.json();
		expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
		return json;
	};
	const { token } = await call('POST', '/api/auth/register', undefined, {
		username: uniqueName('chair'),
		password: PASSWORD
	});
	const { meeting } = await call('POST', '/api/meetings', token, { title: 'General assembly' });
	await call('POST', `/api/meetings/${meeting.id}/access`, token, { access: 'guests' });
	await call('POST', `/api/meetings/${meeting.id}/topics`, token, {
		title,
		options: ['Yes', 'No']
	});
	const { meeting: withAgenda } = await call('GET', `/api/meetings/${meeting.id}`, token);
	const topicId = withAgenda.agenda[0].id as string;
	await call('POST', `/api/topics/${topicId}/open`, token);
	await call('POST', `/api/meetings/${meeting.id}/current`, token, { topicId });
	return { id: meeting.id, code: meeting.code, topicId, token };
}

/** Joins as a guest by code, as a person who followed the QR code would. */
async function joinAsGuest(page: Page, meeting: Meeting, name: string, { scriptsIn = false } = {}) {
	await page.goto(`/join?code=${meeting.code}`, scriptsIn ? { waitUntil: 'networkidle' } : {});
	await page.getByLabel(/display name|Anzeigename/).fill(name);
	await page.getByTestId('guest-join').getByRole('button').click();
	await expect(page).toHaveURL(new RegExp(`/m/${meeting.id}$`));
}

/** The page's own address is in the service worker's caches (polled, as a person would wait). */
async function keptOffline(page: Page) {
	await expect
		.poll(
			() =>
				page.evaluate(async () => {
					for (const key of await caches.keys()) {
						const cache = await caches.open(key);
						if (await cache.match(location.pathname, { ignoreVary: true })) return true;
					}
					return false;
				}),
			{ timeout: 10_000 }
		)
		.toBe(true);
}

async function results(baseURL: string, meeting: Meeting) {
	const response = await fetch(`${baseURL}/api/topics/${meeting.topicId}/results`, {
		headers: { authorization: `Bearer ${meeting.token}` }
	});
	return (await response.json()) as { turnout: number; totals: Record<string, number> };
}

test('a guest joined by code reloads offline, votes, restarts the browser offline, and the vote counts once when back online', async ({
	baseURL,
	profile
}) => {
	// Two browser launches on a shared machine.
	test.setTimeout(180_000);
	const meeting = await meetingWithOpenTopic(baseURL!, 'Adopt the agenda?');
	let context = await profile.launch({ viewport: PHONE });
	let page = context.pages()[0] ?? (await context.newPage());
	await joinAsGuest(page, meeting, 'Greta');
	await expect(page.getByRole('heading', { name: 'Adopt the agenda?' })).toBeVisible();
	await expect(page.getByTestId('connection')).toHaveText('Live');

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Adopt the agenda?' })).toBeVisible();
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await vote(page, 'Yes');
	const ballot = page.getByTestId('ballot');
	await expect(ballot).toHaveAttribute('data-state', 'pending');
	await expect(ballot).toContainText('will be sent when you are back online');
	await page.screenshot({ path: `${SHOTS}/offline-meeting-pending.png` });

	// Reloaded again, the pending ballot is still shown.
	await page.reload();
	await expect(ballot).toHaveAttribute('data-state', 'pending');
	expect((await results(baseURL!, meeting)).turnout).toBe(0);

	// The browser is closed and opened again with no network.
	await context.close();
	context = await profile.launch({ viewport: PHONE });
	await context.setOffline(true);
	page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`/m/${meeting.id}`);
	await expect(page.getByRole('heading', { name: 'Adopt the agenda?' })).toBeVisible();
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'pending');
	await page.screenshot({ path: `${SHOTS}/offline-meeting-after-restart.png` });

	// Back online: sent and shown as counted, with no reload.
	await context.setOffline(false);
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(page.getByTestId('ballot')).toContainText('your vote for “Yes” was accepted');
	await expect(page.getByTestId('connection')).toHaveText('Live');
	await expect.poll(async () => (await results(baseURL!, meeting)).turnout).toBe(1);
	// Once: a reload online sends nothing again.
	await page.reload();
	await expect(page.getByTestId('ballot')).toHaveAttribute('data-state', 'accepted');
	await expect(page.getByTestId('connection')).toHaveText('Live');
	const counted = await results(baseURL!, meeting);
	expect(counted.turnout).toBe(1);
	expect(Object.values(counted.totals).reduce((a, b) => a + b, 0)).toBe(1);
});

test('the meeting page opens offline on a reload right after joining', async ({
	browser,
	baseURL
}) => {
	const meeting = await meetingWithOpenTopic(baseURL!, 'Elect the chair?');
	const context = await browser.newContext({ viewport: PHONE });
	try {
		const page = await context.newPage();
		// No waiting for the service worker anywhere: the first page of the visit is the join
		// page, the name is sent as soon as the page's scripts are in (as a person types it; a
		// press before them posts the plain form, which cannot wait for offline support), and
		// the reload comes as soon as the topic shows.
		await joinAsGuest(page, meeting, 'Hugo', { scriptsIn: true });
		await expect(page.getByRole('heading', { name: 'Elect the chair?' })).toBeVisible();
		await context.setOffline(true);
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Elect the chair?' })).toBeVisible();
		await expect(page.getByTestId('guest-note')).toContainText('Hugo');
		await expect(page.getByRole('button', { name: 'Cast vote' })).toBeVisible();
	} finally {
		await context.close();
	}
});

test('a page never opened on the device shows a styled offline page in German that opens the page by itself when the network is back', async ({
	browser,
	baseURL
}) => {
	const meeting = await meetingWithOpenTopic(baseURL!, 'Budget annehmen?');
	const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
	try {
		const page = await context.newPage();
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await keptOffline(page);

		await context.setOffline(true);
		await page.goto(`/join?code=${meeting.code}`);
		const offline = page.getByTestId('offline-page');
		await expect(page.getByRole('heading', { name: 'Sie sind offline' })).toBeVisible();
		await expect(offline).toContainText('sobald das Netz zurück ist');
		await expect(page.locator('html')).toHaveAttribute('lang', 'de');
		await expect(page.getByRole('button', { name: 'Erneut versuchen' })).toBeVisible();
		// Styled like the app: its card and colours, not the browser's defaults.
		const style = await offline.evaluate((card) => {
			const css = getComputedStyle(card);
			return { radius: css.borderRadius, background: css.backgroundColor };
		});
		expect(style).toEqual({ radius: '10px', background: 'rgb(255, 255, 255)' });
		await page.screenshot({ path: `${SHOTS}/offline-page-de.png` });

		// Back online, the page opens with no one touching it.
		await context.setOffline(false);
		await expect(page.getByRole('heading', { name: /General assembly/ })).toBeVisible();
		await expect(page.getByTestId('guest-join')).toBeVisible();
	} finally {
		await context.close();
	}
});

test('the offline page is in English for an English browser', async ({ browser }) => {
	const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
	try {
		const page = await context.newPage();
		await page.goto('/');
		await keptOffline(page);
		await context.setOffline(true);
		await page.goto('/meetings/new');
		await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
		await expect(page.getByTestId('offline-page')).toContainText(
			'opens by itself as soon as the network is back'
		);
		await page.screenshot({ path: `${SHOTS}/offline-page-en.png` });
	} finally {
		await context.close();
	}
});
