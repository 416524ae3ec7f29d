/**
 * Poll types, changeable votes, named topics, guests and meeting roles, through the real server:
 * ballots go through the real provider into the authoritative hook, and every topic ends with the
 * invariants (results = a count of the stored votes = a replay of the audit log).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Choice } from '../../src/lib/core/poll.ts';
import { readTopic } from '../../src/lib/shared/documents.ts';
import type { Account, TopicJson } from '../helpers/api.ts';
import { createVoters } from '../helpers/factories.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();
const open: Voter[] = [];
afterEach(() => open.splice(0).forEach((voter) => voter.destroy()));

async function openTopic(host: Account, body: Record<string, unknown>): Promise<TopicJson> {
	const created = await api.call('POST', '/api/topics', { token: host.token, body });
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return api.open(host.token, created.body.topic.id);
}

function voter(account: Account, topicId: string) {
	const connected = connectVoter(server.wsUrl, topicId, account);
	open.push(connected);
	return connected;
}

/** Casts each choice from its own account and waits for every receipt. */
async function castAll(topicId: string, choices: Choice[]) {
	const accounts = await createVoters(server.databasePath, choices.length);
	const voters = accounts.map((account) => voter(account, topicId));
	const ballots = voters.map((v, index) => v.choose(choices[index]));
	await eventually(() =>
		voters.forEach((v, index) => expect(v.answer().receipt?.ballotId).toBe(ballots[index]))
	);
	return voters;
}

describe('poll types', () => {
	it('counts a multiple-choice topic and refuses ballots outside min and max', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Which days?',
			kind: 'multiple',
			options: ['Mon', 'Tue', 'Wed', 'Thu'],
			minChoices: 1,
			maxChoices: 2
		});
		const [mon, tue, wed] = topic.options.map((o) => o.id);
		const voters = await castAll(topic.id, [[mon, tue], [mon], [wed, mon]]);
		await eventually(() => {
			expect(voters[0].tally()).toMatchObject({ turnout: 3, totals: { [mon]: 3, [tue]: 1 } });
		});
		const [extra] = await createVoters(server.databasePath, 1);
		const greedy = voter(extra, topic.id);
		const tooMany = greedy.choose([mon, tue, wed]);
		await eventually(() =>
			expect(greedy.answer().refusal).toMatchObject({
				ballotId: tooMany,
				reason: 'invalid-choice'
			})
		);
		await expectInvariants(server.databasePath, api, topic.id);
	});

	it('counts yes / no / abstain with abstentions outside the two-thirds base', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Adopt the budget',
			kind: 'yes-no',
			options: ['ignored'],
			majority: 'two-thirds'
		});
		expect(topic.options.map((o) => o.label)).toEqual(['Yes', 'No', 'Abstain']);
		const [yes, no, abstain] = topic.options.map((o) => o.id);
		await castAll(topic.id, [[yes], [yes], [no], [abstain], [abstain]]);
		const results = await api.results(topic.id);
		expect(results).toMatchObject({ turnout: 5, totals: { [yes]: 2, [no]: 1, [abstain]: 2 } });
		await expectInvariants(server.databasePath, api, topic.id);
	});

	it('publishes instant-runoff rounds for a ranked topic and replays them from the audit log', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Capital',
			kind: 'ranked',
			options: ['Memphis', 'Nashville', 'Chattanooga', 'Knoxville']
		});
		const [m, n, c, k] = topic.options.map((o) => o.id);
		// The Tennessee example at a tenth of its size: 42/26/15/17 becomes 8/5/3/4 (20 ballots).
		const choices: Choice[] = [
			...Array.from({ length: 8 }, () => [m, n, c, k]),
			...Array.from({ length: 5 }, () => [n, c, k, m]),
			...Array.from({ length: 3 }, () => [c, k, n, m]),
			...Array.from({ length: 4 }, () => [k, c, n, m])
		];
		const voters = await castAll(topic.id, choices);
		await eventually(() => expect(voters[0].tally()?.turnout).toBe(20));
		const rounds = readTopic(voters[0].topic.doc).results?.rounds;
		expect(rounds?.map((round) => round.eliminated)).toEqual([[c], [n], []]);
		expect(rounds?.at(-1)?.totals).toEqual({ [m]: 8, [k]: 12 });
		const check = await expectInvariants(server.databasePath, api, topic.id);
		expect(check.turnout).toBe(20);

		const exported = await api.call('GET', `/api/topics/${topic.id}/export.json`);
		expect(exported.body.topics[0]).toMatchObject({
			kind: 'ranked',
			outcome: { winner: 'Knoxville' },
			rounds: rounds
		});
		const csv = await (await fetch(`${server.url}/api/topics/${topic.id}/export.csv`)).text();
		expect(csv).toContain('"option","","Chattanooga","first preferences","3","0.1500","3","1"');
		// Every runoff round, with its exhausted ballots.
		expect(csv).toContain('"round","1","Chattanooga","continuing ballots","3","0.1500","","1"');
		expect(csv).toMatch(/"round","3","","exhausted ballots","\d+"/);
	});

	it('sums the points of a score topic and refuses scores out of range', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Rate the venues',
			kind: 'score',
			options: ['Hall', 'Barn'],
			scoreMax: 3
		});
		const [hall, barn] = topic.options.map((o) => o.id);
		await castAll(topic.id, [
			{ [hall]: 3, [barn]: 1 },
			{ [hall]: 2, [barn]: 3 }
		]);
		expect((await api.results(topic.id)).totals).toEqual({ [hall]: 5, [barn]: 4 });
		const [extra] = await createVoters(server.databasePath, 1);
		const cheat = voter(extra, topic.id);
		cheat.choose({ [hall]: 100, [barn]: 0 });
		await eventually(() => expect(cheat.answer().refusal?.reason).toBe('invalid-choice'));
		await expectInvariants(server.databasePath, api, topic.id);
	});
});

