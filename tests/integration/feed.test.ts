import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import { readTopic, topicDocumentName, topicMap } from '../../src/lib/shared/documents.ts';
import { rawFeedClient, subscribeFeed } from '../helpers/feed.ts';
import { useServer } from '../helpers/use-server.ts';
import { CLOSE, FEED_CLOSE } from '../../src/lib/shared/close-codes.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer();

/** Whoever the server lets open `topic/<id>` on `/collab` without signing in. */
function anonymousReader(topicId: string) {
	return openDocument(socket(server.wsUrl), topicDocumentName(topicId), null);
}

const clientsOf = (doc: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];

describe('the public results feed', () => {
	it('lets a plain y-websocket client follow a topic live, exactly as the topic document shows it', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['Yes', 'No', 'Abstain'], 'Budget');
		await api.open(owner.token, topic.id);
		const feed = subscribeFeed(server.url, topic.id);
		await eventually(() => expect(feed.provider.synced).toBe(true));
		expect(readTopic(feed.doc)).toMatchObject({
			meta: { title: 'Budget', options: topic.options },
			state: { status: 'open' },
			results: { totals: {}, turnout: 0 }
		});

		const voters = await Promise.all([api.register(), api.register(), api.register()]);
		const clients = voters.map((voter) => connectVoter(server.wsUrl, topic.id, voter));
		for (const [index, client] of clients.entries()) {
			client.vote(topic.options[index === 2 ? 1 : 0].id);
			await eventually(() => expect(readTopic(feed.doc).results?.turnout).toBe(index + 1));
		}
		expect(readTopic(feed.doc).results?.totals).toEqual((await api.results(topic.id)).totals);
		expect(readTopic(feed.doc).results?.totals).toMatchObject({
			[topic.options[0].id]: 2,
			[topic.options[1].id]: 1
		});

		await api.close(owner.token, topic.id);
		await eventually(() => expect(readTopic(feed.doc).state?.status).toBe('closed'));
		// The whole document, as the server's own anonymous reader gets it.
		const reader = anonymousReader(topic.id);
		await eventually(() =>
			expect(topicMap(feed.doc).toJSON()).toEqual(topicMap(reader.doc).toJSON())
		);
		for (const each of [feed, reader, ...clients]) each.destroy();
	});

	it('keeps hidden totals hidden and shows them when the topic closes', async () => {
		const owner = await api.register();
		const created = await api.call('POST', '/api/topics', {
			token: owner.token,
			body: { title: 'Secret count', options: ['Yes', 'No'], hideResults: true }
		});
		const topic = created.body.topic;
		await api.open(owner.token, topic.id);
		const feed = subscribeFeed(server.url, topic.id);
		const voters = await Promise.all([api.register(), api.register(), api.register()]);
		const clients = voters.map((voter) => connectVoter(server.wsUrl, topic.id, voter));
		clients.forEach((client, index) => client.vote(topic.options[index === 2 ? 1 : 0].id));
		await eventually(() => expect(readTopic(feed.doc).results?.turnout).toBe(3));

		expect(readTopic(feed.doc).results).toEqual({
			totals: {},
			turnout: 3,
			hidden: true,
			at: expect.any(Number),
			// The audit head travels with the results (an entry count, no totals).
			audit: { entries: expect.any(Number), head: expect.any(String) }
		});
		const reader = anonymousReader(topic.id);
		await eventually(() => expect(readTopic(reader.doc).results?.turnout).toBe(3));
		expect(topicMap(feed.doc).toJSON()).toEqual(topicMap(reader.doc).toJSON());
		const bytes = Buffer.from(Y.encodeStateAsUpdate(feed.doc)).toString('latin1');
		expect(bytes).not.toContain(`"${topic.options[0].id}":2`);
		expect(bytes).not.toContain(`"${topic.options[1].id}":1`);

		await api.close(owner.token, topic.id);
		await eventually(() =>
			expect(readTopic(feed.doc).results).toMatchObject({
				totals: { [topic.options[0].id]: 2, [topic.options[1].id]: 1 },
				turnout: 3,
				hidden: false
			})
		);
		for (const each of [feed, reader, ...clients]) each.destroy();
	});

	it('leaves no trace of the totals once the host hides them, for a new subscriber', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['Yes', 'No'], 'Shown, then hidden');
		await api.open(owner.token, topic.id);
		const voters = await Promise.all([api.register(), api.register()]);
		const clients = voters.map((voter) => connectVoter(server.wsUrl, topic.id, voter));
		clients.forEach((client) => client.vote(topic.options[1].id));
		const early = subscribeFeed(server.url, topic.id);
		await eventually(() =>
			expect(readTopic(early.doc).results?.totals).toMatchObject({ [topic.options[1].id]: 2 })
		);

		const hidden = await api.call('POST', `/api/topics/${topic.id}/results-visibility`, {
			token: owner.token,
			body: { hidden: true }
		});
		expect(hidden.status).toBe(200);
		await eventually(() => expect(readTopic(early.doc).results?.hidden).toBe(true));
		const late = subscribeFeed(server.url, topic.id);
		await eventually(() => expect(late.provider.synced).toBe(true));
		expect(readTopic(late.doc).results).toEqual({
			totals: {},
			turnout: 2,
			hidden: true,
			at: expect.any(Number),
			// The audit head travels with the results (an entry count, no totals).
			audit: { entries: expect.any(Number), head: expect.any(String) }
		});
		const bytes = Buffer.from(Y.encodeStateAsUpdate(late.doc)).toString('latin1');
		expect(bytes).not.toContain(`"${topic.options[1].id}":2`);
		for (const each of [early, late, ...clients]) each.destroy();
	});

	it('refuses, for good, a topic an anonymous reader of /collab may not open, and other sites', async () => {
		const owner = await api.register();
		const draft = await api.createTopic(owner.token, ['A', 'B'], 'Not yet');
		const created = await api.call('POST', '/api/meetings', {
			token: owner.token,
			body: { title: 'Board' }
		});
		await api.call('POST', `/api/meetings/${created.body.meeting.id}/topics`, {
			token: owner.token,
			body: { title: 'On the agenda', options: ['Yes', 'No'] }
		});
		const meeting = (
			await api.call('GET', `/api/meetings/${created.body.meeting.id}`, { token: owner.token })
		).body.meeting;
		const agendaDraft = meeting.agenda[0].id as string;

		// The same answer as `/collab` gives a reader without a session, topic by topic.
		for (const [topicId, readable] of [
			[draft.id, false],
			['no-such-topic', false],
			[agendaDraft, true]
		] as const) {
			const reader = anonymousReader(topicId);
			const feed = subscribeFeed(server.url, topicId);
			if (readable) {
				await eventually(() => expect(feed.provider.synced).toBe(true));
				await eventually(() => expect(readTopic(reader.doc).meta).not.toBeNull());
				expect(readTopic(feed.doc).meta?.title).toBe('On the agenda');
			} else {
				await eventually(() => expect(feed.closed()).toEqual(FEED_CLOSE.unknownTopic));
				await eventually(() => expect(reader.failure()).toBe('unknown-topic'));
				expect(feed.provider.synced).toBe(false);
				expect(topicMap(feed.doc).size).toBe(0);
				expect(feed.provider.shouldConnect).toBe(false);
			}
			feed.destroy();
			reader.destroy();
		}

		// Opened, the topic is public and the feed serves it.
		await api.open(owner.token, draft.id);
		const opened = subscribeFeed(server.url, draft.id);
		await eventually(() => expect(readTopic(opened.doc).state?.status).toBe('open'));
		opened.destroy();

		await expect(
			rawFeedClient(server.url, draft.id, { origin: 'https://elsewhere.example' })
		).rejects.toThrow('upgrade refused: 403');
	});

	it('applies nothing a hostile subscriber sends, for the server or any other subscriber', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['Yes', 'No'], 'Untouchable');
		await api.open(owner.token, topic.id);
		const honest = subscribeFeed(server.url, topic.id);
		await eventually(() => expect(honest.provider.synced).toBe(true));
		const hostile = await rawFeedClient(server.url, topic.id);
		hostile.sync();
		await eventually(() => expect(readTopic(hostile.doc).meta?.title).toBe('Untouchable'));

		// Forged results, a renamed topic and a new shared type, from a client id of its own.
		const forger = new Y.Doc();
		Y.applyUpdate(forger, Y.encodeStateAsUpdate(hostile.doc));
		const before = Y.encodeStateVector(forger);
		forger.transact(() => {
			topicMap(forger).set('results', {
				totals: { [topic.options[1].id]: 999 },
				turnout: 999,
				at: 0
			});
			topicMap(forger).set('meta', { ...readTopic(forger).meta, title: 'Hacked' });
			topicMap(forger).delete('state');
			forger.getMap('extra').set('planted', true);
		});
		const forged = Y.encodeStateAsUpdate(forger, before);
		hostile.sendUpdate(forged);
		hostile.sendSyncStep2(forged);
		hostile.sendSyncStep2(Y.encodeStateAsUpdate(forger));
		const awareness = new awarenessProtocol.Awareness(forger);
		awareness.setLocalState({ user: 'Admin', results: 'fake' });
		hostile.sendAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [forger.clientID]));

		// The server's document as it answers after all of that, on the same socket.
		const served = await hostile.fresh();
		expect(clientsOf(served)).not.toContain(forger.clientID);
		expect(served.share.has('extra')).toBe(false);
		expect(readTopic(served)).toMatchObject({
			meta: { title: 'Untouchable' },
			state: { status: 'open' },
			results: { totals: {}, turnout: 0 }
		});

		// A real vote still reaches everyone, and nobody ever saw the forgery.
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		voter.vote(topic.options[0].id);
		const reader = anonymousReader(topic.id);
		const late = subscribeFeed(server.url, topic.id);
		for (const doc of [honest.doc, reader.doc, late.doc]) {
			await eventually(() => expect(readTopic(doc).results?.turnout).toBe(1));
			expect(clientsOf(doc)).not.toContain(forger.clientID);
			expect(doc.share.has('extra')).toBe(false);
			expect(readTopic(doc)).toMatchObject({
				meta: { title: 'Untouchable' },
				state: { status: 'open' },
				results: { totals: { [topic.options[0].id]: 1 }, turnout: 1 }
			});
		}
		expect(await api.results(topic.id)).toMatchObject({
			turnout: 1,
			totals: { [topic.options[0].id]: 1 }
		});
		expect(hostile.closed()).toBeNull();
		hostile.close();
		for (const each of [honest, reader, late, voter]) each.destroy();
	});

	it('closes a subscriber that sends an unreadable frame or too big a message', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		const garbled = await rawFeedClient(server.url, topic.id);
		garbled.sendRaw(new Uint8Array([0, 0, 200]));
		await eventually(() => expect(garbled.closed()).toEqual(FEED_CLOSE.malformed));
		const big = await rawFeedClient(server.url, topic.id);
		big.sendUpdate(new Uint8Array(128 * 1024));
		await eventually(() => expect(big.closed()?.code).toBe(CLOSE.messageTooBig.code));
	});
});
