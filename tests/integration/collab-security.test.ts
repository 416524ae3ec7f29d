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
import {
	askMessage,
	ballotAnswer,
	readBallotAnswer,
	voteMessage,
	type BallotAnswer
} from '../../src/lib/shared/ballot-messages.ts';
import { execute, queryRows } from '../helpers/database.ts';
import { frame, mapUpdate, rawClient } from '../helpers/raw-client.ts';
import { testSeed } from '../helpers/seed.ts';
import { useServer } from '../helpers/use-server.ts';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';
import { inviteAll, joinAsGuest, redeem, rollMeeting } from '../helpers/roll.ts';

const { server, api } = useServer({ MAX_MESSAGE_BYTES: '8192' });

async function openTopic() {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token);
	await api.open(owner.token, topic.id);
	return { owner, topic };
}

/** An open topic whose votes are named (not secret): the votes table says whose each one is. */
async function openNamedTopic() {
	const owner = await api.register();
	const created = await api.call('POST', '/api/topics', {
		token: owner.token,
		body: { title: 'A named motion', options: ['Yes', 'No'], secret: false }
	});
	expect(created.status).toBe(201);
	return api.open(owner.token, created.body.topic.id);
}

type RawClient = Awaited<ReturnType<typeof rawClient>>;

/**
 * A raw client's ballot messages on a topic document it opened: `send` sends one payload and
 * waits for the next answer, which is that payload's (this connection's answers come in order, and
 * no other device of the same user votes meanwhile).
 */
