import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { readBallotAnswer, voteMessage } from '../../src/lib/shared/ballot-messages.ts';
import { ballotDocumentName, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer({
	MAX_DOCUMENTS_PER_SOCKET: '3',
	MAX_SOCKETS_PER_USER: '2',
	MAX_SOCKETS_PER_ADDRESS: '8',
	MESSAGE_RATE: '5',
	MESSAGE_BURST: '30'
});

async function openTopic() {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token);
	await api.open(owner.token, topic.id);
	return topic;
}

describe('connection limits', () => {
	it('refuses documents beyond the per-socket limit, naming the reason', async () => {
		const topics = await Promise.all([openTopic(), openTopic(), openTopic(), openTopic()]);
		const account = await api.register();
		const client = await rawClient(server.wsUrl);
		// A ballot document (ballots are messages on their topic now) is refused and takes no place.
		const ballot = ballotDocumentName(topics[0].id, account.user.id);
		client.authenticate(ballot, account.token);
		await eventually(() => expect(client.authReply(ballot)).toBe('denied:unknown-document'));
		for (const topic of topics) {
			client.authenticate(topicDocumentName(topic.id), account.token);
			await eventually(() => expect(client.authReply(topicDocumentName(topic.id))).not.toBeNull());
		}
		expect(topics.map((t) => client.authReply(topicDocumentName(t.id)))).toEqual([
			'authenticated:readonly',
			'authenticated:readonly',
			'authenticated:readonly',
			'denied:too-many-documents'
		]);
		client.close();
	});

	it('refuses a user’s sockets beyond the per-user limit', async () => {
		const topic = await openTopic();
		const name = topicDocumentName(topic.id);
		const account = await api.register();
		const clients: Awaited<ReturnType<typeof rawClient>>[] = [];
		for (let i = 0; i < 3; i++) {
			const client = await rawClient(server.wsUrl);
			client.authenticate(name, account.token);
			await eventually(() => expect(client.authReply(name)).not.toBeNull());
			clients.push(client);
		}
		expect(clients.map((c) => c.authReply(name))).toEqual([
			'authenticated:readonly',
			'authenticated:readonly',
			'denied:too-many-connections'
		]);
		// The sockets admitted serve the user: a vote on one counts.
		clients[0].stateless(
			name,
			voteMessage({ ballotId: 'within-limit-01', choice: [topic.options[1].id], castAt: 0 })
		);
		await eventually(() =>
			expect(clients[0].statelessReceived(name).map((p) => readBallotAnswer(p))).toMatchObject([
				{ receipt: { ballotId: 'within-limit-01' }, refusal: null }
			])
		);
		expect((await api.results(topic.id)).turnout).toBe(1);
		clients.forEach((c) => c.close());
	});

	it('answers sockets beyond the per-address limit with HTTP 429, and frees places on close', async () => {
		const open = [];
		for (let i = 0; i < 8; i++) open.push(await rawClient(server.wsUrl));
		const refused = await new Promise<string>((resolve) => {
			const socket = new WebSocket(server.wsUrl);
			socket.once('unexpected-response', (_request, response) =>
				resolve(String(response.statusCode))
			);
			socket.once('error', (error) => resolve(error.message));
			socket.once('open', () => resolve('open'));
		});
		expect(refused).toMatch(/429/);
		open.forEach((client) => client.close());
		await eventually(async () => {
			const client = await rawClient(server.wsUrl);
			client.close();
		});
	});

	it('closes a socket that floods messages, and others keep working', async () => {
		const topic = await openTopic();
		const flooder = await rawClient(server.wsUrl);
		for (let i = 0; i < 200; i++) flooder.syncStep1(topicDocumentName(topic.id));
		await eventually(() => expect(flooder.closed()).toEqual(CLOSE.rateLimited));

		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		const ballotId = voter.vote(topic.options[0].id);
		await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(ballotId));
		voter.destroy();
	});
});
