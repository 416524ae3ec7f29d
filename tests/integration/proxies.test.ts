import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookie-name.ts';
import {
	askMessage,
	readBallotAnswer,
	voteMessage,
	type BallotAnswer
} from '../../src/lib/shared/ballot-messages.ts';
import {
	ballotDocumentName,
	meetingDocumentName,
	meetingRoom,
	readBallot,
	readMeeting,
	readTopic,
	roomUrl,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { queryRows } from '../helpers/database.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { inviteAll, redeem, rollMeeting } from '../helpers/roll.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openBallot, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer();

/** A roll meeting of Ann, Ben, Cy and Dee, each bound on a device of their own, proxies on. */
async function assembly(limit = 1) {
	const setup = await rollMeeting(api, server.url, 'name\nAnn\nBen\nCy\nDee\n');
	const named = await api.call('PATCH', `/api/topics/${setup.topic.id}`, {
		token: setup.host.token,
		body: { secret: false }
	});
	expect(named.status).toBe(200);
	const members: Record<string, { entryId: string; user: { id: string }; token: string }> = {};
	for (const invitation of await inviteAll(api, setup.host, setup.meeting.id)) {
		const redeemed = await redeem(api, invitation.code);
		expect(redeemed.status).toBe(200);
		members[invitation.entry.name] = { entryId: invitation.entry.id, ...redeemed.body };
	}
	const settings = await api.call('PUT', `/api/meetings/${setup.meeting.id}/proxies`, {
		token: setup.host.token,
		body: { limit, revocable: false }
	});
	expect(settings.status, JSON.stringify(settings.body)).toBe(200);
	return { ...setup, members };
}

/** A roll meeting where Ben carries `count` members as their proxy, its topic open. */
async function proxyOfMany(count: number) {
	const carried = Array.from(
		{ length: count },
		(_, i) => `Member ${String(i + 1).padStart(3, '0')}`
	);
	const setup = await rollMeeting(api, server.url, ['name', 'Ben', ...carried].join('\n') + '\n');
	const { host, meeting, topic } = setup;
	const invitations = await inviteAll(api, host, meeting.id);
	const bens = invitations.find((invitation) => invitation.entry.name === 'Ben')!;
	const redeemed = await redeem(api, bens.code);
	expect(redeemed.status).toBe(200);
	const Ben = { entryId: bens.entry.id, ...redeemed.body } as {
		entryId: string;
		user: { id: string };
		token: string;
	};
	const settings = await api.call('PUT', `/api/meetings/${meeting.id}/proxies`, {
		token: host.token,
		body: { limit: count, revocable: false }
	});
	expect(settings.status, JSON.stringify(settings.body)).toBe(200);
	const others = invitations.filter((invitation) => invitation.entry.name !== 'Ben');
	for (const other of others) {
		const granted = await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
			token: host.token,
			body: { from: other.entry.id, to: Ben.entryId }
		});
		expect(granted.status, JSON.stringify(granted.body)).toBe(200);
	}
	await api.open(host.token, topic.id);
	return { host, meeting, topic, Ben, others };
}

/**
 * A proxy's vote for each member they carry, alternating options, as a page does: each ballot is
 * the device's copy and messages on the proxy's topic document (`for`: the member's entry id).
 */
function castForEach(ballots: ReturnType<typeof openBallot>[], yes: string, no: string) {
	ballots.forEach((ballot, i) =>
		ballot.channel.vote({
			ballotId: `ben-for-${i}`,
			choice: [i % 2 ? no : yes],
			castAt: Date.now()
		})
	);
}

/** The answers a raw client received on a document (anything else it was sent left out). */
const answersOn = (client: Awaited<ReturnType<typeof rawClient>>, name: string) =>
	client
		.statelessReceived(name)
		.map((payload) => readBallotAnswer(payload))
		.filter((answer): answer is BallotAnswer => answer !== null);

/** Opens a topic document on a raw client and waits until the server admitted it. */
async function openTopicRaw(
	client: Awaited<ReturnType<typeof rawClient>>,
	name: string,
	token: string
) {
	client.authenticate(name, token);
	client.syncStep1(name);
	await eventually(() => expect(client.authReply(name)).toMatch(/^authenticated/));
}

