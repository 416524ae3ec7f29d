/** A roll meeting over the JSON API, as a host sets one up: roll, topic, invitations. */
import { expect } from 'vitest';
import type { Account, ApiClient } from './api.ts';
import { recordSecret } from './secrets.ts';

export interface Invitation {
	entry: { id: string; name: string; memberNumber: string | null };
	code: string;
	link: string;
}

/** POSTs a CSV roll as `text/csv`. */
export async function importCsv(base: string, token: string, meetingId: string, csv: string) {
	const response = await fetch(`${base}/api/meetings/${meetingId}/roll`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
		body: csv
	});
	return { status: response.status, body: await response.json() };
}

/** A meeting for roll members only, with `csv` imported and one topic on the agenda (a draft). */
export async function rollMeeting(api: ApiClient, base: string, csv: string) {
	const host = await api.register();
	const created = await api.call('POST', '/api/meetings', {
		token: host.token,
		body: { title: 'General assembly' }
	});
	const meeting = created.body.meeting as { id: string; code: string };
	const access = await api.call('POST', `/api/meetings/${meeting.id}/access`, {
		token: host.token,
		body: { access: 'roll' }
	});
	expect(access.status).toBe(200);
	const imported = await importCsv(base, host.token, meeting.id, csv);
	expect(imported.status, JSON.stringify(imported.body)).toBe(200);
	const added = await api.call('POST', `/api/meetings/${meeting.id}/topics`, {
		token: host.token,
		body: { title: 'Budget', options: ['Yes', 'No'] }
	});
	const topic = added.body.meeting.agenda[0] as { id: string; options: { id: string }[] };
	return { host, meeting, topic, members: imported.body.members as { id: string; name: string }[] };
}

/** Issues invitations to every member not bound yet; the codes are secrets to keep out of logs. */
export async function inviteAll(api: ApiClient, host: Account, meetingId: string) {
	const issued = await api.call('POST', `/api/meetings/${meetingId}/invitations`, {
		token: host.token
	});
	expect(issued.status).toBe(200);
	const invitations = issued.body.invitations as Invitation[];
	for (const invitation of invitations.slice(0, 50))
		recordSecret('an invitation code', invitation.code);
	return invitations;
}

/** Redeems an invitation; without a token, as a new device (a new guest session). */
export async function redeem(api: ApiClient, code: string, token?: string) {
	const result = await api.call('POST', '/api/invitations/redeem', { token, body: { code } });
	if (result.body?.token) recordSecret('a session token', result.body.token);
	return result;
}

/** Joins the meeting with its code as a guest (follows; votes only through an invitation). */
export async function joinAsGuest(api: ApiClient, code: string, displayName = 'Visitor') {
	const joined = await api.call('POST', `/api/join/${encodeURIComponent(code)}/guest`, {
		body: { displayName }
	});
	expect(joined.status).toBe(201);
	recordSecret('a session token', joined.body.token);
	return {
		user: joined.body.user as { id: string; username: string },
		token: joined.body.token as string
	};
}
