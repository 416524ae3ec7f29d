/**
 * Ballots as messages on the topic document, against the real server: real providers voting as
 * the browser does (`BallotChannel`), and a hostile client sending frames by hand.
 */
import { describe, expect, it } from 'vitest';
import { readBallotAnswer, voteMessage } from '../../src/lib/shared/ballot-messages.ts';
import { topicDocumentName } from '../../src/lib/shared/documents.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openBallot, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer();

/** An open topic; `allowChange` lets votes change, `secret: false` names them. */
async function openTopic(settings: { allowChange?: boolean; secret?: boolean } = {}) {
	const owner = await api.register();
	const created = await api.call('POST', '/api/topics', {
		token: owner.token,
		body: { title: 'Motion', options: ['Yes', 'No'], ...settings }
	});
	expect(created.status).toBe(201);
	return api.open(owner.token, created.body.topic.id);
}

describe('ballots as messages on the topic', () => {
	it('counts a vote written while the socket was down once, when it connects', async () => {
		const topic = await openTopic();
		const account = await api.register();
		const websocket = socket(server.wsUrl);
		const device = openDocument(websocket, topicDocumentName(topic.id), account.token);
		await eventually(() => expect(device.provider.isSynced).toBe(true));
		websocket.disconnect();
		await eventually(() => expect(device.provider.isSynced).toBe(false));
		const ballot = openBallot(device);
		ballot.channel.vote({
			ballotId: 'offline-ballot-01',
			choice: [topic.options[1].id],
			castAt: 0
		});
		expect(ballot.doc.getMap('ballot').get('receipt')).toBeUndefined();
		await websocket.connect();
		await eventually(() =>
			expect(ballot.doc.getMap('ballot').get('receipt')).toMatchObject({
				ballotId: 'offline-ballot-01'
			})
		);
		// Connected again later: the request is answered, so the device only asks.
		websocket.disconnect();
		await eventually(() => expect(device.provider.isSynced).toBe(false));
		await websocket.connect();
		await eventually(() => expect(ballot.answers()).toBe(2));
		const { totals } = await expectInvariants(server.databasePath, api, topic.id);
		expect(totals).toEqual({ [topic.options[1].id]: 1 });
		ballot.destroy();
		device.destroy();
		websocket.destroy();
	});

	it("shows a vote changed on one device on the voter's other device, and nobody else's", async () => {
		const topic = await openTopic({ allowChange: true, secret: false });
		const account = await api.register();
		const phone = connectVoter(server.wsUrl, topic.id, account);
		const laptop = connectVoter(server.wsUrl, topic.id, account);
		const neighbour = connectVoter(server.wsUrl, topic.id, await api.register());
		try {
			await eventually(() =>
				[phone, laptop, neighbour].forEach((v) => expect(v.ballot.answers()).toBe(1))
			);
			const first = phone.vote(topic.options[0].id);
			await eventually(() => expect(laptop.answer().receipt?.ballotId).toBe(first));
			const second = laptop.vote(topic.options[1].id);
			await eventually(() => expect(phone.answer().receipt?.ballotId).toBe(second));
			expect(phone.answer().receipt?.choice).toEqual([topic.options[1].id]);
			expect(neighbour.answer().receipt).toBeNull();
			expect(neighbour.ballot.answers()).toBe(1);
			const { totals } = await expectInvariants(server.databasePath, api, topic.id);
			expect(totals).toEqual({ [topic.options[1].id]: 1 });
		} finally {
			[phone, laptop, neighbour].forEach((v) => v.destroy());
		}
	});

	it('answers hostile messages with a clear refusal or not at all, and counts nothing', async () => {
		const topic = await openTopic();
		const name = topicDocumentName(topic.id);
		const account = await api.register();
		const client = await rawClient(server.wsUrl);
		client.authenticate(name, account.token);
		client.syncStep1(name);
		await eventually(() => expect(client.authReply(name)).toMatch(/^authenticated/));
		const answers = () => client.statelessReceived(name).map((p) => readBallotAnswer(p));
		/** Sends one payload and waits for its answer's refusal reason (null: none expected). */
		const refusalOf = async (payload: string) => {
			const before = answers().length;
			client.stateless(name, payload);
			await eventually(() => expect(answers().length).toBe(before + 1));
			return answers()[before]?.refusal?.reason;
		};
		// Not ours, or not readable as a message at all: no answer (the next honest request is the
		// first thing answered).
		for (const ignored of [
			'{"type":"plenum/vote","request":',
			JSON.stringify({ type: 'plenum/ballot', receipt: { ballotId: 'c'.repeat(16) } }),
			JSON.stringify({ type: 'plenum/vote', request: {}, pad: 'x'.repeat(20_000) }),
			'\u0000'.repeat(100)
		])
			client.stateless(name, ignored);
		// A topic this socket never opened: nothing is answered or counted.
		client.stateless(
			topicDocumentName('no-such-topic'),
			voteMessage({ ballotId: 'f'.repeat(16), choice: [topic.options[0].id], castAt: 0 })
		);
		expect(
			await refusalOf(
				JSON.stringify({ type: 'plenum/vote', request: { ballotId: 'a'.repeat(16), choice: 7 } })
			)
		).toBe('malformed-ballot');
		expect(await refusalOf(JSON.stringify({ type: 'plenum/vote', request: null }))).toBe(
			'malformed-ballot'
		);
		expect(
			await refusalOf(
				JSON.stringify({ type: 'plenum/vote', request: { ballotId: 'b'.repeat(16) }, for: '../x' })
			)
		).toBe('malformed-ballot');
		expect(
			await refusalOf(
				voteMessage({ ballotId: 'd'.repeat(16), choice: ['no-such-option'], castAt: 0 })
			)
		).toBe('unknown-option');
		expect(
			await refusalOf(
				voteMessage(
					{ ballotId: 'e'.repeat(16), choice: [topic.options[0].id], castAt: 0 },
					'nobody'
				)
			)
		).toBe('not-a-proxy');
		expect(client.closed()).toBeNull();
		// The socket still votes honestly afterwards.
		expect(
			await refusalOf(
				voteMessage({ ballotId: 'g'.repeat(16), choice: [topic.options[0].id], castAt: 0 })
			)
		).toBeUndefined();
		expect(answers().at(-1)?.receipt?.ballotId).toBe('g'.repeat(16));
		expect(client.statelessReceived(topicDocumentName('no-such-topic'))).toEqual([]);
		const { totals } = await expectInvariants(server.databasePath, api, topic.id);
		expect(totals).toEqual({ [topic.options[0].id]: 1 });
		client.close();
	});

	it('refuses a vote from a page nobody signed in on, and counts nothing', async () => {
		const topic = await openTopic();
		const websocket = socket(server.wsUrl);
		const viewer = openDocument(websocket, topicDocumentName(topic.id), null);
		const ballot = openBallot(viewer);
		try {
			await eventually(() => expect(viewer.provider.isSynced).toBe(true));
			ballot.channel.vote({
				ballotId: 'anonymous-ballot',
				choice: [topic.options[0].id],
				castAt: 0
			});
			await eventually(() =>
				expect(ballot.doc.getMap('ballot').get('refusal')).toMatchObject({
					ballotId: 'anonymous-ballot',
					reason: 'not-signed-in'
				})
			);
			expect((await api.results(topic.id)).turnout).toBe(0);
		} finally {
			ballot.destroy();
			viewer.destroy();
			websocket.destroy();
		}
	});
});