function ballotMessages(client: RawClient, name: string) {
	const answers = () =>
		client
			.statelessReceived(name)
			.map((payload) => readBallotAnswer(payload))
			.filter((answer): answer is BallotAnswer => answer !== null);
	return {
		answers,
		async send(payload: string) {
			const before = answers().length;
			client.stateless(name, payload);
			await eventually(() => expect(answers().length).toBeGreaterThan(before));
			return answers()[before];
		}
	};
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
	it('refuses every ballot document, a forged token and unknown documents, with reasons', async () => {
		const { topic } = await openTopic();
		const { topic: other } = await openTopic();
		const alice = await api.register();
		const mallory = await api.register();
		const client = await rawClient(server.wsUrl);
		// Ballots are messages on their topic: no ballot document opens, whoever asks for it.
		const aliceBallot = ballotDocumentName(topic.id, alice.user.id);
		const ownBallot = ballotDocumentName(topic.id, mallory.user.id);
		const proxyBallot = ballotDocumentName(topic.id, mallory.user.id, 'someentry');
		const anonymousBallot = ballotDocumentName(topic.id, 'nobody');
		client.authenticate(aliceBallot, mallory.token);
		client.authenticate(ownBallot, mallory.token);
		client.authenticate(proxyBallot, mallory.token);
		client.authenticate(anonymousBallot, '');
		client.authenticate(topicDocumentName(other.id), `${mallory.token}x`);
		client.authenticate('topic/../../etc/passwd', mallory.token);
		client.authenticate(topicDocumentName('doesnotexist'), mallory.token);
		await eventually(() => {
			expect(client.authReply(aliceBallot)).toBe('denied:unknown-document');
			expect(client.authReply(ownBallot)).toBe('denied:unknown-document');
			expect(client.authReply(proxyBallot)).toBe('denied:unknown-document');
			expect(client.authReply(anonymousBallot)).toBe('denied:unknown-document');
			expect(client.authReply(topicDocumentName(other.id))).toBe('denied:invalid-token');
			expect(client.authReply('topic/../../etc/passwd')).toBe('denied:unknown-document');
			expect(client.authReply(topicDocumentName('doesnotexist'))).toBe('denied:unknown-topic');
		});
		// Nothing was sent on the refused documents, and none of them holds a vote.
		for (const name of [aliceBallot, ownBallot, proxyBallot, anonymousBallot])
			expect(client.statelessReceived(name)).toEqual([]);
		// The socket stays usable for documents the client may open.
		client.authenticate(topicDocumentName(topic.id), mallory.token);
		await eventually(() =>
			expect(client.authReply(topicDocumentName(topic.id))).toBe('authenticated:readonly')
		);
		expect(client.closed()).toBeNull();
		expect(await voteRows(topic.id)).toEqual([]);
		client.close();
	});

	it('refuses votes on a topic connection nobody signed in on, and stores nothing', async () => {
		const { topic } = await openTopic();
		const alice = await api.register();
		const name = topicDocumentName(topic.id);
		const client = await rawClient(server.wsUrl);
		// Anyone may read an open topic; voting on it takes a session.
		client.authenticate(name, '');
		client.syncStep1(name);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
		const messages = ballotMessages(client, name);
		const yes = topic.options[0].id;

		const vote = await messages.send(
			voteMessage({ ballotId: 'anonymous-ballot-1', choice: [yes], castAt: 0 })
		);
		expect(vote).toMatchObject({
			receipt: null,
			sealed: false,
			refusal: { ballotId: 'anonymous-ballot-1', reason: 'not-signed-in' }
		});
		// Claiming to be someone in the message changes nothing: the connection has no session.
		const claimed = await messages.send(
			JSON.stringify({
				type: 'plenum/vote',
				request: { ballotId: 'anonymous-ballot-2', choice: [yes] },
				userId: alice.user.id,
				user: { id: alice.user.id },
				token: alice.token
			})
		);
		expect(claimed.refusal).toMatchObject({
			ballotId: 'anonymous-ballot-2',
			reason: 'not-signed-in'
		});
		const forMember = await messages.send(
			voteMessage({ ballotId: 'anonymous-ballot-3', choice: [yes], castAt: 0 }, 'someentry')
		);
		expect(forMember).toMatchObject({
			for: 'someentry',
			receipt: null,
			refusal: { reason: 'not-signed-in' }
		});
		const asked = await messages.send(askMessage());
		expect(asked).toMatchObject({ receipt: null, refusal: { reason: 'not-signed-in' } });
		expect(client.closed()).toBeNull();

		expect(await voteRows(topic.id)).toEqual([]);
		expect((await api.results(topic.id)).turnout).toBe(0);
		// Alice, named in a message, has no vote either.
		const aliceDevice = connectVoter(server.wsUrl, topic.id, alice);
		await eventually(() => expect(aliceDevice.ballot.answers()).toBe(1));
		expect(aliceDevice.answer()).toMatchObject({ receipt: null, sealed: false });
		aliceDevice.destroy();
		client.close();
	});

	it('counts a vote as the user signed in on the connection, whoever a message names', async () => {
		const topic = await openNamedTopic();
		const alice = await api.register();
		const mallory = await api.register();
		const [yes, no] = topic.options.map((option) => option.id);
		const name = topicDocumentName(topic.id);
		const client = await rawClient(server.wsUrl);
		client.authenticate(name, mallory.token);
		client.syncStep1(name);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
		const messages = ballotMessages(client, name);

		// A request naming another user is no request; naming Alice as a member carried is refused.
		const inRequest = await messages.send(
			JSON.stringify({
				type: 'plenum/vote',
				request: { ballotId: 'mallory-ballot-1', choice: [yes], userId: alice.user.id }
			})
		);
		expect(inRequest).toMatchObject({
			receipt: null,
			refusal: { ballotId: 'mallory-ballot-1', reason: 'malformed-ballot' }
		});
		const asProxy = await messages.send(
			voteMessage({ ballotId: 'mallory-ballot-2', choice: [yes], castAt: 0 }, alice.user.id)
		);
		expect(asProxy).toMatchObject({
			for: alice.user.id,
			receipt: null,
			refusal: { ballotId: 'mallory-ballot-2', reason: 'not-a-proxy' }
		});
		expect(await voteRows(topic.id)).toEqual([]);

		// Alice's id (and her token) beside the request: ignored, the vote is Mallory's.
		const counted = await messages.send(
			JSON.stringify({
				type: 'plenum/vote',
				request: { ballotId: 'mallory-ballot-3', choice: [no] },
				userId: alice.user.id,
				user: { id: alice.user.id },
				token: alice.token
			})
		);
		expect(counted).toMatchObject({
			receipt: { ballotId: 'mallory-ballot-3', choice: [no] },
			refusal: null
		});
		expect(await voteRows(topic.id)).toEqual([{ user_id: mallory.user.id }]);
		expect(await api.results(topic.id)).toMatchObject({ turnout: 1, totals: { [no]: 1 } });

		const aliceDevice = connectVoter(server.wsUrl, topic.id, alice);
		const malloryDevice = connectVoter(server.wsUrl, topic.id, mallory);
		await eventually(() =>
			[aliceDevice, malloryDevice].forEach((v) => expect(v.ballot.answers()).toBe(1))
		);
		expect(aliceDevice.answer()).toMatchObject({ receipt: null, sealed: false });
		expect(malloryDevice.answer().receipt?.ballotId).toBe('mallory-ballot-3');
		// Alice still votes for herself, once.
		const aliceBallotId = aliceDevice.vote(yes);
		await eventually(() => expect(aliceDevice.answer().receipt?.ballotId).toBe(aliceBallotId));
		expect(await api.results(topic.id)).toMatchObject({
			turnout: 2,
			totals: { [yes]: 1, [no]: 1 }
		});
		expect(malloryDevice.answer().receipt?.ballotId).toBe('mallory-ballot-3');
		aliceDevice.destroy();
		malloryDevice.destroy();
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

		const name = topicDocumentName(topic.id);
		for (const outsider of [guest, account, host]) {
			const client = await rawClient(server.wsUrl);
			// No ballot document opens, their own or the member's; the topic does (anyone may try).
			const own = ballotDocumentName(topic.id, outsider.user.id);
			const members = ballotDocumentName(topic.id, member.body.user.id);
			const asProxy = ballotDocumentName(topic.id, outsider.user.id, ann.entry.id);
			client.authenticate(own, outsider.token);
			client.authenticate(members, outsider.token);
			client.authenticate(asProxy, outsider.token);
			client.authenticate(name, outsider.token);
			await eventually(() => {
				expect(client.authReply(own)).toBe('denied:unknown-document');
				expect(client.authReply(members)).toBe('denied:unknown-document');
				expect(client.authReply(asProxy)).toBe('denied:unknown-document');
				expect(client.authReply(name)).toBe('authenticated:readonly');
			});
			client.syncStep1(name);
			const messages = ballotMessages(client, name);
			// A well-formed request, one naming a roll entry, one cast for the member as if their
			// proxy, and a forged receipt: none counts.
			const plain = await messages.send(
				voteMessage({ ballotId: `${outsider.user.id}-1`, choice: [yes], castAt: 0 })
			);
			expect(plain).toMatchObject({
				receipt: null,
				refusal: { ballotId: `${outsider.user.id}-1`, reason: 'not-eligible' }
			});
			const withEntry = await messages.send(
				JSON.stringify({
					type: 'plenum/vote',
					request: { ballotId: `${outsider.user.id}-2`, optionId: yes, rollEntryId: ann.entry.id }
				})
			);
			expect(withEntry).toMatchObject({
				receipt: null,
				refusal: { ballotId: `${outsider.user.id}-2`, reason: 'malformed-ballot' }
			});
			const forMember = await messages.send(
				voteMessage({ ballotId: `${outsider.user.id}-3`, choice: [yes], castAt: 0 }, ann.entry.id)
			);
			expect(forMember).toMatchObject({
				for: ann.entry.id,
				receipt: null,
				refusal: { ballotId: `${outsider.user.id}-3`, reason: 'not-a-proxy' }
			});
			const answered = messages.answers().length;
			client.stateless(
				name,
				ballotAnswer({
					receipt: { ballotId: 'forged', choice: [yes], tracker: 'FAKE', acceptedAt: 1 },
					sealed: false,
					refusal: null
				})
			);
			const asked = await messages.send(askMessage());
			expect(asked).toMatchObject({ receipt: null, sealed: false, refusal: null });
			// The forged receipt was not answered: the next answer was the ask's.
			expect(messages.answers()).toHaveLength(answered + 1);
			expect(client.closed()).toBeNull();
			client.close();
		}
		expect(await voteRows(topic.id)).toEqual([]);
		expect((await api.results(topic.id)).turnout).toBe(0);

		// The member's ballot still counts, once.
		const voter = connectVoter(server.wsUrl, topic.id, member.body);
		voter.vote(yes);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		expect(await voteRows(topic.id)).toHaveLength(1);
		// And an outsider asking about it, theirs or as the member's proxy, learns nothing of it.
		const client = await rawClient(server.wsUrl);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
		const messages = ballotMessages(client, name);
		expect(await messages.send(askMessage())).toMatchObject({
			receipt: null,
			sealed: false,
			refusal: null
		});
		expect(await messages.send(askMessage(ann.entry.id))).toMatchObject({
			for: ann.entry.id,
			receipt: null,
			sealed: false,
			refusal: null
		});
		client.close();
		voter.destroy();
	});
});

