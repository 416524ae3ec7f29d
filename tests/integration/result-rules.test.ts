import type * as Y from 'yjs';
import { expect, it } from 'vitest';
import { readTopic, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';
import { nestedObjects, valuesInUpdate } from '../helpers/yjs-values.ts';

const { server, api } = useServer();

/** Every update a subscriber's document receives from now on. */
function received(doc: Y.Doc): Uint8Array[] {
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	return updates;
}

/** Results objects in those updates that carry totals or runoff rounds. */
const leaked = (updates: Uint8Array[]) =>
	nestedObjects(updates.flatMap(valuesInUpdate)).filter(
		(value) =>
			(value.totals !== undefined && Object.keys(value.totals as object).length > 0) ||
			value.rounds !== undefined
	);

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
	const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), null);
	const seen = received(watcher.doc);
	await eventually(() => expect(watcher.provider.isSynced).toBe(true));
	const clients = voters.map((voter) => connectVoter(server.wsUrl, topic.id, voter));
	clients.forEach((client, index) => client.vote(topic.options[index === 2 ? 1 : 0].id));
	await eventually(() => expect(readTopic(watcher.doc).results?.turnout).toBe(3));
	expect(readTopic(watcher.doc).results).toEqual({
		turnout: 3,
		totals: {},
		hidden: true,
		at: expect.any(Number),
		// The audit head travels with the results (an entry count, no totals).
		audit: { entries: expect.any(Number), head: expect.any(String) }
	});
	// Nor did any update on the way carry them, not even one overwritten since.
	expect(leaked(seen)).toEqual([]);
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
		expect(readTopic(watcher.doc).results).toMatchObject({
			totals: { [topic.options[0].id]: 2, [topic.options[1].id]: 1 }
		})
	);
	expect(readTopic(watcher.doc).results?.hidden).toBeFalsy();
	// The same decoding finds totals once they are published.
	expect(leaked(seen)).not.toEqual([]);

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

it('withholds the runoff rounds of a hidden ranked topic until it closes', async () => {
	const owner = await api.register();
	const created = await api.call('POST', '/api/topics', {
		token: owner.token,
		body: { title: 'Hidden ranking', kind: 'ranked', options: ['A', 'B', 'C'], hideResults: true }
	});
	expect(created.status).toBe(201);
	const topic = created.body.topic as { id: string; options: { id: string }[] };
	const [a, b, c] = topic.options.map((option) => option.id);
	await api.open(owner.token, topic.id);
	const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), null);
	const seen = received(watcher.doc);
	await eventually(() => expect(watcher.provider.isSynced).toBe(true));
	// First preferences A 2, B 2, C 1: C goes, its ballot moves to B, and B wins round 2.
	const rankings = [[a, b], [a], [b], [b], [c, b]];
	const clients = await Promise.all(
		rankings.map(async () => connectVoter(server.wsUrl, topic.id, await api.register()))
	);
	clients.forEach((client, index) => client.choose(rankings[index]));
	await eventually(() => expect(readTopic(watcher.doc).results?.turnout).toBe(5));
	expect(readTopic(watcher.doc).results).toEqual({
		turnout: 5,
		totals: {},
		hidden: true,
		at: expect.any(Number),
		// The audit head travels with the results (an entry count, no totals).
		audit: { entries: expect.any(Number), head: expect.any(String) }
	});
	expect(leaked(seen)).toEqual([]);
	const hidden = await api.results(topic.id);
	expect(hidden).toMatchObject({ turnout: 5, totals: {}, hidden: true });
	expect(hidden).not.toHaveProperty('rounds');

	await api.close(owner.token, topic.id);
	await eventually(() => expect(readTopic(watcher.doc).results?.rounds).toHaveLength(2));
	expect(readTopic(watcher.doc).results?.rounds?.[0].eliminated).toEqual([c]);
	expect(leaked(seen)).not.toEqual([]);
	const closed = (await api.results(topic.id)) as { rounds?: { eliminated: string[] }[] };
	expect(closed.rounds).toHaveLength(2);
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
});

it('keeps a timer across a crash: a deadline still ahead stays set, one that passed meanwhile closes the topic at once', async () => {
	const owner = await api.register();
	const [ahead, passed] = [await api.createTopic(owner.token), await api.createTopic(owner.token)];
	for (const topic of [ahead, passed]) await api.open(owner.token, topic.id);
	const timer = async (topicId: string, seconds: number) =>
		(
			await api.call('POST', `/api/topics/${topicId}/timer`, {
				token: owner.token,
				body: { seconds }
			})
		).body.topic.closesAt as number;
	// An hour is far beyond any restart; the other deadline is waited out while the server is down.
	const aheadAt = await timer(ahead.id, 3600);
	const passedAt = await timer(passed.id, 1);
	await server.kill();
	await eventually(() => expect(Date.now()).toBeGreaterThan(passedAt + 100), 10_000);
	await server.restart();
	await eventually(async () => expect((await api.results(passed.id)).status).toBe('closed'));
	const kept = await api.call('GET', `/api/topics/${ahead.id}`, { token: owner.token });
	expect(kept.body.topic).toMatchObject({ status: 'open', closesAt: aheadAt });
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
	// A later timer of another topic: by the time it has closed its topic, the stopped one would
	// have fired (timers run in deadline order in one process) and closed this one.
	const later = await api.createTopic(owner.token);
	await api.open(owner.token, later.id);
	await api.call('POST', `/api/topics/${later.id}/timer`, {
		token: owner.token,
		body: { seconds: 2 }
	});
	await eventually(async () => expect((await api.results(later.id)).status).toBe('closed'));
	expect((await api.results(topic.id)).status).toBe('open');
	expect((await api.audit(topic.id)).map((entry) => entry.kind)).toEqual([
		'topic.opened',
		'topic.closed',
		'topic.opened'
	]);
});
