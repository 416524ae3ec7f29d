import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { topicDocumentName } from '../../src/lib/shared/documents.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer();

it('withholds the totals of a topic with hidden results until it closes, everywhere', async () => {
	const owner = await api.register();
	const created = await api.call('POST', '/api/topics', {
		token: owner.token,
		body: {
			title: 'Hidden',
			options: ['Yes', 'No'],
			hideResults: true,
			majority: 'two-thirds',
			quorum: 3
		}
	});
	const topic = created.body.topic;
	expect(topic).toMatchObject({ hideResults: true, majority: 'two-thirds', quorum: 3 });
	await api.open(owner.token, topic.id);

	const voters = await Promise.all([api.register(), api.register(), api.register()]);
	const clients = voters.map((voter) => connectVoter(server.wsUrl, topic.id, voter));
	clients.forEach((client, index) => client.vote(topic.options[index === 2 ? 1 : 0].id));
	const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), null);
	await eventually(() =>
		expect(watcher.doc.getMap('topic').get('results')).toMatchObject({
			turnout: 3,
			totals: {},
			hidden: true
		})
	);
	const bytes = Buffer.from(Y.encodeStateAsUpdate(watcher.doc)).toString('latin1');
	expect(bytes).not.toContain(`"${topic.options[0].id}":2`);
	expect(await api.results(topic.id)).toEqual({
		status: 'open',
		turnout: 3,
		totals: {},
		hidden: true,
		audit: { entries: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/) }
	});
	expect((await api.call('GET', `/api/topics/${topic.id}/audit`)).status).toBe(409);
	const csv = await (await fetch(`${server.url}/api/topics/${topic.id}/export.csv`)).text();
	expect(csv.trim().split('\r\n')).toHaveLength(1);

	const stranger = await api.register();
	const refused = await api.call('POST', `/api/topics/${topic.id}/results-visibility`, {
		token: stranger.token,
		body: { hidden: false }
	});
	expect(refused.status).toBe(403);
	const revealed = await api.call('POST', `/api/topics/${topic.id}/results-visibility`, {
		token: owner.token,
		body: { hidden: false }
	});
	expect(revealed.status).toBe(200);
	await eventually(() =>
		expect(watcher.doc.getMap('topic').get('results')).toMatchObject({
			totals: { [topic.options[0].id]: 2, [topic.options[1].id]: 1 },
			hidden: false
		})
	);

	await api.call('POST', `/api/topics/${topic.id}/results-visibility`, {
		token: owner.token,
		body: { hidden: true }
	});
	await api.close(owner.token, topic.id);
	expect((await api.results(topic.id)).totals[topic.options[0].id]).toBe(2);
	expect((await api.call('GET', `/api/topics/${topic.id}/audit`)).status).toBe(200);
	clients.forEach((client) => client.destroy());
	watcher.destroy();
});

it('refuses unknown majority rules and a negative quorum', async () => {
	const owner = await api.register();
	for (const rules of [{ majority: 'most' }, { quorum: -1 }, { hideResults: 'yes' }]) {
		const response = await api.call('POST', '/api/topics', {
			token: owner.token,
			body: { title: 'Rules', options: ['a', 'b'], ...rules }
		});
		expect(response.status).toBe(400);
		expect(response.body.error.field).toBe('rules');
	}
});

it('closes a topic when its timer runs out, also after a restart', async () => {
	const owner = await api.register();
	const topics = [await api.createTopic(owner.token), await api.createTopic(owner.token)];
	for (const topic of topics) await api.open(owner.token, topic.id);

	const bad = await api.call('POST', `/api/topics/${topics[0].id}/timer`, {
		token: owner.token,
		body: { seconds: -5 }
	});
	expect(bad.status).toBe(400);
	const started = await api.call('POST', `/api/topics/${topics[0].id}/timer`, {
		token: owner.token,
		body: { seconds: 1 }
	});
	expect(started.body.topic.closesAt).toBeGreaterThan(Date.now());
	await eventually(
		async () => expect((await api.results(topics[0].id)).status).toBe('closed'),
		10_000
	);
	expect((await api.audit(topics[0].id)).map((entry) => entry.kind)).toEqual([
		'topic.opened',
		'topic.closed'
	]);

	await api.call('POST', `/api/topics/${topics[1].id}/timer`, {
		token: owner.token,
		body: { seconds: 15 }
	});
	// Long enough that a restart on a loaded machine does not outlast the countdown.
	await server.kill();
	await server.restart();
	expect((await api.results(topics[1].id)).status).toBe('open');
	await eventually(
		async () => expect((await api.results(topics[1].id)).status).toBe('closed'),
		40_000
	);
});

it('a timer stopped by closing and reopening does not close the topic later', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token);
	await api.open(owner.token, topic.id);
	await api.call('POST', `/api/topics/${topic.id}/timer`, {
		token: owner.token,
		body: { seconds: 1 }
	});
	await api.close(owner.token, topic.id);
	await api.open(owner.token, topic.id);
	// A new countdown; had the first one lived on, it would close the topic long before this one.
	const restarted = await api.call('POST', `/api/topics/${topic.id}/timer`, {
		token: owner.token,
		body: { seconds: 3 }
	});
	const closesAt = restarted.body.topic.closesAt as number;
	await eventually(async () => expect((await api.results(topic.id)).status).toBe('closed'), 15_000);
	const { body } = await api.call('GET', `/api/topics/${topic.id}`, { token: owner.token });
	expect(body.topic.closedAt).toBeGreaterThanOrEqual(closesAt);
});
