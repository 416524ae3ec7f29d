import { describe, expect, it } from 'vitest';
import {
	meetingDocumentName,
	readMeeting,
	readTopic,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer();

async function draft(token: string, body: Record<string, unknown> = {}) {
	const created = await api.call('POST', '/api/topics', {
		token,
		body: { title: 'Lunch', options: ['Soup', 'Salad'], ...body }
	});
	expect(created.status).toBe(201);
	return created.body.topic as { id: string; options: { id: string; label: string }[] };
}

const patch = (token: string, id: string, body: unknown) =>
	api.call('PATCH', `/api/topics/${id}`, { token, body });

describe('PATCH /api/topics/:id', () => {
	it('edits a draft, and the topic document shows the edit to everyone watching', async () => {
		const owner = await api.register();
		const topic = await draft(owner.token);
		// A draft outside a meeting is its owner's alone.
		const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), owner.token);
		await eventually(() => expect(readTopic(watcher.doc).meta?.title).toBe('Lunch'));

		const edited = await patch(owner.token, topic.id, {
			title: 'Dinner',
			options: ['Stew', 'Soup', 'Salad'],
			kind: 'multiple',
			minChoices: 1,
			maxChoices: 2,
			majority: 'absolute',
			quorum: 2,
			resultsVisibility: 'at-close',
			lateGraceSeconds: 300,
			allowChange: true,
			secret: false
		});
		expect(edited.status).toBe(200);
		expect(edited.body.topic).toMatchObject({
			title: 'Dinner',
			kind: 'multiple',
			maxChoices: 2,
			majority: 'absolute',
			quorum: 2,
			hideResults: true,
			resultsVisibility: 'at-close',
			lateGraceSeconds: 300,
			allowChange: true,
			secret: false,
			status: 'draft'
		});
		const options = edited.body.topic.options as { id: string; label: string }[];
		expect(options.map((option) => option.label)).toEqual(['Stew', 'Soup', 'Salad']);
		// Options that stay keep their id.
		expect(options[1].id).toBe(topic.options[0].id);

		await eventually(() => {
			const { meta, state } = readTopic(watcher.doc);
			expect(meta).toEqual({ id: topic.id, title: 'Dinner', description: '', options });
			expect(state).toEqual({
				status: 'draft',
				openedAt: null,
				closedAt: null,
				lateGraceSeconds: 300,
				hideResults: true,
				resultsVisibility: 'at-close',
				majority: 'absolute',
				quorum: 2,
				closesAt: null,
				kind: 'multiple',
				minChoices: 1,
				maxChoices: 2,
				scoreMax: 5,
				seats: 1,
				secret: false,
				allowChange: true
			});
		});
		watcher.destroy();
	});

	it('refuses an opened topic with a clear error, and changes nothing', async () => {
		const owner = await api.register();
		const topic = await draft(owner.token);
		await api.open(owner.token, topic.id);
		const refused = await patch(owner.token, topic.id, { title: 'Changed after opening' });
		expect(refused.status).toBe(409);
		expect(refused.body.error).toEqual({
			code: 'invalid-transition',
			reason: 'topic-not-draft',
			message: 'Only a draft can be edited: this topic has been opened.'
		});
		await api.close(owner.token, topic.id);
		expect((await patch(owner.token, topic.id, { quorum: 1 })).status).toBe(409);
		const after = await api.call('GET', `/api/topics/${topic.id}`);
		expect(after.body.topic).toMatchObject({ title: 'Lunch', quorum: 0, status: 'closed' });
	});

	it('answers 403 to anyone but the topic’s managers, and lets a co-host edit an agenda draft', async () => {
		const host = await api.register();
		const cohost = await api.register();
		const stranger = await api.register();
		const meeting = (
			await api.call('POST', '/api/meetings', { token: host.token, body: { title: 'Board' } })
		).body.meeting;
		await api.call('PUT', `/api/meetings/${meeting.id}/members`, {
			token: host.token,
			body: { username: cohost.user.username, role: 'cohost' }
		});
		const added = await api.call('POST', `/api/meetings/${meeting.id}/topics`, {
			token: host.token,
			body: { title: 'Budget', options: ['Yes', 'No'] }
		});
		const topicId = added.body.meeting.agenda[0].id;
		const watcher = openDocument(socket(server.wsUrl), meetingDocumentName(meeting.id), host.token);

		const forbidden = await patch(stranger.token, topicId, { title: 'Hijacked' });
		expect(forbidden.status).toBe(403);
		expect(forbidden.body.error).toMatchObject({
			code: 'forbidden',
			reason: 'topic-managers-only'
		});
		expect(
			(await api.call('PATCH', `/api/topics/${topicId}`, { body: { title: 'x' } })).status
		).toBe(401);

		const byCohost = await patch(cohost.token, topicId, { title: 'Budget 2027' });
		expect(byCohost.status).toBe(200);
		// The agenda every participant sees carries the new title.
		await eventually(() =>
			expect(readMeeting(watcher.doc).agenda).toEqual([
				{ id: topicId, title: 'Budget 2027', status: 'draft' }
			])
		);
		watcher.destroy();
		const after = await api.call('GET', `/api/topics/${topicId}`);
		expect(after.body.topic.title).toBe('Budget 2027');
	});

	it('refuses hostile and malformed bodies with a 4xx and leaves the draft as it was', async () => {
		const owner = await api.register();
		const topic = await draft(owner.token, { quorum: 1 });
		const read = async () =>
			(await api.call('GET', `/api/topics/${topic.id}`, { token: owner.token })).body.topic;
		const before = await read();
		expect(before).toMatchObject({ title: 'Lunch', quorum: 1 });
		const bodies: [unknown, number, string?][] = [
			[null, 400, 'topic-input-missing'],
			[['title'], 400, 'topic-input-missing'],
			['Dinner', 400, 'topic-input-missing'],
			[{ status: 'open' }, 400, 'topic-edit-unknown-field'],
			[{ ownerId: 'someone-else' }, 400, 'topic-edit-unknown-field'],
			[{ __proto__: { title: 'x' }, constructor: 'x' }, 400, 'topic-edit-unknown-field'],
			[{ title: '' }, 400, 'title-missing'],
			[{ title: 'x'.repeat(201) }, 400, 'title-too-long'],
			[{ options: ['Only one'] }, 400, 'options-count'],
			[{ options: 'Soup,Salad' }, 400, 'options-not-text'],
			[{ options: ['Same', 'same'] }, 400, 'options-duplicate'],
			[{ kind: 'dictator' }, 400, 'kind-unknown'],
			[{ quorum: -5 }, 400, 'quorum-invalid'],
			[{ resultsVisibility: 'never' }, 400, 'results-visibility-unknown'],
			[
				{ resultsVisibility: 'before-voting', hideResults: true },
				400,
				'results-visibility-conflict'
			],
			[{ secret: 'yes' }, 400, 'flags-not-boolean'],
			[{ kind: 'multiple', maxChoices: 9 }, 400, 'choices-range']
		];
		for (const [body, status, reason] of bodies) {
			const answer = await patch(owner.token, topic.id, body);
			expect(answer.status, JSON.stringify(body)).toBe(status);
			expect(answer.body.error.code).toBe('validation');
			expect(answer.body.error.reason, JSON.stringify(body)).toBe(reason);
		}
		const raw = await fetch(`${server.url}/api/topics/${topic.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
			body: '{"title": '
		});
		expect(raw.status).toBe(400);
		const text = await fetch(`${server.url}/api/topics/${topic.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/xml' },
			body: 'title=x'
		});
		expect(text.status).toBe(415);
		const huge = await patch(owner.token, topic.id, { description: 'x'.repeat(70_000) });
		expect(huge.status).toBe(413);
		expect((await patch(owner.token, 'no-such-topic', { title: 'x' })).status).toBe(404);

		expect(await read()).toEqual(before);
	});
});

