import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../../../../../server/compose.ts';
import { parseTopicInput } from '../../../core/topic-rules.ts';
import { runSync, type Port } from '../port.ts';
import { migrate, openDatabase, type Db } from '../sqlite/db.ts';
import { sqliteStores } from '../sqlite/index.ts';
import { sqlitePort } from '../sqlite/port.ts';
import type { Stores } from '../store.ts';
import { findVotes } from './votes.ts';

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

async function openTopic(ownerId: string, secret: boolean) {
	const parsed = parseTopicInput({ title: 'T', options: ['Yes', 'No'], secret });
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