describe('proxy votes', () => {
	it('refuses proxies in a meeting without a roll, with its reason', async () => {
		const host = await api.register();
		const created = await api.call('POST', '/api/meetings', {
			token: host.token,
			body: { title: 'Open meeting' }
		});
		const refused = await api.call('PUT', `/api/meetings/${created.body.meeting.id}/proxies`, {
			token: host.token,
			body: { limit: 2 }
		});
		expect(refused.status).toBe(422);
		expect(refused.body.error.reason).toBe('proxy-roll-only');
	});

	it('a proxy casts a separate ballot per member over real providers; the member cannot; named votes, voters, turnout and exports show it', async () => {
		const { host, meeting, topic, members } = await assembly(1);
		const { Ann, Ben, Cy } = members;
		const [yes, no] = topic.options.map((option) => option.id);

		// Ann asks to hand her vote to Ben; the host approves. The host grants Cy's to Ben: over the limit.
		const asked = await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
			token: Ann.token,
			body: { to: Ben.entryId }
		});
		expect(asked.status, JSON.stringify(asked.body)).toBe(200);
		expect(asked.body.delegation).toMatchObject({ status: 'requested', to: { name: 'Ben' } });
		const approved = await api.call(
			'POST',
			`/api/meetings/${meeting.id}/proxies/delegations/${asked.body.delegation.id}/approve`,
			{ token: host.token }
		);
		expect(approved.body.delegation.status).toBe('approved');
		const over = await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
			token: host.token,
			body: { from: Cy.entryId, to: Ben.entryId }
		});
		expect(over.status).toBe(422);
		expect(over.body.error.reason).toBe('proxy-limit-reached');
		// Ann may not take it back herself in this meeting.
		const takeBack = await api.call(
			'DELETE',
			`/api/meetings/${meeting.id}/proxies/delegations/${asked.body.delegation.id}`,
			{ token: Ann.token }
		);
		expect(takeBack.status).toBe(403);
		expect(takeBack.body.error.reason).toBe('proxy-not-revocable');
		// Ben sees the vote he carries.
		const benView = await api.call('GET', `/api/meetings/${meeting.id}/proxies`, {
			token: Ben.token
		});
		expect(benView.body.delegations).toMatchObject([
			{ from: { entryId: Ann.entryId, name: 'Ann' }, status: 'approved' }
		]);

		await api.open(host.token, topic.id);
		// Ben votes No for himself and Yes for Ann: two ballots, both messages on his one topic
		// document, the one for Ann naming her entry (`for`).
		const ben = connectVoter(server.wsUrl, topic.id, Ben);
		const forAnn = openBallot(ben.topic, Ann.entryId);
		const ownId = ben.vote(no);
		forAnn.channel.vote({ ballotId: 'ben-for-ann-1', choice: [yes], castAt: Date.now() });
		await eventually(() => {
			expect(ben.answer().receipt?.ballotId).toBe(ownId);
			expect(readBallot(forAnn.doc).receipt?.ballotId).toBe('ben-for-ann-1');
		});
		// Ann's own ballot is refused while her delegation stands, and shows her nothing of Ben's.
		const ann = connectVoter(server.wsUrl, topic.id, Ann);
		ann.vote(no);
		await eventually(() => expect(ann.answer().refusal?.reason).toBe('delegated'));
		expect(ann.answer().receipt).toBeNull();

		await eventually(() => {
			const seen = readTopic(ben.topic.doc);
			expect(seen.results?.turnout).toBe(2);
			expect(seen.electorate).toMatchObject({ eligible: 4, represented: 1, byProxy: 1 });
		});

		const named = await api.call('GET', `/api/topics/${topic.id}/votes`, { token: host.token });
		expect(named.status).toBe(200);
		expect(
			named.body.votes.map((v: { name: string; proxy?: string }) => [v.name, v.proxy ?? null])
		).toContainEqual(['Ann', 'Ben']);
		const voters = await api.call('GET', `/api/topics/${topic.id}/voters`, { token: host.token });
		expect(voters.body).toMatchObject({ mode: 'roll', voted: 2, eligible: 4 });
		expect(voters.body.members.find((m: { name: string }) => m.name === 'Ann')).toMatchObject({
			voted: true,
			byProxy: 'Ben'
		});

		await api.close(host.token, topic.id);
		const exported = await api.call('GET', `/api/meetings/${meeting.id}/export.json`, {
			token: host.token
		});
		expect(exported.body.topics[0]).toMatchObject({ turnout: 2, proxyBallots: 1 });
		const csv = (
			await (await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`)).text()
		).split('\r\n');
		expect(csv[0]).toMatch(/"proxy_ballots"$/);
		expect(csv[1]).toMatch(/,"1"$/);

		// The topic's chain verifies and names nobody; the roll chain says who cast for whom, no choice.
		const audit = await api.audit(topic.id);
		expect(verifyChain(audit)).toMatchObject({ ok: true, turnout: 2 });
		const roll = await api.call('GET', `/api/meetings/${meeting.id}/roll/audit`, {
			token: host.token
		});
		const lines = roll.body.entries;
		const cast = lines.filter((e: { kind: string }) => e.kind === 'proxy.cast');
		expect(cast.map((e: { payload: unknown }) => e.payload)).toEqual([
			{ topic: topic.id, for: Ann.entryId, proxy: Ben.entryId }
		]);
		expect(verifyChain(lines)).toMatchObject({ ok: true });

		const rows = await queryRows<{ roll_entry_id: string; cast_by: string | null }>(
			server.databasePath,
			'SELECT roll_entry_id, cast_by FROM votes WHERE topic_id = ? ORDER BY cast_by IS NOT NULL',
			topic.id
		);
		expect(rows).toEqual([
			{ roll_entry_id: Ben.entryId, cast_by: null },
			{ roll_entry_id: Ann.entryId, cast_by: Ben.entryId }
		]);
		forAnn.destroy();
		ben.destroy();
		ann.destroy();
	});

	it('a hostile client cannot cast for someone who did not delegate to it, see or open another’s proxy ballot, or vote twice for a member', async () => {
		const { host, meeting, topic, members } = await assembly(2);
		const { Ann, Ben, Dee } = members;
		const yes = topic.options[0].id;
		await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
			token: host.token,
			body: { from: Ann.entryId, to: Ben.entryId }
		});
		await api.open(host.token, topic.id);
		const name = topicDocumentName(topic.id);

		// No ballot is a document any more, whoever asks: Dee's "own" ballot for Ann and Ben's real
		// one are refused alike, so nobody reaches a ballot of someone else's that way.
		const mallory = await rawClient(server.wsUrl);
		const forged = ballotDocumentName(topic.id, Dee.user.id, Ann.entryId);
		const bens = ballotDocumentName(topic.id, Ben.user.id, Ann.entryId);
		mallory.authenticate(forged, Dee.token);
		mallory.authenticate(bens, Dee.token);
		await eventually(() => {
			expect(mallory.authReply(forged)).toBe('denied:unknown-document');
			expect(mallory.authReply(bens)).toBe('denied:unknown-document');
		});
		// Dee votes for Ann on the topic: Ann did not hand her vote to Dee.
		await openTopicRaw(mallory, name, Dee.token);
		mallory.stateless(
			name,
			voteMessage({ ballotId: 'dee-for-ann', choice: [yes], castAt: Date.now() }, Ann.entryId)
		);
		// An entry id of nobody is refused the same way.
		mallory.stateless(
			name,
			voteMessage({ ballotId: 'dee-nobody', choice: [yes], castAt: Date.now() }, 'no-such-entry')
		);
		await eventually(() => {
			const refusals = answersOn(mallory, name).map((answer) => [
				answer.for,
				answer.refusal?.ballotId,
				answer.refusal?.reason,
				answer.receipt
			]);
			expect(refusals).toEqual([
				[Ann.entryId, 'dee-for-ann', 'not-a-proxy', null],
				['no-such-entry', 'dee-nobody', 'not-a-proxy', null]
			]);
		});
		expect((await api.results(topic.id)).turnout).toBe(0);

		// Ben on two devices casts twice for Ann: one counts, the other is refused. The second
		// device asked first, so it hears of the first device's vote too.
		const first = rawClient(server.wsUrl);
		const second = rawClient(server.wsUrl);
		const [a, b] = await Promise.all([first, second]);
		await Promise.all([openTopicRaw(a, name, Ben.token), openTopicRaw(b, name, Ben.token)]);
		b.stateless(name, askMessage(Ann.entryId));
		await eventually(() =>
			expect(answersOn(b, name)).toEqual([
				{ type: 'plenum/ballot', for: Ann.entryId, receipt: null, sealed: false, refusal: null }
			])
		);
		a.stateless(
			name,
			voteMessage({ ballotId: 'ben-ann-dev-1', choice: [yes], castAt: Date.now() }, Ann.entryId)
		);
		await eventually(() => {
			expect(answersOn(a, name).at(-1)).toMatchObject({
				for: Ann.entryId,
				receipt: { ballotId: 'ben-ann-dev-1', choice: [yes] },
				refusal: null
			});
			expect(answersOn(b, name).at(-1)).toMatchObject({
				for: Ann.entryId,
				receipt: { ballotId: 'ben-ann-dev-1' }
			});
		});
		// Dee asking what counts for Ann learns nothing of the vote Ben cast for her.
		mallory.stateless(name, askMessage(Ann.entryId));
		await eventually(() => expect(answersOn(mallory, name)).toHaveLength(3));
		expect(answersOn(mallory, name)[2]).toEqual({
			type: 'plenum/ballot',
			for: Ann.entryId,
			receipt: null,
			sealed: false,
			refusal: null
		});
		mallory.close();

		// A third device, a real provider, asks on connecting and shows the vote; its own is refused.
		const other = socket(server.wsUrl);
		const topicDocument = openDocument(other, name, Ben.token);
		const device = openBallot(topicDocument, Ann.entryId);
		await eventually(() => expect(readBallot(device.doc).receipt?.ballotId).toBe('ben-ann-dev-1'));
		device.channel.vote({ ballotId: 'ben-ann-dev-2', choice: [yes], castAt: Date.now() });
		await eventually(() => expect(readBallot(device.doc).refusal?.reason).toBe('already-voted'));
		expect(readBallot(device.doc).receipt?.ballotId).toBe('ben-ann-dev-1');
		device.destroy();
		topicDocument.destroy();
		other.destroy();
		a.close();
		b.close();

		const rows = await queryRows<{ roll_entry_id: string; cast_by: string | null }>(
			server.databasePath,
			'SELECT roll_entry_id, cast_by FROM votes WHERE topic_id = ?',
			topic.id
		);
		expect(rows).toEqual([{ roll_entry_id: Ann.entryId, cast_by: Ben.entryId }]);
		expect((await api.results(topic.id)).turnout).toBe(1);
	});

	it('a proxy carrying 25 members votes for each on their one topic document, besides their own ballot, and casts all 25 votes; their socket holds no more documents than anyone’s', async () => {
		const { host, meeting, topic, Ben, others } = await proxyOfMany(25);
		const [yes, no] = topic.options.map((option) => option.id);

		// The page opens the meeting and the topic, nothing else: his own ballot and one per member
		// are messages on the topic document, each asking what counts when the topic syncs.
		const ben = connectVoter(server.wsUrl, topic.id, Ben);
		const meetingDocument = openDocument(ben.websocket, meetingDocumentName(meeting.id), Ben.token);
		const ballots = others.map((other) => openBallot(ben.topic, other.entry.id));
		const ownId = ben.vote(no);
		castForEach(ballots, yes, no);
		await eventually(() => {
			expect(ben.answer().receipt?.ballotId).toBe(ownId);
			expect(ben.topic.failure()).toBeNull();
			expect(ballots.map((ballot) => readBallot(ballot.doc).receipt?.ballotId ?? null)).toEqual(
				ballots.map((_, i) => `ben-for-${i}`)
			);
			expect(ballots.map((ballot) => readBallot(ballot.doc).refusal)).toEqual(
				ballots.map(() => null)
			);
			expect(meetingDocument.failure()).toBeNull();
		});
		await eventually(() => {
			const seen = readTopic(ben.topic.doc);
			expect(seen.results?.turnout).toBe(26);
			expect(seen.electorate).toMatchObject({ eligible: 26, represented: 25, byProxy: 25 });
		});
		const results = await api.results(topic.id);
		expect(results.turnout).toBe(26);

		// Carrying members gains his socket no documents: of 20 more that exist and he may read
		// (other meetings'), 18 fit beside the meeting and the topic (MAX_DOCUMENTS_PER_SOCKET,
		// 20) and 2 are refused. Ballot names would prove nothing here: they are refused as
		// unknown before any place is counted.
		const strays = [];
		for (let i = 0; i < 20; i++) {
			const created = await api.call('POST', '/api/meetings', {
				token: host.token,
				body: { title: `Stray ${i}` }
			});
			expect(created.status, JSON.stringify(created.body)).toBe(201);
			strays.push(created.body.meeting.id as string);
		}
		const opened = strays.map((id) =>
			openDocument(ben.websocket, meetingDocumentName(id), Ben.token)
		);
		await eventually(() => {
			expect(opened.filter((stray) => stray.failure() === 'too-many-documents').length).toBe(2);
			expect(opened.filter((stray) => stray.provider.isSynced).length).toBe(18);
		});
		for (const document of [...opened, meetingDocument]) document.destroy();
		for (const ballot of ballots) ballot.destroy();
		ben.destroy();
	});

	it('a signed-in proxy carrying 300 members asks and votes for every one at once on one socket, past the message burst, and casts all 300 votes', async () => {
		// An ask and a vote per member, 600 messages on the topic document at once, is more than
		// the 500 messages any socket may send at once: the server reads at the upgrade how many
		// members the page's user carries in its meeting, and lets that socket send two messages
		// more per member (MESSAGES_PER_BALLOT).
		const count = 300;
		const { meeting, topic, Ben, others } = await proxyOfMany(count);
		const [yes, no] = topic.options.map((option) => option.id);

		// As a signed-in page does: its session cookie and its meeting's room on the socket.
		const cookie = `${SESSION_COOKIE}=${Ben.token}`;
		class SignedIn extends WebSocket {
			constructor(url: string, protocols?: string | string[]) {
				super(url, protocols, { headers: { cookie } });
			}
		}
		const websocket = new HocuspocusProviderWebsocket({
			url: roomUrl(server.wsUrl, meetingRoom(meeting.id)),
			WebSocketPolyfill: SignedIn,
			delay: 100,
			minDelay: 100,
			maxDelay: 1000
		});
		const closes: (number | undefined)[] = [];
		websocket.on('disconnect', ({ event }: { event?: { code?: number } }) =>
			closes.push(event?.code)
		);
		const ben = connectVoter(server.wsUrl, topic.id, { ...Ben, token: '' }, websocket);
		const meetingDocument = openDocument(websocket, meetingDocumentName(meeting.id), null);
		const ownId = ben.vote(no);
		await eventually(() => expect(ben.answer().receipt?.ballotId).toBe(ownId));
		// The topic is synced: each ballot opened now asks what counts for its member at once, and
		// each vote follows in the same turn.
		expect(ben.topic.provider.isSynced).toBe(true);
		const ballots = others.map((other) => openBallot(ben.topic, other.entry.id));
		castForEach(ballots, yes, no);
		await eventually(() => {
			const receipts = ballots.map((ballot) => readBallot(ballot.doc).receipt?.ballotId);
			expect(receipts).toEqual(ballots.map((_, i) => `ben-for-${i}`));
			expect(ballots.filter((ballot) => readBallot(ballot.doc).refusal !== null)).toEqual([]);
			expect(meetingDocument.failure()).toBeNull();
		}, 30_000);
		expect(closes).toEqual([]);
		expect(ben.topic.failure()).toBeNull();
		const results = await api.results(topic.id);
		expect(results.turnout).toBe(count + 1);
		for (const ballot of ballots) ballot.destroy();
		meetingDocument.destroy();
		ben.destroy();
		websocket.destroy();
	}, 120_000);

	it("a proxy's socket may send every carried ballot's ask and vote in one burst, signed in by cookie or by token; anyone else's is cut off", async () => {
		const count = 300;
		const { meeting, topic, Ben, others } = await proxyOfMany(count);
		const yes = topic.options[0].id;
		const name = topicDocumentName(topic.id);
		/** Per carried member an ask and a vote on the topic document, in one write to the socket. */
		const burst = (client: Awaited<ReturnType<typeof rawClient>>) => {
			const tcp = (client.socket as unknown as { _socket: import('node:net').Socket })._socket;
			tcp.cork();
			others.forEach((other, i) => {
				client.stateless(name, askMessage(other.entry.id));
				client.stateless(
					name,
					voteMessage(
						{ ballotId: `ben-for-${i}`, choice: [yes], castAt: Date.now() },
						other.entry.id
					)
				);
			});
			tcp.uncork();
		};
		/** Every carried member's vote is answered as counted, and nothing refused. */
		const countedForEach = async (client: Awaited<ReturnType<typeof rawClient>>) => {
			await eventually(() => {
				const counted = new Map(
					answersOn(client, name).flatMap((answer) =>
						answer.for && answer.receipt ? [[answer.for, answer.receipt.ballotId] as const] : []
					)
				);
				expect(counted.size).toBe(count);
				others.forEach((other, i) => expect(counted.get(other.entry.id)).toBe(`ben-for-${i}`));
			}, 30_000);
			expect(answersOn(client, name).filter((answer) => answer.refusal !== null)).toEqual([]);
			expect(client.closed()).toBeNull();
			client.socket.close();
		};
		// All 600 messages leave at once, on a topic the socket opened with its cookie.
		const headers = { cookie: `${SESSION_COOKIE}=${Ben.token}` };
		const proxy = await rawClient(roomUrl(server.wsUrl, meetingRoom(meeting.id)), headers);
		await openTopicRaw(proxy, name, '');
		burst(proxy);
		await countedForEach(proxy);
		expect((await api.results(topic.id)).turnout).toBe(count);

		// A client signed in by token alone (no cookie, no room named) may send the same burst: the
		// topic it opened is in the meeting where its user carries them. Each vote is counted once.
		const byToken = await rawClient(server.wsUrl);
		await openTopicRaw(byToken, name, Ben.token);
		burst(byToken);
		await countedForEach(byToken);
		expect((await api.results(topic.id)).turnout).toBe(count);

		// The same burst from a member who carries nobody is over any socket's burst.
		const member = await redeem(api, others[0].code);
		expect(member.status).toBe(200);
		const stranger = await rawClient(server.wsUrl);
		await openTopicRaw(stranger, name, (member.body as { token: string }).token);
		burst(stranger);
		await eventually(() => expect(stranger.closed()?.code).toBe(4429));
		expect((await api.results(topic.id)).turnout).toBe(count);
	}, 120_000);

	it('the meeting document tells open pages each time the delegations change', async () => {
		const { host, meeting, members } = await assembly(1);
		const { Ann, Ben } = members;
		const websocket = socket(server.wsUrl);
		const open = openDocument(websocket, meetingDocumentName(meeting.id), Ann.token);
		const changes = () => readMeeting(open.doc).electorate?.delegationChanges;
		await eventually(() => expect(changes()).toBe(0));
		const asked = await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
			token: Ann.token,
			body: { to: Ben.entryId }
		});
		expect(asked.status).toBe(200);
		await eventually(() => expect(changes()).toBe(1));
		await api.call(
			'POST',
			`/api/meetings/${meeting.id}/proxies/delegations/${asked.body.delegation.id}/approve`,
			{ token: host.token }
		);
		await eventually(() => {
			expect(changes()).toBe(2);
			expect(readMeeting(open.doc).electorate?.represented).toBe(1);
		});
		await api.call(
			'DELETE',
			`/api/meetings/${meeting.id}/proxies/delegations/${asked.body.delegation.id}`,
			{
				token: host.token
			}
		);
		await eventually(() => {
			expect(changes()).toBe(3);
			expect(readMeeting(open.doc).electorate?.represented).toBe(0);
		});
		open.destroy();
		websocket.destroy();
	});
});