describe('results visibility', () => {
	it('defaults to after voting, and reaches the topic document with the totals in it', async () => {
		const owner = await api.register();
		const topic = await draft(owner.token);
		const stored = await api.call('GET', `/api/topics/${topic.id}`, { token: owner.token });
		expect(stored.body.topic.resultsVisibility).toBe('after-voting');
		await api.open(owner.token, topic.id);
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		voter.vote(topic.options[1].id);
		await eventually(() => expect(voter.tally()?.turnout).toBe(1));
		// "After voting" is the voter's page's choice: the document has the totals for everyone.
		const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), null);
		await eventually(() => {
			const { state, results } = readTopic(watcher.doc);
			expect(state).toMatchObject({ resultsVisibility: 'after-voting', hideResults: false });
			expect(results).toMatchObject({
				totals: { [topic.options[0].id]: 0, [topic.options[1].id]: 1 },
				turnout: 1,
				hidden: false
			});
		});
		voter.destroy();
		watcher.destroy();
	});

	it('before voting is stored and published as such', async () => {
		const owner = await api.register();
		const topic = await draft(owner.token, { resultsVisibility: 'before-voting' });
		const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), owner.token);
		await eventually(() =>
			expect(readTopic(watcher.doc).state).toMatchObject({
				resultsVisibility: 'before-voting',
				hideResults: false
			})
		);
		watcher.destroy();
	});

	it('at close withholds the totals from the topic document until voting closes', async () => {
		const owner = await api.register();
		const topic = await draft(owner.token, { resultsVisibility: 'at-close' });
		await api.open(owner.token, topic.id);
		const voters = await Promise.all([api.register(), api.register()]);
		const clients = voters.map((voter) => connectVoter(server.wsUrl, topic.id, voter));
		clients.forEach((client) => client.vote(topic.options[0].id));
		const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), owner.token);
		await eventually(() =>
			expect(readTopic(watcher.doc).results).toEqual({
				totals: {},
				turnout: 2,
				hidden: true,
				at: expect.any(Number),
				// The audit head travels with the results (an entry count, no totals).
				audit: { entries: expect.any(Number), head: expect.any(String) }
			})
		);
		expect(readTopic(watcher.doc).state).toMatchObject({
			resultsVisibility: 'at-close',
			hideResults: true
		});
		await api.close(owner.token, topic.id);
		await eventually(() =>
			expect(readTopic(watcher.doc).results).toMatchObject({
				totals: { [topic.options[0].id]: 2, [topic.options[1].id]: 0 },
				turnout: 2,
				hidden: false
			})
		);
		clients.forEach((client) => client.destroy());
		watcher.destroy();
	});
});

