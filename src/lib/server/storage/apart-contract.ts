/**
 * Secret topics keep who voted apart from what was voted, as every store must (run by
 * `storeContract` for every adapter; see `use-cases/ballots-apart.ts` and `docs/SECURITY.md`):
 * a participation without choice, a ballot without voter, a link between them only while the
 * topic is open and lets votes change, none after the close, and a log that names ballots only
 * at the close, in tracker order and at the closing time.
 */
import { describe, expect, it } from 'vitest';
import { compareTotals, verifyChain } from '../../core/audit-chain.ts';
import { ballotTracker } from '../../core/trackers.ts';
import { parseTopicInput } from '../../core/topic-rules.ts';
import type { OpenedStores } from './contract.ts';
import type { UserRecord } from './store.ts';

export function apartContract(
	engine: string,
	/** The stores of the running test (opened afresh for each). */
	opened: () => OpenedStores,
	account: () => Promise<UserRecord>
) {
	const stores = () => opened().stores;
	const input = (raw: Record<string, unknown> = {}) => {
		const parsed = parseTopicInput({ title: 'Chair', options: ['Ann', 'Ben'], ...raw });
		if (!parsed.ok) throw new Error(parsed.message);
		return parsed.value;
	};
	const cast = async (
		topicId: string,
		userId: string,
		ballotId: string,
		choice: string[],
		now = 10
	) =>
		(await stores().votes.castMany([{ topicId, userId, request: { ballotId, choice } }], now))[0];

	async function openTopic(raw: Record<string, unknown> = {}) {
		const owner = await account();
		const topic = await stores().topics.create(owner.id, input(raw), 1);
		await stores().topics.changeStatus(topic.id, owner.id, 'open', 2);
		return { owner, topic: (await stores().topics.get(topic.id))! };
	}

	/** The replayed log meets the stored results. */
	async function expectReplay(topicId: string) {
		const check = verifyChain(await stores().votes.audit(topicId));
		if (!check.ok) throw new Error(check.problem);
		expect(compareTotals(check, (await stores().votes.results(topicId))!)).toEqual([]);
		return check;
	}

	describe(`${engine} secret topics keep who voted apart from what was voted`, () => {
		it('stores a voter without choice and a ballot without voter, never linked where votes cannot change', async () => {
			const { owner, topic } = await openTopic();
			expect(topic).toMatchObject({ secret: true, ballotsApart: true });
			const [ann, ben] = topic.options.map((o) => o.id);
			const voters = [await account(), await account(), await account()];
			const first = await cast(topic.id, voters[0].id, 'ballot-a', [ann], 10);
			await cast(topic.id, voters[1].id, 'ballot-b', [ben], 11);
			await cast(topic.id, voters[2].id, 'ballot-c', [ann], 12);
			if (!first.ok) throw new Error('refused');
			// The tracker follows from the ballot id only the voter's device holds.
			expect(first.vote.tracker).toBe(ballotTracker(topic.id, 'ballot-a'));

			const rows = await opened().apartRows(topic.id);
			expect(rows.participations.map((p) => p.user_id).sort()).toEqual(
				voters.map((v) => v.id).sort()
			);
			expect(rows.ballots).toHaveLength(3);
			expect(rows.ballots.every((b) => b.participation_id === null)).toBe(true);
			expect(await opened().voteCount(topic.id)).toBe(0);
			// The log names a ballot cast, nothing of whose or what.
			const audit = await stores().votes.audit(topic.id);
			expect(audit.slice(1).map((e) => [e.kind, e.payload])).toEqual([
				['ballot.cast', {}],
				['ballot.cast', {}],
				['ballot.cast', {}]
			]);
			expect(await expectReplay(topic.id)).toMatchObject({ sealed: 3, turnout: 0 });

			// Sent again, the same ballot gets the same receipt back; another one is refused.
			expect(await cast(topic.id, voters[0].id, 'ballot-a', [ann], 13)).toMatchObject({
				ok: true,
				duplicate: true,
				vote: { tracker: first.vote.tracker, choice: [ann], ballotId: 'ballot-a' }
			});
			expect(await cast(topic.id, voters[0].id, 'ballot-a2', [ben], 14)).toMatchObject({
				ok: false,
				reason: 'already-voted',
				vote: { sealed: true, tracker: '' }
			});
			// Without the ballot id, the server can only say that the voter voted.
			expect(await stores().votes.findVote(topic.id, voters[0].id)).toMatchObject({
				sealed: true,
				tracker: '',
				ballotId: ''
			});
			// Asked together with others, the same.
			const asks = voters.map((voter) => ({ topicId: topic.id, userId: voter.id }));
			expect(await stores().votes.findVotes(asks)).toEqual(
				await Promise.all(asks.map((ask) => stores().votes.findVote(ask.topicId, ask.userId)))
			);
			expect(await stores().votes.results(topic.id)).toMatchObject({
				turnout: 3,
				totals: { [ann]: 2, [ben]: 1 }
			});

			await stores().topics.changeStatus(topic.id, owner.id, 'close', 60_000);
			const closed = await stores().votes.audit(topic.id);
			const published = closed.filter((e) => e.kind === 'ballot.published');
			// Published at the close, all at its time, in tracker order: not in the order cast.
			expect(published.map((e) => e.payload.tracker)).toEqual(rows.ballots.map((b) => b.tracker));
			expect(published.every((e) => e.at === 60_000 && e.payload.weight === undefined)).toBe(true);
			expect(closed.at(-1)?.kind).toBe('topic.closed');
			const check = await expectReplay(topic.id);
			expect(check).toMatchObject({ totals: { [ann]: 2, [ben]: 1 }, turnout: 3 });
			expect(check.ok && check.sealed).toBeUndefined();
			expect((await opened().apartRows(topic.id)).ballots.every((b) => b.published === 1)).toBe(
				true
			);
		});

		it('links a changeable vote only while the topic is open, and forgets the link at the close', async () => {
			const { owner, topic } = await openTopic({ allowChange: true, lateGraceSeconds: 60 });
			const [ann, ben] = topic.options.map((o) => o.id);
			const voter = await account();
			const other = await account();
			await cast(topic.id, voter.id, 'ballot-1', [ann], 10);
			await cast(topic.id, other.id, 'ballot-x', [ben], 10);
			let rows = await opened().apartRows(topic.id);
			const mine = rows.participations.find((p) => p.user_id === voter.id)!;
			expect(rows.ballots.find((b) => b.participation_id === mine.id)).toMatchObject({
				tracker: ballotTracker(topic.id, 'ballot-1')
			});

			// A change finds the old ballot through the link and replaces it.
			const changed = await cast(topic.id, voter.id, 'ballot-2', [ben], 11);
			expect(changed).toMatchObject({ ok: true, duplicate: false, vote: { choice: [ben] } });
			rows = await opened().apartRows(topic.id);
			expect(rows.ballots).toHaveLength(2);
			expect(rows.ballots.find((b) => b.participation_id === mine.id)).toMatchObject({
				tracker: ballotTracker(topic.id, 'ballot-2')
			});
			expect((await stores().votes.audit(topic.id)).at(-1)?.payload).toEqual({ change: true });

			await stores().topics.changeStatus(topic.id, owner.id, 'close', 1000);
			rows = await opened().apartRows(topic.id);
			expect(rows.participations).toHaveLength(2);
			expect(rows.ballots.map((b) => b.participation_id)).toEqual([null, null]);
			// Within the late grace the vote can no longer change: nothing leads to its ballot.
			expect(await cast(topic.id, voter.id, 'ballot-3', [ann], 2000)).toMatchObject({
				ok: false,
				reason: 'already-voted'
			});
			expect(await expectReplay(topic.id)).toMatchObject({
				totals: { [ben]: 2 },
				turnout: 2
			});
		});

		it('publishes a late ballot at once, and counts it', async () => {
			const { owner, topic } = await openTopic({ lateGraceSeconds: 60 });
			const [ann] = topic.options.map((o) => o.id);
			await cast(topic.id, (await account()).id, 'ballot-1', [ann], 10);
			await stores().topics.changeStatus(topic.id, owner.id, 'close', 1000);
			const late = await cast(topic.id, (await account()).id, 'ballot-2', [ann], 2000);
			expect(late).toMatchObject({ ok: true });
			const audit = await stores().votes.audit(topic.id);
			expect(audit.slice(-2).map((e) => [e.kind, e.payload])).toEqual([
				['ballot.cast', { late: true }],
				['ballot.published', { tracker: late.ok && late.vote.tracker, choice: [ann], late: true }]
			]);
			expect(await expectReplay(topic.id)).toMatchObject({ totals: { [ann]: 2 }, turnout: 2 });
		});

		it('refuses a ballot id whose tracker another ballot of the topic holds', async () => {
			const { topic } = await openTopic();
			const [ann] = topic.options.map((o) => o.id);
			expect(await cast(topic.id, (await account()).id, 'same-id', [ann])).toMatchObject({
				ok: true
			});
			expect(await cast(topic.id, (await account()).id, 'same-id', [ann])).toMatchObject({
				ok: false,
				reason: 'malformed-ballot'
			});
			expect((await stores().votes.results(topic.id))?.turnout).toBe(1);
		});

		it('keeps a named topic in the votes table, as before', async () => {
			const { topic } = await openTopic({ secret: false });
			expect(topic.ballotsApart).toBeUndefined();
			const voter = await account();
			await cast(topic.id, voter.id, 'ballot-n', [topic.options[0].id]);
			expect(await opened().voteCount(topic.id)).toBe(1);
			expect((await opened().apartRows(topic.id)).ballots).toEqual([]);
		});
	});
}