describe('hostile choices', () => {
	it('refuses every malformed or ill-fitting choice by name and counts nothing', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Rate',
			kind: 'score',
			options: ['A', 'B'],
			scoreMax: 3
		});
		const [a, b] = topic.options.map((o) => o.id);
		const cases: [unknown, string][] = [
			[{ [a]: Infinity, [b]: 0 }, 'malformed-ballot'],
			[{ [a]: 1.5, [b]: 0 }, 'invalid-choice'],
			[{ [a]: -1, [b]: 0 }, 'invalid-choice'],
			[{ [a]: 1 }, 'invalid-choice'],
			[{ [a]: 1, [b]: 1, x: 1 }, 'unknown-option'],
			[[a], 'invalid-choice'],
			[{ [a]: { nested: 1 }, [b]: 0 }, 'malformed-ballot'],
			[Array.from({ length: 65 }, (_, i) => `id${i}`), 'malformed-ballot'],
			['A', 'malformed-ballot'],
			[null, 'malformed-ballot']
		];
		const accounts = await createVoters(server.databasePath, cases.length);
		const voters = accounts.map((account) => voter(account, topic.id));
		cases.forEach(([choice], index) => voters[index].choose(choice as Choice));
		await eventually(() =>
			voters.forEach((v, index) =>
				expect(v.answer().refusal?.reason, JSON.stringify(cases[index][0])).toBe(cases[index][1])
			)
		);
		expect(await api.results(topic.id)).toMatchObject({ turnout: 0 });
		// The server still counts an honest ballot afterwards.
		await castAll(topic.id, [{ [a]: 3, [b]: 2 }]);
		await expectInvariants(server.databasePath, api, topic.id);
	});
});

