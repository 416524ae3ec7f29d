import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookie-name.ts';
import {
	ballotDocumentName,
	meetingDocumentName,
	meetingRoom,
	readBallot,
	readMeeting,
	readTopic,
	roomUrl
} from '../../src/lib/shared/documents.ts';
import { queryRows } from '../helpers/database.ts';
import { mapUpdate, rawClient } from '../helpers/raw-client.ts';
import { inviteAll, redeem, rollMeeting } from '../helpers/roll.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';

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

/** A proxy's vote in each ballot they opened for a member, alternating options, as a page does. */
function castForEach(ballots: ReturnType<typeof openDocument>[], yes: string, no: string) {
	ballots.forEach((ballot, i) =>
		ballot.doc.getMap('ballot').set('request', {
			ballotId: `ben-for-${i}`,
			optionId: i % 2 ? no : yes,
			castAt: Date.now()
		})
	);
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
		// Ben votes No for himself and Yes for Ann, each on its own ballot document.
		const ben = connectVoter(server.wsUrl, topic.id, Ben);
		const forAnn = openDocument(
			ben.websocket,
			ballotDocumentName(topic.id, Ben.user.id, Ann.entryId),
			Ben.token
		);
		const ownId = ben.vote(no);
		forAnn.doc
			.getMap('ballot')
			.set('request', { ballotId: 'ben-for-ann-1', optionId: yes, castAt: Date.now() });
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
		ben.destroy();
		forAnn.destroy();
		ann.destroy();
	});

	it('a hostile client cannot cast for someone who did not delegate to it, open another’s proxy ballot, or vote twice for a member', async () => {
		const { host, meeting, topic, members } = await assembly(2);
		const { Ann, Ben, Dee } = members;
		const yes = topic.options[0].id;
		await api.call('POST', `/api/meetings/${meeting.id}/proxies/delegations`, {
			token: host.token,
			body: { from: Ann.entryId, to: Ben.entryId }
		});
		await api.open(host.token, topic.id);

		const mallory = await rawClient(server.wsUrl);
		// Dee names Ann in a ballot of her own: Ann did not hand her vote to Dee.
		const forged = ballotDocumentName(topic.id, Dee.user.id, Ann.entryId);
		const bens = ballotDocumentName(topic.id, Ben.user.id, Ann.entryId);
		mallory.authenticate(forged, Dee.token);
		mallory.authenticate(bens, Dee.token);
		await eventually(() => {
			expect(mallory.authReply(forged)).toBe('authenticated:read-write');
			expect(mallory.authReply(bens)).toBe('denied:forbidden');
		});
		mallory.syncStep1(forged);
		mallory.update(
			forged,
			mapUpdate('ballot', { request: { ballotId: 'dee-for-ann', optionId: yes } })
		);
		await eventually(() =>
			expect(readBallot(mallory.doc(forged)).refusal?.reason).toBe('not-a-proxy')
		);
		// An entry id of nobody, or of another meeting, is refused the same way.
		const nobody = ballotDocumentName(topic.id, Dee.user.id, 'no-such-entry');
		mallory.authenticate(nobody, Dee.token);
		await eventually(() => expect(mallory.authReply(nobody)).toBe('authenticated:read-write'));
		mallory.syncStep1(nobody);
		mallory.update(
			nobody,
			mapUpdate('ballot', { request: { ballotId: 'dee-nobody', optionId: yes } })
		);
		await eventually(() =>
			expect(readBallot(mallory.doc(nobody)).refusal?.reason).toBe('not-a-proxy')
		);
		mallory.close();

		// Ben on two devices casts twice for Ann: one counts, the other is refused.
		const first = rawClient(server.wsUrl);
		const second = rawClient(server.wsUrl);
		const [a, b] = await Promise.all([first, second]);
		for (const client of [a, b]) {
			client.authenticate(bens, Ben.token);
		}
		await eventually(() => {
			expect(a.authReply(bens)).toBe('authenticated:read-write');
			expect(b.authReply(bens)).toBe('authenticated:read-write');
		});
		a.syncStep1(bens);
		a.update(bens, mapUpdate('ballot', { request: { ballotId: 'ben-ann-dev-1', optionId: yes } }));
		await eventually(() => expect(readBallot(a.doc(bens)).receipt?.ballotId).toBe('ben-ann-dev-1'));
		const other = socket(server.wsUrl);
		const device = openDocument(
			other,
			ballotDocumentName(topic.id, Ben.user.id, Ann.entryId),
			Ben.token
		);
		await eventually(() => expect(readBallot(device.doc).receipt?.ballotId).toBe('ben-ann-dev-1'));
		device.doc
			.getMap('ballot')
			.set('request', { ballotId: 'ben-ann-dev-2', optionId: yes, castAt: Date.now() });
		await eventually(() => expect(readBallot(device.doc).refusal?.reason).toBe('already-voted'));
		device.destroy();
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

	it('a proxy carrying 25 members opens a ballot for each on one socket, besides their own, and casts all 25 votes', async () => {
		const { meeting, topic, Ben, others } = await proxyOfMany(25);
		const [yes, no] = topic.options.map((option) => option.id);

		// The meeting, the topic (which carries his own ballot) and one ballot document per member,
		// all asked for at once on one socket (27 documents; 20 is the cap for anything else).
		const ben = connectVoter(server.wsUrl, topic.id, Ben);
		const meetingDocument = openDocument(ben.websocket, meetingDocumentName(meeting.id), Ben.token);
		const ballots = others.map((other) =>
			openDocument(
				ben.websocket,
				ballotDocumentName(topic.id, Ben.user.id, other.entry.id),
				Ben.token
			)
		);
		const ownId = ben.vote(no);
		castForEach(ballots, yes, no);
		await eventually(() => {
			expect(ben.answer().receipt?.ballotId).toBe(ownId);
			expect(ballots.map((ballot) => ballot.failure())).toEqual(ballots.map(() => null));
			expect(ballots.map((ballot) => readBallot(ballot.doc).receipt?.ballotId ?? null)).toEqual(
				ballots.map((_, i) => `ben-for-${i}`)
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

		// Beyond the members he carries, his socket holds no more than anyone's.
		const strays = Array.from({ length: 20 }, (_, i) =>
			openDocument(
				ben.websocket,
				ballotDocumentName(topic.id, Ben.user.id, `nobody-${i}`),
				Ben.token
			)
		);
		await eventually(() =>
			expect(strays.filter((stray) => stray.failure() === 'too-many-documents').length).toBe(2)
		);
		for (const document of [...strays, ...ballots, meetingDocument]) document.destroy();
		ben.destroy();
	});

	it('a signed-in proxy carrying 300 members opens every ballot at once on one socket, past the message burst, and casts all 300 votes', async () => {
		// 303 documents at once, two messages each (authentication and sync), is more than the
		// 500 messages any socket may send at once: the server reads at the upgrade how many
		// members the page's user carries in its meeting, and lets that socket send their ballots'.
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
		const ballots = others.map((other) =>
			openDocument(websocket, ballotDocumentName(topic.id, Ben.user.id, other.entry.id), null)
		);
		const ownId = ben.vote(no);
		castForEach(ballots, yes, no);
		await eventually(() => {
			expect(ben.answer().receipt?.ballotId).toBe(ownId);
			expect(ballots.filter((ballot) => ballot.failure() !== null)).toEqual([]);
			const receipts = ballots.map((ballot) => readBallot(ballot.doc).receipt?.ballotId);
			expect(receipts).toEqual(ballots.map((_, i) => `ben-for-${i}`));
			expect(meetingDocument.failure()).toBeNull();
		}, 30_000);
		expect(closes).toEqual([]);
		const results = await api.results(topic.id);
		expect(results.turnout).toBe(count + 1);
		for (const document of [...ballots, meetingDocument]) document.destroy();
		ben.destroy();
		websocket.destroy();
	}, 120_000);

	it("a signed-in proxy's socket may send every carried ballot's opening in one burst; anyone else's is cut off", async () => {
		const count = 300;
		const { meeting, topic, Ben, others } = await proxyOfMany(count);
		/** Every carried ballot's authentication and sync request, in one write to the socket. */
		const burst = (client: Awaited<ReturnType<typeof rawClient>>) => {
			const tcp = (client.socket as unknown as { _socket: import('node:net').Socket })._socket;
			tcp.cork();
			for (const other of others) {
				const name = ballotDocumentName(topic.id, Ben.user.id, other.entry.id);
				client.authenticate(name, '');
				client.syncStep1(name);
			}
			tcp.uncork();
		};
		const headers = { cookie: `${SESSION_COOKIE}=${Ben.token}` };
		// All 600 messages leave at once, before the server has authenticated any of them.
		const proxy = await rawClient(roomUrl(server.wsUrl, meetingRoom(meeting.id)), headers);
		burst(proxy);
		await eventually(() =>
			expect(proxy.events.filter((event) => event.auth?.startsWith('authenticated')).length).toBe(
				count
			)
		);
		expect(proxy.closed()).toBeNull();
		proxy.socket.close();

		// The same burst from a socket that names no meeting is over any socket's burst.
		const elsewhere = await rawClient(server.wsUrl, headers);
		burst(elsewhere);
		await eventually(() => expect(elsewhere.closed()?.code).toBe(4429));
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
