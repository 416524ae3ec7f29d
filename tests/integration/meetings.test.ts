import { describe, expect, it } from 'vitest';
import { meetingDocumentName, readMeeting, readTopic } from '../../src/lib/shared/documents.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer();

async function meetingWithAgenda() {
	const host = await api.register();
	const created = await api.call('POST', '/api/meetings', {
		token: host.token,
		body: { title: 'Board meeting' }
	});
	expect(created.status).toBe(201);
	const meeting = created.body.meeting;
	for (const title of ['First', 'Second', 'Third']) {
		const added = await api.call('POST', `/api/meetings/${meeting.id}/topics`, {
			token: host.token,
			body: { title, options: ['Yes', 'No'] }
		});
		expect(added.status).toBe(200);
	}
	// Drafts on the agenda are shown to the people who run the meeting.
	const { body } = await api.call('GET', `/api/meetings/${meeting.id}`, { token: host.token });
	return { host, meeting: body.meeting };
}

describe('meetings', () => {
	it('finds a meeting by its join code typed any way', async () => {
		const { meeting } = await meetingWithAgenda();
		for (const typed of [
			meeting.code,
			meeting.code.toLowerCase(),
			meeting.code.replace('-', ' ')
		]) {
			const found = await api.call('GET', `/api/join/${encodeURIComponent(typed)}`);
			expect(found.body.meetingId).toBe(meeting.id);
		}
		expect((await api.call('GET', '/api/join/AAA-AAA')).status).toBe(404);
		expect((await api.call('GET', '/api/join/%3Cscript%3E')).status).toBe(404);
	});

	it('lets only the host reorder, duplicate and remove never-opened topics', async () => {
		const { host, meeting } = await meetingWithAgenda();
		const [first, second, third] = meeting.agenda;
		const stranger = await api.register();
		const path = `/api/meetings/${meeting.id}/topics/${second.id}`;
		expect(
			(await api.call('POST', `${path}/move`, { token: stranger.token, body: { delta: -1 } }))
				.status
		).toBe(403);

		const moved = await api.call('POST', `${path}/move`, {
			token: host.token,
			body: { delta: -1 }
		});
		expect(moved.body.meeting.agenda.map((t: { title: string }) => t.title)).toEqual([
			'Second',
			'First',
			'Third'
		]);
		expect(
			(await api.call('POST', `${path}/move`, { token: host.token, body: { delta: 5 } })).status
		).toBe(400);

		const copy = await api.call(
			'POST',
			`/api/meetings/${meeting.id}/topics/${third.id}/duplicate`,
			{ token: host.token }
		);
		expect(copy.body.meeting.agenda.map((t: { title: string }) => t.title)).toEqual([
			'Second',
			'First',
			'Third',
			'Third'
		]);

		await api.open(host.token, first.id);
		const refused = await api.call('DELETE', `/api/meetings/${meeting.id}/topics/${first.id}`, {
			token: host.token
		});
		expect(refused.status).toBe(409);
		const removed = await api.call('DELETE', `/api/meetings/${meeting.id}/topics/${third.id}`, {
			token: host.token
		});
		expect(removed.body.meeting.agenda).toHaveLength(3);
	});

	it('publishes the current topic, the agenda and who is present, and voters follow it', async () => {
		const { host, meeting } = await meetingWithAgenda();
		const watcher = openDocument(socket(server.wsUrl), meetingDocumentName(meeting.id), host.token);
		await eventually(() => expect(readMeeting(watcher.doc).meta?.code).toBe(meeting.code));
		expect(readMeeting(watcher.doc).current).toEqual({ topicId: null });

		const voters = await Promise.all([api.register(), api.register()]);
		const phones = voters.map((voter) =>
			openDocument(socket(server.wsUrl), meetingDocumentName(meeting.id), voter.token)
		);
		await eventually(() => expect(readMeeting(watcher.doc).presence).toEqual({ present: 2 }));
		// The hosts may list who is here by name; nobody else may.
		const names = await api.call('GET', `/api/meetings/${meeting.id}/present`, {
			token: host.token
		});
		expect(names.body.present.map((p: { name: string }) => p.name).sort()).toEqual(
			voters.map((voter) => voter.user.username).sort()
		);
		expect(
			(await api.call('GET', `/api/meetings/${meeting.id}/present`, { token: voters[0].token }))
				.status
		).toBe(403);

		const first = meeting.agenda[0];
		const shown = await api.call('POST', `/api/meetings/${meeting.id}/current`, {
			token: host.token,
			body: { topicId: first.id }
		});
		expect(shown.status).toBe(200);
		await eventually(() =>
			phones.forEach((phone) =>
				expect(readMeeting(phone.doc).current).toEqual({ topicId: first.id })
			)
		);

		await api.open(host.token, first.id);
		await eventually(() => expect(readMeeting(watcher.doc).agenda?.[0].status).toBe('open'));
		const ballots = voters.map((voter) => connectVoter(server.wsUrl, first.id, voter));
		ballots.forEach((ballot) => ballot.vote(first.options[0].id));
		const screen = connectVoter(server.wsUrl, first.id, host);
		await eventually(() => expect(screen.tally()?.turnout).toBe(2));
		// The topic document counts who has it open too; the host is not among them.
		await eventually(() => expect(readTopic(screen.topic.doc).presence).toEqual({ present: 2 }));
		ballots[1].destroy();
		await eventually(() => expect(readTopic(screen.topic.doc).presence).toEqual({ present: 1 }));

		phones[1].destroy();
		await eventually(() => expect(readMeeting(watcher.doc).presence).toEqual({ present: 1 }));
		[...ballots, screen].forEach((b) => b.destroy());
		phones[0].destroy();
		watcher.destroy();
	});

	it('refuses a topic of another agenda as the current one', async () => {
		const a = await meetingWithAgenda();
		const b = await meetingWithAgenda();
		const response = await api.call('POST', `/api/meetings/${a.meeting.id}/current`, {
			token: a.host.token,
			body: { topicId: b.meeting.agenda[0].id }
		});
		expect(response.status).toBe(409);
	});
});

describe('exports', () => {
	it('exports a meeting’s and a topic’s results as CSV and JSON', async () => {
		const { host, meeting } = await meetingWithAgenda();
		const first = meeting.agenda[0];
		await api.open(host.token, first.id);
		const voter = connectVoter(server.wsUrl, first.id, await api.register());
		voter.vote(first.options[1].id);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		voter.destroy();

		const csv = await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`);
		expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
		const lines = (await csv.text()).trim().split('\r\n');
		expect(lines[0]).toBe(
			'"topic","kind","status","majority","quorum","present","turnout","turnout_of_present","quorum_met","outcome","winner","opened_at","closed_at","row","round","option","measure","value","share","last_round","eliminated_in_round","eligible","checked_in","roll_version","weight_cast","eligible_weight","weight","paper_ballots","paper","proxy_ballots"'
		);
		expect(lines).toContainEqual(
			expect.stringMatching(
				/^"First","single","open","simple","0","","1","","yes","winner","No","\d{4}-[^"]+Z","","option","","No","ballots","1","1\.0000","","","","","","","","","0","0",""$/
			)
		);
		expect(lines).toHaveLength(1 + 3 * 2);

		const topicJson = await api.call('GET', `/api/topics/${first.id}/export.json`);
		expect(topicJson.body.topics[0]).toMatchObject({
			title: 'First',
			kind: 'single',
			turnout: 1,
			outcome: { winner: 'No', quorumMet: true }
		});
		expect((await api.call('GET', `/api/topics/${first.id}/export.xml`)).status).toBe(404);
	});
});
