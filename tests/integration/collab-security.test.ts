import fc from 'fast-check';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	ballotDocumentName,
	readBallot,
	readTopic,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { execute, queryRows } from '../helpers/database.ts';
import { frame, mapUpdate, rawClient } from '../helpers/raw-client.ts';
import { testSeed } from '../helpers/seed.ts';
import { useServer } from '../helpers/use-server.ts';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { ballotAnswer } from '../../src/lib/shared/ballot-messages.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';
import { inviteAll, joinAsGuest, redeem, rollMeeting } from '../helpers/roll.ts';

const { server, api } = useServer({ MAX_MESSAGE_BYTES: '8192' });

async function openTopic() {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token);
	await api.open(owner.token, topic.id);
	return { owner, topic };
}

function voteRows(topicId: string) {
	return queryRows(
		server.databasePath,
		`SELECT user_id FROM votes WHERE topic_id = ?
		 UNION ALL SELECT user_id FROM participations WHERE topic_id = ?`,
		topicId,
		topicId
	);
}

describe('who may open which document', () => {
	it('refuses another user’s ballot, a forged token and anonymous voting, with reasons', async () => {
		const { topic } = await openTopic();
		const alice = await api.register();
		const mallory = await api.register();
		const client = await rawClient(server.wsUrl);
		const aliceBallot = ballotDocumentName(topic.id, alice.user.id);
		client.authenticate(aliceBallot, mallory.token);
		client.authenticate(ballotDocumentName(topic.id, mallory.user.id), `${mallory.token}x`);
		client.authenticate(ballotDocumentName(topic.id, 'nobody'), '');
		client.authenticate('topic/../../etc/passwd', mallory.token);
		client.authenticate(topicDocumentName('doesnotexist'), mallory.token);
		await eventually(() => {
			expect(client.authReply(aliceBallot)).toBe('denied:forbidden');
			expect(client.authReply(ballotDocumentName(topic.id, mallory.user.id))).toBe(
				'denied:invalid-token'
			);
			expect(client.authReply(ballotDocumentName(topic.id, 'nobody'))).toBe('denied:not-signed-in');
			expect(client.authReply('topic/../../etc/passwd')).toBe('denied:unknown-document');
			expect(client.authReply(topicDocumentName('doesnotexist'))).toBe('denied:unknown-topic');
		});
		// The socket stays usable for documents the client may open.
		client.authenticate(topicDocumentName(topic.id), mallory.token);
		await eventually(() =>
			expect(client.authReply(topicDocumentName(topic.id))).toBe('authenticated:readonly')
		);
		client.close();
	});

	it('hides a draft topic from everyone but its owner', async () => {
		const owner = await api.register();
		const draft = await api.createTopic(owner.token);
		const stranger = await api.register();
		const client = await rawClient(server.wsUrl);
		client.authenticate(topicDocumentName(draft.id), stranger.token);
		await eventually(() =>
			expect(client.authReply(topicDocumentName(draft.id))).toBe('denied:unknown-topic')
		);
		const own = await rawClient(server.wsUrl);
		own.authenticate(topicDocumentName(draft.id), owner.token);
		await eventually(() =>
			expect(own.authReply(topicDocumentName(draft.id))).toBe('authenticated:readonly')
		);
		client.close();
		own.close();
	});

	it('refuses a WebSocket upgrade from another site', async () => {
		const attempt = new WebSocket(server.wsUrl, { headers: { origin: 'https://evil.example' } });
		const status = await new Promise<number>((resolve) => {
			attempt.once('unexpected-response', (_request, response) =>
				resolve(response.statusCode ?? 0)
			);
			attempt.once('open', () => resolve(101));
		});
		expect(status).toBe(403);
	});
});

