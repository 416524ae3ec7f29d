/**
 * Signing out ends everything the session opened: sockets upgraded with its cookie and sockets on
 * which documents were opened with its token (the provider's `token`), whoever else shares them.
 */
import { describe, expect, it } from 'vitest';
import { ballotDocumentName } from '../../src/lib/shared/documents.ts';
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
		const name = ballotDocumentName(topic.id, account.user.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:read-write'));
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
		const closes: number[] = [];
		voter.websocket.on('close', ({ event }: { event: { code: number } }) =>
			closes.push(event.code)
		);

		await api.call('POST', '/api/auth/logout', { token: account.token });
		await eventually(() => expect(closes).toContain(CLOSE.sessionEnded.code));
		// On reconnecting, the provider's token is refused: the ballot stays shut.
		await eventually(() => expect(voter.ballot.failure()).toBe('invalid-token'));
		voter.destroy();
	});

	it('leaves the sockets of the same user’s other sessions open', async () => {
		const topic = await openTopic();
		const account = await api.register();
		const second = await api.call('POST', '/api/auth/login', {
			body: { username: account.user.username, password: 'correct horse battery staple' }
		});
		const client = await rawClient(server.wsUrl);
		const name = ballotDocumentName(topic.id, account.user.id);
		client.authenticate(name, second.body.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:read-write'));

		await api.call('POST', '/api/auth/logout', { token: account.token });
		const probe = await rawClient(server.wsUrl);
		probe.authenticate(name, account.token);
		await eventually(() => expect(probe.authReply(name)).toBe('denied:invalid-token'));
		expect(client.closed()).toBeNull();
		client.close();
		probe.close();
	});
});