describe('changing a vote', () => {
	it('counts the last ballot where the owner allows it, and the audit log of a named topic keeps both', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Lunch',
			options: ['Pizza', 'Sushi'],
			allowChange: true,
			secret: false
		});
		const [pizza, sushi] = topic.options.map((o) => o.id);
		const [account] = await createVoters(server.databasePath, 1);
		const v = voter(account, topic.id);
		const first = v.choose([pizza]);
		await eventually(() => expect(v.answer().receipt?.ballotId).toBe(first));
		const firstTracker = v.answer().receipt!.tracker;
		const second = v.choose([sushi]);
		await eventually(() => expect(v.answer().receipt?.ballotId).toBe(second));
		expect(v.answer().receipt!.tracker).not.toBe(firstTracker);
		await eventually(() => expect(v.tally()?.totals).toEqual({ [pizza]: 0, [sushi]: 1 }));

		const audit = await api.audit(topic.id);
		const kinds = audit.map((entry: { kind: string }) => entry.kind);
		expect(kinds).toEqual(['topic.opened', 'vote.accepted', 'vote.changed']);
		expect(audit[2].payload).toMatchObject({ replaces: firstTracker, choice: [sushi] });
		await expectInvariants(server.databasePath, api, topic.id);

		await api.close(host.token, topic.id);
		const late = v.choose([pizza]);
		await eventually(() =>
			expect(v.answer().refusal).toMatchObject({ ballotId: late, reason: 'topic-closed' })
		);
		expect((await api.results(topic.id)).totals[sushi]).toBe(1);
	});

	it('counts the last ballot of a secret topic, and its log publishes only that one, at the close', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Lunch',
			options: ['Pizza', 'Sushi'],
			allowChange: true
		});
		const [pizza, sushi] = topic.options.map((o) => o.id);
		const [account] = await createVoters(server.databasePath, 1);
		const v = voter(account, topic.id);
		const first = v.choose([pizza]);
		await eventually(() => expect(v.answer().receipt?.ballotId).toBe(first));
		const firstTracker = v.answer().receipt!.tracker;
		const second = v.choose([sushi]);
		await eventually(() => expect(v.answer().receipt?.ballotId).toBe(second));
		const secondTracker = v.answer().receipt!.tracker;
		expect(secondTracker).not.toBe(firstTracker);
		await eventually(() => expect(v.tally()?.totals).toEqual({ [pizza]: 0, [sushi]: 1 }));
		const open = await api.audit(topic.id);
		expect(open.map((e: { kind: string; payload: unknown }) => [e.kind, e.payload])).toEqual([
			['topic.opened', expect.anything()],
			['ballot.cast', {}],
			['ballot.cast', { change: true }]
		]);
		await expectInvariants(server.databasePath, api, topic.id);

		await api.close(host.token, topic.id);
		const closed = await api.audit(topic.id);
		expect(closed.filter((e: { kind: string }) => e.kind === 'ballot.published')).toEqual([
			expect.objectContaining({ payload: { tracker: secondTracker, choice: [sushi] } })
		]);
		expect(JSON.stringify(closed)).not.toContain(firstTracker);
		await expectInvariants(server.databasePath, api, topic.id);
	});

	it('keeps the first vote where changing is not allowed', async () => {
		const host = await api.register();
		const topic = await openTopic(host, { title: 'Lunch', options: ['Pizza', 'Sushi'] });
		const [pizza, sushi] = topic.options.map((o) => o.id);
		const [account] = await createVoters(server.databasePath, 1);
		const v = voter(account, topic.id);
		const first = v.choose([pizza]);
		await eventually(() => expect(v.answer().receipt?.ballotId).toBe(first));
		v.choose([sushi]);
		await eventually(() => expect(v.answer().refusal?.reason).toBe('already-voted'));
		expect(v.answer().receipt?.ballotId).toBe(first);
		await expectInvariants(server.databasePath, api, topic.id);
	});
});

