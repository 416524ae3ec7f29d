/**
 * The contract every store must keep, whatever its engine: run it from each adapter's spec with a
 * factory that opens empty, migrated stores (see `sqlite/sqlite.spec.ts`, `postgres/postgres.spec.ts`).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	canonicalJson,
	compareTotals,
	verifyChain,
	type AuditEntry
} from '../../core/audit-chain.ts';
import type { Choice } from '../../core/poll.ts';
import { parseTopicInput, type TopicInput } from '../../core/topic-rules.ts';
import type { TopicWithOptions } from '../../core/types.ts';
import { paperContract } from './paper-contract.ts';
import { apartContract } from './apart-contract.ts';
import { auditPagesContract } from './audit-pages-contract.ts';
import { proxyContract } from './proxy-contract.ts';
import { rollContract } from './roll-contract.ts';
import { FencedOut, type Stores } from './store.ts';

/** A vote's row as stored, to check what the adapter wrote beyond what the stores return. */
export interface VoteRow {
	option_id: string | null;
	choice: string;
	ballot_id: string;
	tracker: string;
}

/** A secret topic's rows kept apart (migration 0017), as an operator reads them. */
export interface ParticipationRow {
	id: string;
	user_id: string;
	roll_entry_id: string | null;
}
export interface ApartBallotRow {
	tracker: string;
	choice: string;
	participation_id: string | null;
	published: number;
}

export interface OpenedStores {
	stores: Stores;
	voteRow(topicId: string, userId: string): Promise<VoteRow | undefined>;
	voteCount(topicId: string): Promise<number>;
	apartRows(
		topicId: string
	): Promise<{ participations: ParticipationRow[]; ballots: ApartBallotRow[] }>;
	/** Other stores over the same database, whose audit check reads this many entries at once. */
	pagedStores(auditPageSize: number): Promise<Stores>;
	/** Writes a row into the audit log as it stands, past every rule: a forgery to catch. */
	forgeAuditEntry(entry: AuditEntry): Promise<void>;
	/** Closes the stores and drops what they wrote. */
	close(): Promise<void>;
}

