import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../../../server/compose.ts';
import { parseTopicInput } from '../../../core/topic-rules.ts';
import { runSync, type Port } from '../port.ts';
import { migrate, openDatabase, type Db } from '../sqlite/db.ts';
import { sqliteStores } from '../sqlite/index.ts';
import { sqlitePort } from '../sqlite/port.ts';
import type { Stores } from '../store.ts';
import { castMany, findVotes } from './votes.ts';

let db: Db;
let stores: Stores;

beforeEach(() => {
	db = openDatabase(':memory:', 'NORMAL');
	migrate(db, SQLITE_MIGRATIONS);
	stores = sqliteStores(db, SQLITE_MIGRATIONS);
});
afterEach(() => stores.close());

/** The SQLite port, with every operation a use case asks of it counted by name. */
function countingPort() {
	const port = sqlitePort(db);
	const calls = new Map<string, number>();
	const counting = new Proxy(port, {
		get: (target, op: string) => {
			const operation = target[op as keyof Port] as (...args: unknown[]) => unknown;
			return (...args: unknown[]) => {
				calls.set(op, (calls.get(op) ?? 0) + 1);
				return operation(...args);
			};
		}
	});
	return { port: counting, calls };
}

async function openTopic(ownerId: string, secret: boolean, allowChange = false) {
	const parsed = parseTopicInput({ title: 'T', options: ['Yes', 'No'], secret, allowChange });
	if (!parsed.ok) throw new Error('setup');
	const topic = await stores.topics.create(ownerId, parsed.value, 0);
	await stores.topics.changeStatus(topic.id, ownerId, 'open', 0);
	return topic;
}

describe('asks answered at once (findVotes)', () => {
	it('reads each topic once and its plain votes in one query, however many ask', async () => {
		const owner = (await stores.users.create('owner', 'x', 0))!;
		const topics = [await openTopic(owner.id, false), await openTopic(owner.id, false)];
		const voters = [];
		for (let i = 0; i < 300; i++) voters.push((await stores.users.create(`v${i}`, 'x', 0))!);
		await stores.votes.castMany(
			voters.slice(0, 150).map((voter, i) => ({
				topicId: topics[i % 2].id,
				userId: voter.id,
				request: { ballotId: `ballot-${i}`, choice: [topics[i % 2].options[0].id] }
			})),
			1
		);
		const asks = voters.flatMap((voter) =>
			topics.map((topic) => ({ topicId: topic.id, userId: voter.id }))
		);

		const { port, calls } = countingPort();
		const answers = runSync(port, findVotes(asks));

		expect(Object.fromEntries(calls)).toEqual({ getTopic: 2, votesOf: 2 });
		expect(answers).toHaveLength(600);
		expect(answers.filter((vote) => vote !== null)).toHaveLength(150);
		for (const [index, vote] of answers.entries()) {
			if (vote)
				expect(vote).toMatchObject({ topicId: asks[index].topicId, userId: asks[index].userId });
		}
	});

	it('answers asks on secret topics one by one, with their topic read once', async () => {
		const owner = (await stores.users.create('owner', 'x', 0))!;
		const topic = await openTopic(owner.id, true);
		const voters = [];
		for (let i = 0; i < 3; i++) voters.push((await stores.users.create(`v${i}`, 'x', 0))!);
		const asks = voters.map((voter) => ({ topicId: topic.id, userId: voter.id }));

		const { port, calls } = countingPort();
		runSync(port, findVotes(asks));

		expect(calls.get('getTopic')).toBe(1);
		expect(calls.get('votesOf')).toBeUndefined();
	});
});

describe('a batch of secret ballots', () => {
	it('reads its voters’ participations and its ballot ids once for the whole batch', async () => {
		const owner = (await stores.users.create('owner', 'x', 0))!;
		const topic = await openTopic(owner.id, true);
		const voters = [];
		for (let i = 0; i < 50; i++) voters.push((await stores.users.create(`v${i}`, 'x', 0))!);
		const ballots = voters.map((voter, i) => ({
			topicId: topic.id,
			userId: voter.id,
			request: { ballotId: `ballot-${i}-secret`, choice: [topic.options[i % 2].id] }
		}));

		const { port, calls } = countingPort();
		const outcomes = runSync(port, castMany(ballots, 1));

		expect(outcomes.every((outcome) => outcome.ok && !outcome.duplicate)).toBe(true);
		expect(calls.get('participationsOf')).toBe(1);
		expect(calls.get('ballotsByTrackers')).toBe(1);
		expect(calls.get('participation')).toBeUndefined();
		expect(calls.get('ballotByTracker')).toBeUndefined();
		expect((await stores.votes.results(topic.id))?.turnout).toBe(50);
	});

	it('sees what it stored for a voter or a ballot id when the same comes again in it', async () => {
		const owner = (await stores.users.create('owner', 'x', 0))!;
		const once = await openTopic(owner.id, true);
		const changing = await openTopic(owner.id, true, true);
		const [ann, ben] = [
			(await stores.users.create('ann', 'x', 0))!,
			(await stores.users.create('ben', 'x', 0))!
		];
		const ballot = (topic: typeof once, userId: string, ballotId: string, option = 0) => ({
			topicId: topic.id,
			userId,
			request: { ballotId, choice: [topic.options[option].id] }
		});
		const outcomes = await stores.votes.castMany(
			[
				ballot(once, ann.id, 'ann-phone-ballot'),
				// Ann's laptop, in the same batch: she has voted.
				ballot(once, ann.id, 'ann-laptop-ballot', 1),
				// Her phone's request again: the same ballot.
				ballot(once, ann.id, 'ann-phone-ballot'),
				// Ben sends Ann's ballot id: its tracker is taken.
				ballot(once, ben.id, 'ann-phone-ballot', 1),
				ballot(changing, ann.id, 'ann-first-choice'),
				ballot(changing, ann.id, 'ann-second-choice', 1),
				ballot(changing, ann.id, 'ann-third-choice')
			],
			1
		);
		expect(
			outcomes.map((o) => (o.ok ? (o.duplicate ? 'duplicate' : 'counted') : o.reason))
		).toEqual([
			'counted',
			'already-voted',
			'duplicate',
			'malformed-ballot',
			'counted',
			'counted',
			'counted'
		]);
		expect(await stores.votes.results(once.id)).toMatchObject({
			turnout: 1,
			totals: { [once.options[0].id]: 1, [once.options[1].id]: 0 }
		});
		expect(await stores.votes.results(changing.id)).toMatchObject({
			turnout: 1,
			totals: { [changing.options[0].id]: 1, [changing.options[1].id]: 0 }
		});
	});
});