describe('bad input', () => {
	it('closes a socket that sends a message over the size limit, and nothing changes', async () => {
		const { topic } = await openTopic();
		const account = await api.register();
		const client = await rawClient(server.wsUrl);
		const name = topicDocumentName(topic.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
		client.stateless(
			name,
			JSON.stringify({
				type: 'plenum/vote',
				request: { ballotId: 'x'.repeat(20), optionId: 'y'.repeat(20_000) }
			})
		);
		await eventually(() => expect(client.closed()?.code).toBe(CLOSE.messageTooBig.code));
		expect(client.statelessReceived(name)).toEqual([]);
		expect(await voteRows(topic.id)).toEqual([]);
		expect((await api.results(topic.id)).turnout).toBe(0);
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
		const name = topicDocumentName(topic.id);
		const garbage = await rawClient(server.wsUrl);
		garbage.authenticate(name, account.token);
		await eventually(() => expect(garbage.authReply(name)).toBe('authenticated:readonly'));
		garbage.send(frame(name, 0, (e) => e));
		garbage.send(
			frame(name, 0, (e) => {
				e.bufs.push(new Uint8Array([2, 200, 1, 2, 3]));
			})
		);
		// Stateless frames (where ballots travel) with no payload, or one cut short.
		garbage.send(frame(name, 5, (e) => e));
		garbage.send(
			frame(name, 5, (e) => {
				e.bufs.push(new Uint8Array([200, 1, 123, 34]));
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
		const name = topicDocumentName(topic.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
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