export function storeContract(engine: string, open: () => Promise<OpenedStores>) {
	let opened: OpenedStores;
	let stores: Stores;
	beforeEach(async () => {
		opened = await open();
		stores = opened.stores;
	});
	afterEach(() => opened.close());

	/** A topic as the form would send it, through the same validation. */
	function input(raw: Record<string, unknown> = {}): TopicInput {
		const result = parseTopicInput({ title: 'T', options: ['Yes', 'No'], ...raw });
		if (!result.ok) throw new Error(result.message);
		return result.value;
	}

	const cast = async (
		topicId: string,
		userId: string,
		ballotId: string,
		choice: Choice,
		now: number
	) => (await stores.votes.castMany([{ topicId, userId, request: { ballotId, choice } }], now))[0];

	let users = 0;
	const account = async (name = `user${++users}`) => (await stores.users.create(name, 'h', 1))!;

	async function openTopic(raw: Record<string, unknown> = {}) {
		const owner = await account();
		const topic = await stores.topics.create(owner.id, input(raw), 1);
		await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
		return { owner, topic };
	}

	/** A meeting with one draft topic on its agenda. */
	async function meetingWithTopic(raw: Record<string, unknown> = {}) {
		const host = await account();
		const meeting = await stores.meetings.create(host.id, 'Board', 1);
		const change = await stores.meetings.addTopic(meeting.id, host.id, input(raw), 1);
		if (!change.ok) throw new Error(change.message);
		return { host, meeting, topic: change.agenda[0] };
	}

	const row = (topicId: string, userId: string) => opened.voteRow(topicId, userId);

	/** The published results agree with a replay of the topic's audit chain. */
	async function expectReplayMatches(topicId: string) {
		const results = (await stores.votes.results(topicId))!;
		const check = verifyChain(await stores.votes.audit(topicId));
		expect(check.ok).toBe(true);
		// Verified while read (the periodic check's way), the chain says the same.
		expect(await stores.votes.verifyAudit(topicId)).toEqual({ chain: check, results });
		if (!check.ok) return;
		expect(compareTotals(check, results)).toEqual([]);
		// A secret topic's ballots are published at its close: until then the log counts them only.
		if (check.sealed) return { results, check };
		expect(check.totals).toEqual(
			Object.fromEntries(Object.entries(results.totals).filter(([, n]) => n > 0))
		);
		expect(check.turnout).toBe(results.turnout);
		expect(check.rounds).toEqual(results.rounds);
		return { results, check };
	}

	describe(`${engine} stores`, () => {
		it('refuses a taken username without throwing', async () => {
			expect(await stores.users.create('ann', 'h', 1)).toMatchObject({ username: 'ann' });
			expect(await stores.users.create('ann', 'h', 2)).toBeNull();
		});

		it('counts one vote per user and topic, writing vote and audit entry together', async () => {
			const { topic } = await openTopic({ secret: false });
			const voter = await account('voter');
			const [yes, no] = topic.options;
			const first = await cast(topic.id, voter.id, 'ballot-0001', [yes.id], 3);
			expect(first).toMatchObject({ ok: true, duplicate: false, vote: { choice: [yes.id] } });
			const again = await cast(topic.id, voter.id, 'ballot-0001', [yes.id], 4);
			expect(again).toMatchObject({ ok: true, duplicate: true });
			const second = await cast(topic.id, voter.id, 'ballot-0002', [no.id], 5);
			expect(second).toMatchObject({ ok: false, reason: 'already-voted', repeated: false });
			const repeated = await cast(topic.id, voter.id, 'ballot-0002', [no.id], 6);
			expect(repeated).toMatchObject({ ok: false, repeated: true });

			expect(await stores.votes.results(topic.id)).toEqual({
				status: 'open',
				turnout: 1,
				totals: { [yes.id]: 1, [no.id]: 0 }
			});
			const audit = await stores.votes.audit(topic.id);
			expect(audit.map((entry) => entry.kind)).toEqual([
				'topic.opened',
				'vote.accepted',
				'vote.refused'
			]);
			expect(audit[0].payload).toMatchObject({
				rules: { kind: 'single', minChoices: 1, maxChoices: 1, scoreMax: 5 },
				options: [yes.id, no.id]
			});
			expect(audit[1].payload).toEqual({
				tracker: first.ok && first.vote.tracker,
				choice: [yes.id]
			});
			const check = verifyChain(audit);
			expect(check.ok && check.totals).toEqual({ [yes.id]: 1 });
		});

		it('decides a batch in order within one transaction', async () => {
			const { topic } = await openTopic();
			const voter = await account('voter');
			const [yes, no] = topic.options;
			const outcomes = await stores.votes.castMany(
				[
					{
						topicId: topic.id,
						userId: voter.id,
						request: { ballotId: 'ballot-000a', choice: [no.id] }
					},
					{
						topicId: topic.id,
						userId: voter.id,
						request: { ballotId: 'ballot-000b', choice: [yes.id] }
					},
					{
						topicId: 'nope',
						userId: voter.id,
						request: { ballotId: 'ballot-000c', choice: [yes.id] }
					}
				],
				3
			);
			expect(outcomes.map((o) => (o.ok ? 'ok' : o.reason))).toEqual([
				'ok',
				'already-voted',
				'unknown-topic'
			]);
			expect((await stores.votes.results(topic.id))?.totals).toEqual({ [yes.id]: 0, [no.id]: 1 });
		});

		it('rejects a vote whose option belongs to another topic', async () => {
			const { topic } = await openTopic();
			const owner = await account();
			const foreign = await stores.topics.create(owner.id, input({ options: ['A', 'B'] }), 1);
			const voter = await account('voter');
			const outcome = await cast(topic.id, voter.id, 'ballot-0001', [foreign.options[0].id], 3);
			expect(outcome).toMatchObject({ ok: false, reason: 'unknown-option' });
			expect((await stores.votes.results(topic.id))?.turnout).toBe(0);
		});

		it('refuses a ballot that does not fit the poll type, with an audit entry', async () => {
			const { topic } = await openTopic({
				kind: 'multiple',
				options: ['A', 'B', 'C'],
				maxChoices: 2
			});
			const voter = await account();
			const ids = topic.options.map((o) => o.id);
			expect(await cast(topic.id, voter.id, 'ballot-0001', ids, 3)).toMatchObject({
				ok: false,
				reason: 'invalid-choice'
			});
			expect(await row(topic.id, voter.id)).toBeUndefined();
			expect((await stores.votes.audit(topic.id)).at(-1)).toMatchObject({
				kind: 'vote.refused',
				payload: { ballotId: 'ballot-0001', reason: 'invalid-choice' }
			});
		});

		it('edits a draft in place, keeping the ids of options that stay, and nothing once opened', async () => {
			const owner = await account();
			const topic = await stores.topics.create(owner.id, input({ options: ['Tea', 'Coffee'] }), 1);
			const [tea] = topic.options;
			const edited = await stores.topics.editDraft(topic.id, owner.id, {
				title: 'Drinks',
				options: ['Water', 'Tea'],
				resultsVisibility: 'before-voting',
				quorum: 3
			});
			expect(edited).toMatchObject({
				ok: true,
				topic: { title: 'Drinks', quorum: 3, resultsBeforeVoting: true, hideResults: false }
			});
			const after = (await stores.topics.get(topic.id))!;
			expect(after.options.map((option) => [option.label, option.position])).toEqual([
				['Water', 0],
				['Tea', 1]
			]);
			expect(after.options[1].id).toBe(tea.id);

			const stranger = await account();
			expect(await stores.topics.editDraft(topic.id, stranger.id, { title: 'Mine' })).toMatchObject(
				{
					ok: false,
					reason: 'forbidden'
				}
			);
			expect(await stores.topics.editDraft('nope', owner.id, {})).toMatchObject({
				ok: false,
				reason: 'not-found'
			});
			await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
			expect(await stores.topics.editDraft(topic.id, owner.id, { title: 'Late' })).toMatchObject({
				ok: false,
				reason: 'invalid-transition',
				code: 'topic-not-draft'
			});
			expect((await stores.topics.get(topic.id))!.title).toBe('Drinks');
		});

		it('keeps how many were present when voting closed, and forgets it on reopening', async () => {
			const owner = await account();
			const topic = await stores.topics.create(owner.id, input(), 1);
			await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
			const closed = await stores.topics.changeStatus(topic.id, owner.id, 'close', 3, 12);
			expect(closed).toMatchObject({ ok: true, topic: { presentAtClose: 12, closedAt: 3 } });
			const reopened = await stores.topics.changeStatus(topic.id, owner.id, 'open', 4);
			expect(reopened).toMatchObject({ ok: true, topic: { presentAtClose: null } });
		});

		it('stores and compacts document updates', async () => {
			await stores.documents.append('topic/x', new Uint8Array([1]));
			await stores.documents.append('topic/x', new Uint8Array([2]));
			expect(await stores.documents.load('topic/x')).toEqual([
				new Uint8Array([1]),
				new Uint8Array([2])
			]);
			await stores.documents.compact('topic/x', new Uint8Array([3]));
			expect(await stores.documents.load('topic/x')).toEqual([new Uint8Array([3])]);
		});

		it('refuses a room’s document writes under an older lease once a newer one wrote, and changes nothing', async () => {
			const name = 'meeting/fenced';
			const room = `room-${randomUUID()}`;
			const old = { room, token: 7 };
			const newer = { room, token: 9 };
			await stores.documents.append(name, new Uint8Array([1]), old);
			await stores.documents.append(name, new Uint8Array([2]), old);
			// The newer holder loads the room: from then on the older lease writes nothing.
			expect(await stores.documents.load(name, newer)).toEqual([
				new Uint8Array([1]),
				new Uint8Array([2])
			]);
			await expect(stores.documents.append(name, new Uint8Array([3]), old)).rejects.toThrow(
				FencedOut
			);
			await expect(stores.documents.compact(name, new Uint8Array([4]), old)).rejects.toThrow(
				FencedOut
			);
			await expect(stores.documents.load(name, old)).rejects.toThrow(FencedOut);
			expect(await stores.documents.load(name)).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
			await stores.documents.append(name, new Uint8Array([5]), newer);
			await stores.documents.compact(name, new Uint8Array([6]), { room, token: 10 });
			await expect(stores.documents.append(name, new Uint8Array([7]), newer)).rejects.toThrow(
				FencedOut
			);
			expect(await stores.documents.load(name)).toEqual([new Uint8Array([6])]);
			// Another room's fence is its own.
			await stores.documents.append('meeting/other', new Uint8Array([8]), {
				room: `room-${randomUUID()}`,
				token: 1
			});
			expect(await stores.documents.load('meeting/other')).toEqual([new Uint8Array([8])]);
		});
	});

	describe(`${engine} topics with poll types`, () => {
		it('stores and reads back every poll setting', async () => {
			const owner = await account();
			const created = await stores.topics.create(
				owner.id,
				input({
					kind: 'multiple',
					options: ['A', 'B', 'C'],
					minChoices: 2,
					maxChoices: 3,
					secret: false,
					allowChange: true
				}),
				1
			);
			expect(await stores.topics.get(created.id)).toMatchObject({
				kind: 'multiple',
				minChoices: 2,
				maxChoices: 3,
				scoreMax: 5,
				secret: false,
				allowChange: true
			});
			const score = await stores.topics.create(owner.id, input({ kind: 'score', scoreMax: 10 }), 1);
			expect(score).toMatchObject({
				kind: 'score',
				scoreMax: 10,
				secret: true,
				allowChange: false
			});
			const yesNo = await stores.topics.create(owner.id, input({ kind: 'yes-no' }), 1);
			expect(yesNo.options.map((o) => o.label)).toEqual(['Yes', 'No', 'Abstain']);
		});

		it('copies the poll settings when a meeting topic is duplicated', async () => {
			const { host, meeting, topic } = await meetingWithTopic({
				kind: 'ranked',
				options: ['A', 'B', 'C'],
				secret: false,
				allowChange: true
			});
			const change = await stores.meetings.duplicateTopic(meeting.id, host.id, topic.id, 2);
			expect(change.ok && change.agenda[1]).toMatchObject({
				kind: 'ranked',
				secret: false,
				allowChange: true
			});
		});
	});

	describe(`${engine} votes with poll types`, () => {
		it('stores each choice as canonical JSON, keeping one-option ballots’ option id', async () => {
			const single = await openTopic({ secret: false });
			const score = await openTopic({
				kind: 'score',
				options: ['A', 'B', 'C'],
				scoreMax: 4,
				secret: false
			});
			const multiple = await openTopic({
				kind: 'multiple',
				options: ['A', 'B', 'C'],
				secret: false
			});
			const voter = await account();
			const [a, b, c] = score.topic.options.map((o) => o.id);
			// Keys in an order other than sorted, as a browser might send them.
			const points = Object.fromEntries([
				[c, 0],
				[a, 4],
				[b, 2]
			]);
			expect(await cast(score.topic.id, voter.id, 'ballot-0001', points, 3)).toMatchObject({
				ok: true
			});
			expect(await row(score.topic.id, voter.id)).toMatchObject({
				option_id: null,
				choice: canonicalJson(points)
			});
			expect((await row(score.topic.id, voter.id))?.choice).toBe(
				JSON.stringify(
					Object.fromEntries(
						[
							[a, 4],
							[b, 2],
							[c, 0]
						].sort()
					)
				)
			);
			expect(await stores.votes.findVote(score.topic.id, voter.id)).toMatchObject({
				choice: points,
				ballotId: 'ballot-0001'
			});

			const yes = single.topic.options[0].id;
			await cast(single.topic.id, voter.id, 'ballot-0002', [yes], 3);
			expect(await row(single.topic.id, voter.id)).toMatchObject({
				option_id: yes,
				choice: JSON.stringify([yes])
			});

			const [m1, , m3] = multiple.topic.options.map((o) => o.id);
			await cast(multiple.topic.id, voter.id, 'ballot-0003', [m3, m1], 3);
			expect(await row(multiple.topic.id, voter.id)).toMatchObject({
				option_id: null,
				choice: JSON.stringify([m3, m1])
			});
		});

		it('answers many asks at once, each as it is answered alone', async () => {
			const { topic } = await openTopic({ options: ['A', 'B'], secret: false });
			const { topic: other } = await openTopic({ options: ['A', 'B'], secret: true });
			const [ann, ben, cy] = [await account(), await account(), await account()];
			const [a, b] = topic.options.map((o) => o.id);
			const annVote = await cast(topic.id, ann.id, 'ballot-ann-1', [a], 3);
			const benVote = await cast(topic.id, ben.id, 'ballot-ben-1', [b], 4);
			const benOther = await cast(other.id, ben.id, 'ballot-ben-2', [other.options[0].id], 5);
			if (!annVote.ok || !benVote.ok || !benOther.ok) throw new Error('refused');

			const asks = [
				{ topicId: topic.id, userId: ben.id },
				{ topicId: topic.id, userId: cy.id },
				{ topicId: other.id, userId: ben.id },
				{ topicId: topic.id, userId: ann.id },
				{ topicId: other.id, userId: ann.id },
				{ topicId: 'no-such-topic', userId: ann.id },
				// Outside a roll nobody votes for a member.
				{ topicId: topic.id, userId: ann.id, forEntryId: 'entry' },
				{ topicId: topic.id, userId: ben.id }
			];
			expect(await stores.votes.findVotes(asks)).toEqual([
				benVote.vote,
				null,
				// The other topic is secret: its vote is sealed.
				expect.objectContaining({ topicId: other.id, userId: ben.id, sealed: true, choice: [] }),
				annVote.vote,
				null,
				null,
				null,
				benVote.vote
			]);
			for (const [index, answer] of (await stores.votes.findVotes(asks)).entries()) {
				const { topicId, userId, forEntryId } = asks[index];
				expect(answer).toEqual(await stores.votes.findVote(topicId, userId, forEntryId));
			}
			expect(await stores.votes.findVotes([])).toEqual([]);
		});

		it('replaces a changed vote’s row and logs the change with the tracker it replaces', async () => {
			const { topic } = await openTopic({
				options: ['A', 'B', 'C'],
				allowChange: true,
				secret: false
			});
			const voter = await account();
			const [a, b, c] = topic.options.map((o) => o.id);
			const first = await cast(topic.id, voter.id, 'ballot-0001', [a], 3);
			const second = await cast(topic.id, voter.id, 'ballot-0002', [b], 4);
			const third = await cast(topic.id, voter.id, 'ballot-0003', [c], 5);
			if (!first.ok || !second.ok || !third.ok) throw new Error('refused');
			expect(second).toMatchObject({
				duplicate: false,
				vote: { choice: [b], ballotId: 'ballot-0002' }
			});
			expect(second.vote.tracker).not.toBe(first.vote.tracker);

			expect(await opened.voteCount(topic.id)).toBe(1);
			expect(await row(topic.id, voter.id)).toEqual({
				option_id: c,
				choice: JSON.stringify([c]),
				ballot_id: 'ballot-0003',
				tracker: third.vote.tracker
			});
			expect(await stores.votes.findVote(topic.id, voter.id)).toEqual(third.vote);
			expect(await stores.votes.results(topic.id)).toMatchObject({
				turnout: 1,
				totals: { [a]: 0, [b]: 0, [c]: 1 }
			});

			const audit = await stores.votes.audit(topic.id);
			expect(audit.slice(1).map((e) => [e.kind, e.payload])).toEqual([
				['vote.accepted', { tracker: first.vote.tracker, choice: [a] }],
				[
					'vote.changed',
					{ tracker: second.vote.tracker, replaces: first.vote.tracker, choice: [b] }
				],
				[
					'vote.changed',
					{ tracker: third.vote.tracker, replaces: second.vote.tracker, choice: [c] }
				]
			]);
			await expectReplayMatches(topic.id);

			// The last ballot sent again is a duplicate, not another change.
			expect(await cast(topic.id, voter.id, 'ballot-0003', [c], 6)).toMatchObject({
				ok: true,
				duplicate: true
			});
			expect(await stores.votes.audit(topic.id)).toHaveLength(audit.length);
		});

		it('marks a change arriving within the grace after closing as late', async () => {
			const { owner, topic } = await openTopic({
				allowChange: true,
				lateGraceSeconds: 60,
				secret: false
			});
			const voter = await account();
			const [yes, no] = topic.options.map((o) => o.id);
			const first = await cast(topic.id, voter.id, 'ballot-0001', [yes], 3);
			await stores.topics.changeStatus(topic.id, owner.id, 'close', 1000);
			const late = await cast(topic.id, voter.id, 'ballot-0002', [no], 1000 + 60_000);
			expect(late).toMatchObject({ ok: true, vote: { choice: [no] } });
			expect((await stores.votes.audit(topic.id)).at(-1)?.payload).toMatchObject({
				replaces: first.ok && first.vote.tracker,
				choice: [no],
				late: true
			});
			expect(await cast(topic.id, voter.id, 'ballot-0003', [yes], 1000 + 60_001)).toMatchObject({
				ok: false,
				reason: 'topic-closed',
				closedAt: 1000
			});
			await expectReplayMatches(topic.id);
		});

		it('refuses a second vote where changes are not allowed, keeping the row', async () => {
			const { topic } = await openTopic({ secret: false });
			const voter = await account();
			const [yes, no] = topic.options.map((o) => o.id);
			const first = await cast(topic.id, voter.id, 'ballot-0001', [yes], 3);
			expect(await cast(topic.id, voter.id, 'ballot-0002', [no], 4)).toMatchObject({
				ok: false,
				reason: 'already-voted',
				vote: first.ok ? first.vote : null
			});
			expect((await row(topic.id, voter.id))?.ballot_id).toBe('ballot-0001');
			expect((await stores.votes.audit(topic.id)).map((e) => e.kind)).not.toContain('vote.changed');
		});

		/** Casts each voter's ballots in order (later ones change the vote), then checks the replay. */
		async function castAll(
			{ owner, topic }: { owner: { id: string }; topic: TopicWithOptions },
			ballots: Choice[][]
		) {
			let now = 10;
			for (const [index, choices] of ballots.entries()) {
				const voter = await account();
				for (const [n, choice] of choices.entries()) {
					const outcome = await cast(topic.id, voter.id, `ballot-${index}-${n}-x`, choice, now++);
					expect(outcome).toMatchObject({ ok: true });
				}
			}
			// Secret topics (the default) publish their ballots at the close: replay after it.
			await stores.topics.changeStatus(topic.id, owner.id, 'close', now);
			return expectReplayMatches(topic.id);
		}

		it('single: results equal the replay of the audit log', async () => {
			const voting = await openTopic({ options: ['A', 'B', 'C'], allowChange: true });
			const [a, b, c] = voting.topic.options.map((o) => o.id);
			const replay = await castAll(voting, [[[a]], [[a], [b]], [[c], [b]], [[c]]]);
			expect(replay?.results).toMatchObject({ turnout: 4, totals: { [a]: 1, [b]: 2, [c]: 1 } });
		});

		it('yes-no: results equal the replay of the audit log', async () => {
			const voting = await openTopic({ kind: 'yes-no', allowChange: true });
			const [yes, no, abstain] = voting.topic.options.map((o) => o.id);
			const replay = await castAll(voting, [[[yes]], [[no], [abstain]], [[yes]]]);
			expect(replay?.results).toMatchObject({
				turnout: 3,
				totals: { [yes]: 2, [no]: 0, [abstain]: 1 }
			});
			expect(replay?.check).toMatchObject({ totals: { [yes]: 2, [abstain]: 1 } });
		});

		it('multiple: results equal the replay of the audit log', async () => {
			const voting = await openTopic({
				kind: 'multiple',
				options: ['A', 'B', 'C'],
				minChoices: 1,
				maxChoices: 2,
				allowChange: true
			});
			const [a, b, c] = voting.topic.options.map((o) => o.id);
			const replay = await castAll(voting, [[[a, b]], [[b], [c, a]], [[a]]]);
			expect(replay?.results).toMatchObject({ turnout: 3, totals: { [a]: 3, [b]: 1, [c]: 1 } });
		});

		it('ranked: results and rounds equal the replay of the audit log', async () => {
			const voting = await openTopic({
				kind: 'ranked',
				options: ['A', 'B', 'C'],
				allowChange: true
			});
			const [a, b, c] = voting.topic.options.map((o) => o.id);
			const replay = await castAll(voting, [[[a, b]], [[a]], [[b, a]], [[a], [b]], [[c, b]]]);
			expect(replay?.results.rounds).toEqual([
				{ totals: { [a]: 2, [b]: 2, [c]: 1 }, eliminated: [c], exhausted: 0 },
				{ totals: { [a]: 2, [b]: 3 }, eliminated: [], exhausted: 0 }
			]);
		});

		it('score: results equal the replay of the audit log', async () => {
			const voting = await openTopic({
				kind: 'score',
				options: ['A', 'B'],
				scoreMax: 3,
				allowChange: true
			});
			const [a, b] = voting.topic.options.map((o) => o.id);
			const replay = await castAll(
				voting,
				[
					[{ [a]: 3, [b]: 0 }],
					[
						{ [a]: 0, [b]: 0 },
						{ [b]: 2, [a]: 1 }
					]
				].map((choices) => choices as Choice[])
			);
			expect(replay?.results).toMatchObject({ turnout: 2, totals: { [a]: 4, [b]: 2 } });
		});

		it('namedVotes gives each voter’s name and choice, accounts and guests alike', async () => {
			const { host, meeting, topic } = await meetingWithTopic({ secret: false });
			await stores.meetings.setAccess(meeting.id, host.id, 'guests');
			await stores.topics.changeStatus(topic.id, host.id, 'open', 2);
			const [yes, no] = topic.options.map((o) => o.id);
			const zed = await account('zed');
			const guest = await stores.users.createGuest(meeting.id, 'Beth', 2);
			await cast(topic.id, zed.id, 'ballot-0001', [yes], 3);
			await cast(topic.id, guest.id, 'ballot-0002', [no], 4);
			expect(await stores.votes.namedVotes(topic.id)).toEqual([
				{ userId: guest.id, name: 'Beth', choice: [no], at: 4 },
				{ userId: zed.id, name: 'zed', choice: [yes], at: 3 }
			]);
		});
	});

	describe(`${engine} guests`, () => {
		it('creates a guest of one meeting that no sign-in can find', async () => {
			const { meeting } = await meetingWithTopic();
			const guest = await stores.users.createGuest(meeting.id, 'Ann', 5);
			expect(guest).toMatchObject({
				createdAt: 5,
				guest: { meetingId: meeting.id, displayName: 'Ann' }
			});
			expect(guest.username).not.toBe('Ann');
			expect(await stores.users.findById(guest.id)).toEqual(guest);
			expect(await stores.users.findByUsername(guest.username)).toBeNull();
			expect(await stores.users.findByUsername('Ann')).toBeNull();
			const other = await stores.users.createGuest(meeting.id, 'Ann', 6);
			expect(other.id).not.toBe(guest.id);
		});

		it('still finds accounts by username, with their password hash', async () => {
			const ann = await account('ann');
			expect(await stores.users.findByUsername('ann')).toEqual({ ...ann, passwordHash: 'h' });
			expect(ann.guest).toBeNull();
		});

		it('gives a guest’s session its meeting', async () => {
			const { meeting } = await meetingWithTopic();
			const guest = await stores.users.createGuest(meeting.id, 'Ann', 5);
			await stores.sessions.create({
				id: 's1',
				userId: guest.id,
				secretHash: new Uint8Array([1]),
				createdAt: 5,
				expiresAt: 10
			});
			expect((await stores.sessions.find('s1'))?.user.guest).toEqual({
				meetingId: meeting.id,
				displayName: 'Ann'
			});
		});

		it('ends a meeting for its host only, once', async () => {
			const { host, meeting } = await meetingWithTopic();
			expect(meeting.endedAt).toBeNull();
			const other = (await stores.users.create('not-the-host', 'h', 1))!;
			expect(await stores.meetings.end(meeting.id, other.id, 5)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			expect(await stores.meetings.end(meeting.id, host.id, 7)).toMatchObject({
				ok: true,
				meeting: { endedAt: 7 }
			});
			await stores.meetings.end(meeting.id, host.id, 9);
			expect((await stores.meetings.getByCode(meeting.code))?.endedAt).toBe(7);
		});

		it('lets guests vote only in their meeting, once the host lets guests in', async () => {
			const { host, meeting, topic } = await meetingWithTopic();
			await stores.topics.changeStatus(topic.id, host.id, 'open', 2);
			const yes = topic.options[0].id;
			const guest = await stores.users.createGuest(meeting.id, 'Ann', 2);
			expect(await cast(topic.id, guest.id, 'ballot-0001', [yes], 3)).toMatchObject({
				ok: false,
				reason: 'guests-not-allowed'
			});

			expect(await stores.meetings.setAccess(meeting.id, host.id, 'guests')).toMatchObject({
				ok: true,
				meeting: { access: 'guests' }
			});
			expect((await stores.meetings.get(meeting.id))?.access).toBe('guests');
			expect(await cast(topic.id, guest.id, 'ballot-0002', [yes], 4)).toMatchObject({ ok: true });

			const other = await meetingWithTopic();
			await stores.meetings.setAccess(other.meeting.id, other.host.id, 'guests');
			await stores.topics.changeStatus(other.topic.id, other.host.id, 'open', 2);
			expect(
				await cast(other.topic.id, guest.id, 'ballot-0003', [other.topic.options[0].id], 5)
			).toMatchObject({ ok: false, reason: 'not-a-participant' });

			const alone = await openTopic();
			expect(
				await cast(alone.topic.id, guest.id, 'ballot-0004', [alone.topic.options[0].id], 5)
			).toMatchObject({ ok: false, reason: 'not-a-participant' });
		});

		it('lets only the host change who may vote', async () => {
			const { host, meeting } = await meetingWithTopic();
			expect(meeting.access).toBe('accounts');
			const cohost = await account('cohost');
			await stores.meetings.setMember(meeting.id, host.id, 'cohost', 'cohost', 2);
			expect(await stores.meetings.setAccess(meeting.id, cohost.id, 'guests')).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			expect(await stores.meetings.setAccess('nope', host.id, 'guests')).toMatchObject({
				ok: false,
				reason: 'not-found'
			});
			expect((await stores.meetings.get(meeting.id))?.access).toBe('accounts');
		});
	});

	describe(`${engine} meeting members`, () => {
		it('lets only the host give and take roles, to accounts', async () => {
			const { host, meeting } = await meetingWithTopic();
			const ann = await account('ann');
			const bob = await account('bob');
			expect(
				await stores.meetings.setMember(meeting.id, host.id, 'ann', 'cohost', 2)
			).toMatchObject({
				ok: true
			});
			expect(await stores.meetings.role(meeting.id, ann.id)).toBe('cohost');
			// A co-host runs the meeting but does not hand out roles.
			expect(await stores.meetings.setMember(meeting.id, ann.id, 'bob', 'cohost', 3)).toMatchObject(
				{
					ok: false,
					reason: 'forbidden'
				}
			);
			expect(await stores.meetings.setMember(meeting.id, bob.id, 'bob', 'cohost', 3)).toMatchObject(
				{
					ok: false,
					reason: 'forbidden'
				}
			);
			expect(await stores.meetings.role(meeting.id, bob.id)).toBeNull();
			expect(
				await stores.meetings.setMember(meeting.id, host.id, 'nobody', 'observer', 3)
			).toMatchObject({ ok: false, reason: 'invalid' });
			expect(
				await stores.meetings.setMember(meeting.id, host.id, host.username, 'observer', 3)
			).toMatchObject({ ok: false, reason: 'invalid' });
			const guest = await stores.users.createGuest(meeting.id, 'Gus', 3);
			expect(
				await stores.meetings.setMember(meeting.id, host.id, guest.username, 'observer', 3)
			).toMatchObject({ ok: false, reason: 'invalid' });

			await stores.meetings.setMember(meeting.id, host.id, 'bob', 'observer', 4);
			expect(await stores.meetings.members(meeting.id)).toEqual([
				{ userId: ann.id, name: 'ann', role: 'cohost' },
				{ userId: bob.id, name: 'bob', role: 'observer' }
			]);
			// Changing a role replaces it; null removes it.
			await stores.meetings.setMember(meeting.id, host.id, 'ann', 'observer', 5);
			expect(await stores.meetings.role(meeting.id, ann.id)).toBe('observer');
			await stores.meetings.setMember(meeting.id, host.id, 'bob', null, 5);
			expect(await stores.meetings.members(meeting.id)).toEqual([
				{ userId: ann.id, name: 'ann', role: 'observer' }
			]);
		});

		it('lets a co-host open and close the meeting’s topics and run its agenda', async () => {
			const { host, meeting, topic } = await meetingWithTopic();
			const ann = await account('ann');
			expect(await stores.topics.changeStatus(topic.id, ann.id, 'open', 2)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			await stores.meetings.setMember(meeting.id, host.id, 'ann', 'cohost', 2);
			expect(await stores.topics.changeStatus(topic.id, ann.id, 'open', 3)).toMatchObject({
				ok: true,
				topic: { status: 'open' }
			});
			expect(await stores.topics.changeStatus(topic.id, ann.id, 'close', 4)).toMatchObject({
				ok: true,
				topic: { status: 'closed' }
			});
			const audit = await stores.votes.audit(topic.id);
			expect(audit.map((e) => [e.kind, e.payload.by])).toEqual([
				['topic.opened', ann.id],
				['topic.closed', ann.id]
			]);
			expect(await stores.meetings.setCurrent(meeting.id, ann.id, topic.id)).toMatchObject({
				ok: true,
				meeting: { currentTopicId: topic.id }
			});
			const added = await stores.meetings.addTopic(meeting.id, ann.id, input({ title: 'Next' }), 5);
			expect(added.ok && added.agenda.map((t) => t.title)).toEqual(['T', 'Next']);
			expect(added.ok && added.agenda[1].ownerId).toBe(ann.id);
		});

		it('reads what a topic’s document shows in one go, as the separate reads give it', async () => {
			const { host, meeting, topic } = await meetingWithTopic();
			await account('olga');
			await stores.meetings.setMember(meeting.id, host.id, 'olga', 'observer', 2);
			await stores.meetings.setAccess(meeting.id, host.id, 'guests');
			await stores.topics.changeStatus(topic.id, host.id, 'open', 2);
			const guest = await stores.users.createGuest(meeting.id, 'Ann', 2);
			await cast(topic.id, guest.id, 'ballot-0001', [topic.options[0].id], 3);
			const source = await stores.votes.tallySource(topic.id);
			expect(source).toEqual({
				topic: await stores.topics.get(topic.id),
				results: await stores.votes.results(topic.id),
				meeting: await stores.meetings.get(meeting.id),
				members: await stores.meetings.members(meeting.id),
				electorate: await stores.roll.electorate(topic.id)
			});
			expect(source?.members.map((member) => member.role)).toEqual(['observer']);
			expect(source?.results).toMatchObject({ status: 'open', turnout: 1 });
			expect(await stores.votes.topicResults(topic.id)).toEqual({
				topic: source?.topic,
				results: source?.results
			});

			const alone = await openTopic();
			expect(await stores.votes.tallySource(alone.topic.id)).toMatchObject({
				topic: { id: alone.topic.id },
				meeting: null,
				members: [],
				electorate: null
			});
			expect(await stores.votes.tallySource('no-such-topic')).toBeNull();
			expect(await stores.votes.topicResults('no-such-topic')).toBeNull();
		});

		it('keeps a co-host of one meeting out of another meeting’s topics', async () => {
			const first = await meetingWithTopic();
			const second = await meetingWithTopic();
			await account('ann');
			await stores.meetings.setMember(first.meeting.id, first.host.id, 'ann', 'cohost', 2);
			const ann = (await stores.users.findByUsername('ann'))!;
			expect(await stores.topics.changeStatus(second.topic.id, ann.id, 'open', 3)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
		});

		it('refuses an observer managing topics or voting', async () => {
			const { host, meeting, topic } = await meetingWithTopic();
			const obs = await account('obs');
			await stores.meetings.setMember(meeting.id, host.id, 'obs', 'observer', 2);
			expect(await stores.topics.changeStatus(topic.id, obs.id, 'open', 3)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			expect(await stores.topics.setResultsHidden(topic.id, obs.id, true)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			expect(await stores.meetings.setCurrent(meeting.id, obs.id, topic.id)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			await stores.topics.changeStatus(topic.id, host.id, 'open', 3);
			expect(await cast(topic.id, obs.id, 'ballot-0001', [topic.options[0].id], 4)).toMatchObject({
				ok: false,
				reason: 'observer'
			});
			expect(await row(topic.id, obs.id)).toBeUndefined();
			expect((await stores.votes.audit(topic.id)).at(-1)?.payload).toEqual({
				ballotId: 'ballot-0001',
				reason: 'observer'
			});
			// An account without a role votes as usual.
			const voter = await account();
			expect(await cast(topic.id, voter.id, 'ballot-0002', [topic.options[0].id], 5)).toMatchObject(
				{
					ok: true
				}
			);
		});
	});

	describe(`${engine} store rules`, () => {
		it('has every migration applied once opened', async () => {
			expect(await stores.pendingMigrations()).toEqual([]);
		});

		it('closes a topic once: closing it again writes nothing', async () => {
			const { owner, topic } = await openTopic();
			const [first, second] = await Promise.all([
				stores.topics.changeStatus(topic.id, owner.id, 'close', 5),
				stores.topics.changeStatus(topic.id, owner.id, 'close', 6)
			]);
			expect([first.ok, second.ok].sort()).toEqual([false, true]);
			expect(first.ok ? second : first).toMatchObject({ code: 'already-closed' });
			const audit = await stores.votes.audit(topic.id);
			expect(audit.filter((entry) => entry.kind === 'topic.closed')).toHaveLength(1);
			expect(verifyChain(audit).ok).toBe(true);
		});

		it('counts one of two ballots cast at once for the same voter', async () => {
			const { topic } = await openTopic();
			const voter = await account();
			const [yes, no] = topic.options.map((o) => o.id);
			const outcomes = await Promise.all([
				cast(topic.id, voter.id, 'ballot-000x', [yes], 3),
				cast(topic.id, voter.id, 'ballot-000y', [no], 3)
			]);
			expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
			expect((await stores.votes.results(topic.id))?.turnout).toBe(1);
			await expectReplayMatches(topic.id);
		});

		it('stores documents by name, apart from each other', async () => {
			await stores.documents.append('meeting/a', new Uint8Array([1, 2]));
			await stores.documents.append('meeting/b', new Uint8Array([3]));
			expect(await stores.documents.load('meeting/a')).toEqual([new Uint8Array([1, 2])]);
			expect(await stores.documents.load('meeting/none')).toEqual([]);
		});

		it('keeps sessions and removes the expired ones', async () => {
			const ann = await account();
			const session = (id: string, expiresAt: number) => ({
				id,
				userId: ann.id,
				secretHash: new Uint8Array([9, 8]),
				createdAt: 1,
				expiresAt
			});
			await stores.sessions.create(session('s-old', 10));
			await stores.sessions.create(session('s-new', 100));
			expect(await stores.sessions.find('s-new')).toEqual({
				session: session('s-new', 100),
				user: ann
			});
			await stores.sessions.setExpiry('s-new', 200);
			expect((await stores.sessions.find('s-new'))?.session.expiresAt).toBe(200);
			expect(await stores.sessions.deleteExpired(50)).toBe(1);
			expect(await stores.sessions.find('s-old')).toBeNull();
			await stores.sessions.delete('s-new');
			expect(await stores.sessions.find('s-new')).toBeNull();
		});
	});

	rollContract(engine, () => stores, account);
	paperContract(engine, () => stores, account);
	apartContract(engine, () => opened, account);
	proxyContract(engine, () => stores, account);
	auditPagesContract(engine, () => opened, account);
}