describe('named and secret topics', () => {
	it('shows the host who voted what in a named topic, and nobody in a secret one', async () => {
		const host = await api.register();
		const named = await openTopic(host, {
			title: 'Roll call',
			options: ['Aye', 'Nay'],
			secret: false
		});
		const secret = await openTopic(host, { title: 'Ballot', options: ['Aye', 'Nay'] });
		const alice = await api.register(`alice${Date.now().toString(36)}`);
		for (const topic of [named, secret]) {
			const v = voter(alice, topic.id);
			const ballot = v.choose([topic.options[0].id]);
			await eventually(() => expect(v.answer().receipt?.ballotId).toBe(ballot));
		}
		const seen = await api.call('GET', `/api/topics/${named.id}/votes`, { token: host.token });
		expect(seen.status).toBe(200);
		expect(seen.body.votes).toEqual([
			expect.objectContaining({
				userId: alice.user.id,
				name: alice.user.username,
				choice: [named.options[0].id]
			})
		]);
		const asVoter = await api.call('GET', `/api/topics/${named.id}/votes`, { token: alice.token });
		expect(asVoter.status).toBe(403);
		const hidden = await api.call('GET', `/api/topics/${secret.id}/votes`, { token: host.token });
		expect(hidden.status).toBe(403);
		expect(hidden.body.error.message).toMatch(/secret ballot/);
		// Hidden results hide who voted what as well, until the topic closes.
		await api.call('POST', `/api/topics/${named.id}/results-visibility`, {
			token: host.token,
			body: { hidden: true }
		});
		const whileHidden = await api.call('GET', `/api/topics/${named.id}/votes`, {
			token: host.token
		});
		expect(whileHidden.status).toBe(409);
		await api.close(host.token, named.id);
		expect(
			(await api.call('GET', `/api/topics/${named.id}/votes`, { token: host.token })).status
		).toBe(200);
		// The audit log of either kind never names a voter.
		for (const topic of [named, secret]) {
			const audit = JSON.stringify(await api.audit(topic.id));
			expect(audit).not.toContain(alice.user.id);
			expect(audit).not.toContain(alice.user.username);
		}
	});
});

async function meeting(host: Account, access: 'accounts' | 'guests') {
	const created = await api.call('POST', '/api/meetings', {
		token: host.token,
		body: { title: 'Assembly' }
	});
	const id = created.body.meeting.id as string;
	const set = await api.call('POST', `/api/meetings/${id}/access`, {
		token: host.token,
		body: { access }
	});
	expect(set.status).toBe(200);
	const added = await api.call('POST', `/api/meetings/${id}/topics`, {
		token: host.token,
		body: { title: 'Motion', kind: 'yes-no' }
	});
	const topic = added.body.meeting.agenda[0] as TopicJson;
	await api.open(host.token, topic.id);
	return { id, code: created.body.meeting.code as string, topic };
}

describe('guests', () => {
	it('lets a guest join by code with a display name and vote once per guest session', async () => {
		const host = await api.register();
		const { id, code, topic } = await meeting(host, 'guests');
		const joined = await api.call('POST', `/api/join/${code.toLowerCase()}/guest`, {
			body: { displayName: '  Ada \u202e Lovelace ' }
		});
		expect(joined.status).toBe(201);
		expect(joined.body.meetingId).toBe(id);
		expect(joined.body.user.guest).toEqual({ meetingId: id, displayName: 'Ada Lovelace' });
		expect(joined.headers.get('set-cookie')).toMatch(/HttpOnly/i);
		const guest = joined.body as Account;

		const v = voter(guest, topic.id);
		const ballot = v.choose([topic.options[0].id]);
		await eventually(() => expect(v.answer().receipt?.ballotId).toBe(ballot));
		v.choose([topic.options[1].id]);
		await eventually(() => expect(v.answer().refusal?.reason).toBe('already-voted'));

		// Guests take part; they run no topics or meetings of their own.
		for (const path of ['/api/topics', '/api/meetings']) {
			const made = await api.call('POST', path, {
				token: guest.token,
				body: { title: 'Mine', options: ['A', 'B'] }
			});
			expect(made.status).toBe(403);
		}

		// A guest of this meeting is nobody anywhere else.
		const other = await openTopic(host, { title: 'Elsewhere', options: ['A', 'B'] });
		const outside = voter(guest, other.id);
		outside.choose([other.options[0].id]);
		await eventually(() => expect(outside.answer().refusal?.reason).toBe('not-a-participant'));
		await expectInvariants(server.databasePath, api, topic.id);
	});

	it('refuses guests where the meeting is for accounts, and bad names', async () => {
		const host = await api.register();
		const { code } = await meeting(host, 'accounts');
		const refused = await api.call('POST', `/api/join/${code}/guest`, {
			body: { displayName: 'Bob' }
		});
		expect(refused.status).toBe(403);
		expect(refused.body.error.message).toMatch(/signed-in accounts only/);

		const open = await meeting(host, 'guests');
		for (const displayName of ['', '   ', 'x'.repeat(41), 42]) {
			const bad = await api.call('POST', `/api/join/${open.code}/guest`, { body: { displayName } });
			expect(bad.status).toBe(400);
			expect(bad.body.error.field).toBe('name');
		}
		expect(
			(await api.call('POST', '/api/join/AAA-AAA/guest', { body: { displayName: 'Bob' } })).status
		).toBe(404);
	});

	it('turns a guest away when the host switches the meeting to accounts only', async () => {
		const host = await api.register();
		const { id, code, topic } = await meeting(host, 'guests');
		const guest = (
			await api.call('POST', `/api/join/${code}/guest`, { body: { displayName: 'Cy' } })
		).body as Account;
		await api.call('POST', `/api/meetings/${id}/access`, {
			token: host.token,
			body: { access: 'accounts' }
		});
		const v = voter(guest, topic.id);
		v.choose([topic.options[0].id]);
		await eventually(() => expect(v.answer().refusal?.reason).toBe('guests-not-allowed'));
	});
});