describe('exports for the minutes', () => {
	it('carry rules, presence at close, turnout, outcome, winner and times', async () => {
		const host = await api.register();
		const meeting = (
			await api.call('POST', '/api/meetings', { token: host.token, body: { title: 'AGM' } })
		).body.meeting;
		const added = await api.call('POST', `/api/meetings/${meeting.id}/topics`, {
			token: host.token,
			body: { title: '=Motion 1', options: ['Yes', 'No'], majority: 'absolute', quorum: 2 }
		});
		const topic = added.body.meeting.agenda[0];
		const voters = await Promise.all([api.register(), api.register(), api.register()]);
		// Three participants have the meeting open; two of them vote.
		const here = voters.map((voter) =>
			openDocument(socket(server.wsUrl), meetingDocumentName(meeting.id), voter.token)
		);
		const watcher = openDocument(socket(server.wsUrl), meetingDocumentName(meeting.id), host.token);
		await eventually(() => expect(readMeeting(watcher.doc).presence).toEqual({ present: 3 }));
		await api.open(host.token, topic.id);
		const clients = voters.slice(0, 2).map((voter) => connectVoter(server.wsUrl, topic.id, voter));
		clients.forEach((client) => client.vote(topic.options[0].id));
		await eventually(() => expect(clients[0].tally()?.turnout).toBe(2));
		const closed = await api.close(host.token, topic.id);
		expect(closed).toMatchObject({ presentAtClose: 3 });

		const json = await api.call('GET', `/api/meetings/${meeting.id}/export.json`, {
			token: host.token
		});
		const minutes = json.body.topics[0];
		expect(minutes).toMatchObject({
			title: '=Motion 1',
			kind: 'single',
			majority: 'absolute',
			quorum: 2,
			present: 3,
			turnout: 2,
			status: 'closed',
			outcome: { result: 'winner', winner: 'Yes', quorumMet: true, majorityReached: true }
		});
		expect(minutes.turnoutOfPresent).toBeCloseTo(2 / 3);
		expect(minutes.openedAt).toBeGreaterThan(0);
		expect(minutes.closedAt).toBeGreaterThanOrEqual(minutes.openedAt);

		const csv = await (await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`)).text();
		const lines = csv.trim().split('\r\n');
		expect(lines).toHaveLength(3);
		const opened = new Date(minutes.openedAt).toISOString();
		const closedAt = new Date(minutes.closedAt).toISOString();
		expect(lines[1]).toBe(
			`"'=Motion 1","single","closed","absolute","2","3","2","0.6667","yes","winner","Yes","${opened}","${closedAt}","option","","Yes","ballots","2","1.0000","","","","","","","","","0","0",""`
		);
		[...here, watcher].forEach((document) => document.destroy());
		clients.forEach((client) => client.destroy());
	});
});