describe('writes no client may make', () => {
	it('drops a client’s writes to the topic document: tallies, status and deletions', async () => {
		const { topic } = await openTopic();
		const attacker = await api.register();
		const honest = connectVoter(server.wsUrl, topic.id, await api.register());
		const name = topicDocumentName(topic.id);
		const client = await rawClient(server.wsUrl);
		client.authenticate(name, attacker.token);
		client.syncStep1(name);
		await eventually(() => expect(readTopic(client.doc(name)).state?.status).toBe('open'));

		const forged = mapUpdate(
			'topic',
			{
				results: { totals: { [topic.options[0].id]: 1000 }, turnout: 1000, at: Date.now() },
				state: { status: 'closed', openedAt: 0, closedAt: 0 }
			},
			client.doc(name)
		);
		client.update(name, forged);
		const eraser = new Y.Doc();
		Y.applyUpdate(eraser, Y.encodeStateAsUpdate(client.doc(name)));
		const before = Y.encodeStateVector(eraser);
		eraser.getMap('topic').delete('meta');
		client.update(name, Y.encodeStateAsUpdate(eraser, before));

		await eventually(() => expect(client.syncStatus(name).length).toBeGreaterThanOrEqual(2));
		const ballotId = honest.vote(topic.options[1].id);
		await eventually(() => expect(honest.answer().receipt?.ballotId).toBe(ballotId));
		await eventually(() => expect(honest.tally()?.turnout).toBe(1));
		expect(honest.state()?.status).toBe('open');
		expect(readTopic(honest.topic.doc).meta?.title).toBe(topic.title);
		expect(await api.results(topic.id)).toMatchObject({ status: 'open', turnout: 1 });

		const fresh = connectVoter(server.wsUrl, topic.id, attacker);
		await eventually(() => expect(fresh.tally()?.turnout).toBe(1));
		expect(fresh.state()?.status).toBe('open');
		fresh.destroy();
		honest.destroy();
		client.close();
	});

	it('takes no receipt a voter forges and sends as if it were the server', async () => {
		const { topic } = await openTopic();
		const account = await api.register();
		const voter = connectVoter(server.wsUrl, topic.id, account);
		await eventually(() => expect(voter.state()?.status).toBe('open'));
		const forged = {
			ballotId: 'forgedforged',
			choice: [topic.options[0].id],
			tracker: 'FAKE-FAKE-FAKE',
			acceptedAt: 1
		};
		voter.topic.provider.sendStateless(
			ballotAnswer({ receipt: forged, sealed: false, refusal: null })
		);
		voter.topic.provider.sendStateless(
			JSON.stringify({ type: 'plenum/results', results: { at: Date.now(), turnout: 99 } })
		);
		// What counts for this voter, as the server says it to another device of theirs: nothing.
		const other = connectVoter(server.wsUrl, topic.id, account);
		await eventually(() => expect(other.ballot.answers()).toBe(1));
		expect(other.answer()).toMatchObject({ receipt: null, sealed: false });
		expect(await voteRows(topic.id)).toEqual([]);
		expect((await api.results(topic.id)).turnout).toBe(0);
		voter.destroy();
		other.destroy();
	});

	it('counts exactly one of two simultaneous ballots by one user on two connections', async () => {
		const { topic } = await openTopic();
		const account = await api.register();
		const [a, b] = [0, 1].map(() => connectVoter(server.wsUrl, topic.id, account));
		await eventually(() => [a, b].forEach((v) => expect(v.state()?.status).toBe('open')));
		const ballotA = a.vote(topic.options[0].id);
		const ballotB = b.vote(topic.options[1].id);
		await eventually(() =>
			[a, b].forEach((v) => expect([ballotA, ballotB]).toContain(v.answer().receipt?.ballotId))
		);
		await eventually(() => expect(a.answer().receipt).toEqual(b.answer().receipt));
		expect(await voteRows(topic.id)).toHaveLength(1);
		expect((await api.results(topic.id)).turnout).toBe(1);
		a.destroy();
		b.destroy();
	});
});

describe('roll meetings: whoever is not on the roll does not vote', () => {
	it('refuses a guest with the code and an account not on the roll, whatever they send', async () => {
		const { host, meeting, topic } = await rollMeeting(api, server.url, 'name\nAnn\nBen');
		const [ann] = await inviteAll(api, host, meeting.id);
		await api.open(host.token, topic.id);
		const member = await redeem(api, ann.code);
		const guest = await joinAsGuest(api, meeting.code, 'Ann');
		const account = await api.register();
		const yes = topic.options[0].id;

		for (const outsider of [guest, account, host]) {
			const client = await rawClient(server.wsUrl);
			// Their own ballot opens (anyone may try); the member's does not.
			const own = ballotDocumentName(topic.id, outsider.user.id);
			const members = ballotDocumentName(topic.id, member.body.user.id);
			client.authenticate(own, outsider.token);
			client.authenticate(members, outsider.token);
			await eventually(() => {
				expect(client.authReply(own)).toBe('authenticated:read-write');
				expect(client.authReply(members)).toBe('denied:forbidden');
			});
			client.syncStep1(own);
			// A well-formed request, one naming a roll entry and a forged receipt: none counts.
			client.update(
				own,
				mapUpdate('ballot', { request: { ballotId: `${outsider.user.id}-1`, optionId: yes } })
			);
			await eventually(() =>
				expect(readBallot(client.doc(own)).refusal?.reason).toBe('not-eligible')
			);
			const withEntry = mapUpdate(
				'ballot',
				{
					request: { ballotId: `${outsider.user.id}-2`, optionId: yes, rollEntryId: ann.entry.id }
				},
				client.doc(own)
			);
			client.update(own, withEntry);
			await eventually(() =>
				expect(readBallot(client.doc(own)).refusal?.reason).toBe('malformed-ballot')
			);
			client.update(
				own,
				mapUpdate(
					'ballot',
					{ receipt: { ballotId: 'forged', choice: [yes], tracker: 'FAKE', acceptedAt: 1 } },
					client.doc(own)
				)
			);
			await eventually(() => expect(readBallot(client.doc(own)).receipt).toBeNull());
			client.close();
		}
		expect(await voteRows(topic.id)).toEqual([]);
		expect((await api.results(topic.id)).turnout).toBe(0);

		// The member's ballot still counts, once.
		const voter = connectVoter(server.wsUrl, topic.id, member.body);
		voter.vote(yes);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		expect(await voteRows(topic.id)).toHaveLength(1);
		voter.destroy();
	});
});