describe('meeting roles', () => {
	it('lets a co-host run the meeting and keeps an observer from voting', async () => {
		const host = await api.register();
		const cohost = await api.register();
		const observer = await api.register();
		const { id, topic } = await meeting(host, 'accounts');
		const members = `/api/meetings/${id}/members`;
		// Only the host hands out roles.
		expect(
			(
				await api.call('PUT', members, {
					token: cohost.token,
					body: { username: cohost.user.username, role: 'cohost' }
				})
			).status
		).toBe(403);
		for (const [account, role] of [
			[cohost, 'cohost'],
			[observer, 'observer']
		] as const) {
			const set = await api.call('PUT', members, {
				token: host.token,
				body: { username: account.user.username, role }
			});
			expect(set.status).toBe(200);
		}
		const listed = await api.call('GET', members, { token: cohost.token });
		expect(listed.body.members.map((m: { role: string }) => m.role).sort()).toEqual([
			'cohost',
			'observer'
		]);
		expect((await api.call('GET', members, { token: observer.token })).status).toBe(403);
		// The co-host finds the meeting among their own; the observer does not.
		const mine = async (account: Account) =>
			(await api.call('GET', '/api/meetings', { token: account.token })).body.meetings.map(
				(m: { id: string }) => m.id
			);
		expect(await mine(cohost)).toContain(id);
		expect(await mine(observer)).not.toContain(id);

		// The co-host closes the host's topic; the observer cannot.
		const byObserver = await api.call('POST', `/api/topics/${topic.id}/close`, {
			token: observer.token
		});
		expect(byObserver.status).toBe(403);
		await api.open(cohost.token, (await reopenable(host, id)).id);

		const v = voter(observer, topic.id);
		v.choose([topic.options[0].id]);
		await eventually(() => expect(v.answer().refusal?.reason).toBe('observer'));
		expect(
			(await api.call('POST', `/api/topics/${topic.id}/close`, { token: cohost.token })).status
		).toBe(200);
		expect((await api.results(topic.id)).turnout).toBe(0);
	});
});

/** Adds a second topic to the meeting as its host, for a co-host to open. */
async function reopenable(host: Account, meetingId: string) {
	const added = await api.call('POST', `/api/meetings/${meetingId}/topics`, {
		token: host.token,
		body: { title: 'Second motion', options: ['A', 'B'] }
	});
	return added.body.meeting.agenda.at(-1) as TopicJson;
}
