/**
 * Signing out ends everything the session opened: sockets upgraded with its cookie and sockets on
 * which documents were opened with its token (the provider's `token`), whoever else shares them.
 */
import { describe, expect, it } from 'vitest';
import { readBallotAnswer, voteMessage } from '../../src/lib/shared/ballot-messages.ts';
import { topicDocumentName } from '../../src/lib/shared/documents.ts';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer();

async function openTopic() {
	const host = await api.register();
	const topic = await api.createTopic(host.token);
	await api.open(host.token, topic.id);
	return topic;
}

describe('signing out', () => {
	it('closes a socket whose documents were opened with the session token (no cookie)', async () => {
		const topic = await openTopic();
		const account = await api.register();
		const client = await rawClient(server.wsUrl);
		const name = topicDocumentName(topic.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
		expect(client.closed()).toBeNull();

		expect((await api.call('POST', '/api/auth/logout', { token: account.token })).status).toBe(200);
		await eventually(() => expect(client.closed()?.code).toBe(CLOSE.sessionEnded.code));
		expect(client.closed()?.reason).toBe(CLOSE.sessionEnded.reason);
	});

	it('closes the real provider’s socket opened with the token, and it cannot come back', async () => {
		const topic = await openTopic();
		const account = await api.register();
		const voter = connectVoter(server.wsUrl, topic.id, account);
		await eventually(() => expect(voter.state()?.status).toBe('open'));
		await eventually(() => expect(voter.ballot.answers()).toBe(1));
		const closes: number[] = [];
		voter.websocket.on('close', ({ event }: { event: { code: number } }) =>
			closes.push(event.code)
		);

		await api.call('POST', '/api/auth/logout', { token: account.token });
		await eventually(() => expect(closes).toContain(CLOSE.sessionEnded.code));
		// On reconnecting, the provider's token is refused: the topic, on which ballots travel,
		// stays shut to this device.
		await eventually(() => expect(voter.topic.failure()).toBe('invalid-token'));
		expect(voter.topic.provider.isSynced).toBe(false);
		// A vote the device sends now is neither answered nor counted.
		const ballotId = voter.vote(topic.options[0].id);
		const again = await api.call('POST', '/api/auth/login', {
			body: { username: account.user.username, password: 'correct horse battery staple' }
		});
		expect(again.status).toBe(200);
		const other = connectVoter(server.wsUrl, topic.id, {
			user: account.user,
			token: again.body.token
		});
		await eventually(() => expect(other.ballot.answers()).toBe(1));
		expect(other.answer()).toMatchObject({ receipt: null, sealed: false });
		expect(voter.ballot.answers()).toBe(1);
		expect(voter.answer().receipt).toBeNull();
		expect(voter.answer().request?.ballotId).toBe(ballotId);
		expect((await api.results(topic.id)).turnout).toBe(0);
		other.destroy();
		voter.destroy();
	});

	it('leaves the sockets of the same user’s other sessions open', async () => {
		const topic = await openTopic();
		const account = await api.register();
		const second = await api.call('POST', '/api/auth/login', {
			body: { username: account.user.username, password: 'correct horse battery staple' }
		});
		const client = await rawClient(server.wsUrl);
		const name = topicDocumentName(topic.id);
		client.authenticate(name, second.body.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));

		await api.call('POST', '/api/auth/logout', { token: account.token });
		const probe = await rawClient(server.wsUrl);
		probe.authenticate(name, account.token);
		await eventually(() => expect(probe.authReply(name)).toBe('denied:invalid-token'));
		expect(client.closed()).toBeNull();
		// The other session's connection still votes as the user.
		client.stateless(
			name,
			voteMessage({ ballotId: 'other-session-01', choice: [topic.options[0].id], castAt: 0 })
		);
		await eventually(() =>
			expect(client.statelessReceived(name).map((p) => readBallotAnswer(p))).toMatchObject([
				{ receipt: { ballotId: 'other-session-01' }, refusal: null }
			])
		);
		expect((await api.results(topic.id)).turnout).toBe(1);
		expect(client.closed()).toBeNull();
		client.close();
		probe.close();
	});
});