describe('bad input', () => {
	it('closes a socket that sends a message over the size limit, and nothing changes', async () => {
		const { topic } = await openTopic();
		const account = await api.register();
		const client = await rawClient(server.wsUrl);
		const name = ballotDocumentName(topic.id, account.user.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:read-write'));
		client.update(
			name,
			mapUpdate('ballot', { request: { ballotId: 'x'.repeat(20), optionId: 'y'.repeat(20_000) } })
		);
		await eventually(() => expect(client.closed()?.code).toBe(CLOSE.messageTooBig.code));
		expect(await voteRows(topic.id)).toEqual([]);
	});

	it('survives malformed and random frames and keeps serving honest voters', async () => {
		const { topic } = await openTopic();
		const account = await api.register();
		const frames: Uint8Array[] = [
			new Uint8Array([]),
			new Uint8Array([255, 255, 255, 255, 255]),
			frame('topic/x', 0, (e) => e),
			frame(topicDocumentName(topic.id), 99, (e) => e),
			new TextEncoder().encode('{"hello": "json"}')
		];
		const seed = testSeed('random frames');
		frames.push(
			...fc.sample(fc.uint8Array({ minLength: 1, maxLength: 64 }), { numRuns: 200, seed })
		);
		for (const bytes of frames) {
			const client = await rawClient(server.wsUrl);
			client.send(bytes);
			client.send(bytes);
			client.close();
		}
		const ballotName = ballotDocumentName(topic.id, account.user.id);
		const garbage = await rawClient(server.wsUrl);
		garbage.authenticate(ballotName, account.token);
		await eventually(() => expect(garbage.authReply(ballotName)).toBe('authenticated:read-write'));
		garbage.send(frame(ballotName, 0, (e) => e));
		garbage.send(
			frame(ballotName, 0, (e) => {
				e.bufs.push(new Uint8Array([2, 200, 1, 2, 3]));
			})
		);

		const voter = connectVoter(server.wsUrl, topic.id, account);
		const ballotId = voter.vote(topic.options[0].id);
		await eventually(() => expect(readBallot(voter.ballot.doc).receipt?.ballotId).toBe(ballotId));
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		voter.destroy();
		garbage.close();
	});

	it('answers a malformed ballot request with a refusal and counts nothing', async () => {
		const { topic } = await openTopic();
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		await eventually(() => expect(voter.state()?.status).toBe('open'));
		voter.ballot.sendRaw({ ballotId: 'short', optionId: 42 });
		await eventually(() => expect(voter.answer().refusal?.reason).toBe('malformed-ballot'));
		expect(await voteRows(topic.id)).toEqual([]);
		voter.destroy();
	});
});

describe('sessions', () => {
	it('signing out closes the sockets opened with that session', async () => {
		const account = await api.register();
		const client = await rawClient(server.wsUrl, {
			cookie: `plenum_session=${account.token}`,
			origin: server.url
		});
		const { status } = await api.call('POST', '/api/auth/logout', { token: account.token });
		expect(status).toBe(200);
		await eventually(() => expect(client.closed()?.code).toBe(CLOSE.sessionEnded.code));
		const me = await api.call('GET', '/api/me', { token: account.token });
		expect(me.status).toBe(401);
	});

	it('signing out ends documents opened with that session’s token, and refuses the token after', async () => {
		const { topic } = await openTopic();
		const account = await api.register();
		const client = await rawClient(server.wsUrl);
		const name = ballotDocumentName(topic.id, account.user.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:read-write'));
		await api.call('POST', '/api/auth/logout', { token: account.token });
		// The socket itself is closed, not only the document (sign-out.test.ts has more).
		await eventually(() => expect(client.closed()?.code).toBe(CLOSE.sessionEnded.code));

		const again = await rawClient(server.wsUrl);
		again.authenticate(name, account.token);
		await eventually(() => expect(again.authReply(name)).toBe('denied:invalid-token'));
		client.close();
		again.close();
	});

	it('refuses an expired session token', async () => {
		const account = await api.register();
		await execute(
			server.databasePath,
			'UPDATE sessions SET expires_at = 1 WHERE id = ?',
			account.token.split('.')[0]
		);
		const client = await rawClient(server.wsUrl);
		client.authenticate(topicDocumentName('anything'), account.token);
		await eventually(() =>
			expect(client.authReply(topicDocumentName('anything'))).toBe('denied:invalid-token')
		);
		expect((await api.call('GET', '/api/me', { token: account.token })).status).toBe(401);
		client.close();
	});
});
