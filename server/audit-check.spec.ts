import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTopicInput } from '../src/lib/core/topic-rules.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import type { Stores } from '../src/lib/server/storage/store.ts';
import { auditProblem } from './audit-check.ts';
import { SQLITE_MIGRATIONS } from './compose.ts';

let stores: Stores;
beforeEach(() => {
	stores = createSqliteStores(':memory:', SQLITE_MIGRATIONS);
});
afterEach(() => stores.close());

async function votedTopic(secret: boolean) {
	const owner = (await stores.users.create('owner', 'x', 0))!;
	const parsed = parseTopicInput({ title: 'Chair', options: ['Ann', 'Ben'], secret });
	if (!parsed.ok) throw new Error(parsed.message);
	const topic = await stores.topics.create(owner.id, parsed.value, 1);
	await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
	for (const [i, option] of [0, 1, 1].entries()) {
		const voter = (await stores.users.create(`voter${i}`, 'x', 0))!;
		const request = { ballotId: `ballot-${i}`, choice: [topic.options[option].id] };
		await stores.votes.castMany([{ topicId: topic.id, userId: voter.id, request }], 10 + i);
	}
	return { owner, topic };
}

describe('the audit check', () => {
	it('passes a named topic whose log replays to its votes', async () => {
		const { topic } = await votedTopic(false);
		expect(await auditProblem(stores.votes, topic.id)).toBeNull();
	});

	it('passes an open secret topic, whose log holds its ballots by number only, and after its close', async () => {
		const { owner, topic } = await votedTopic(true);
		expect(await auditProblem(stores.votes, topic.id)).toBeNull();
		await stores.topics.changeStatus(topic.id, owner.id, 'close', 20);
		expect(await auditProblem(stores.votes, topic.id)).toBeNull();
	});

	it('names a log that counts other totals than the votes', async () => {
		const { topic } = await votedTopic(false);
		const verify = stores.votes.verifyAudit.bind(stores.votes);
		stores.votes.verifyAudit = async (topicId) => {
			const real = await verify(topicId);
			const [ann, ben] = topic.options.map((option) => option.id);
			return { ...real, results: { ...real.results!, totals: { [ann]: 2, [ben]: 1 } } };
		};
		expect(await auditProblem(stores.votes, topic.id)).toMatch(/option .*: the log counts 1/);
	});
});
