import type { onChangePayload, onLoadDocumentPayload } from '@hocuspocus/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseTopicInput } from '../../src/lib/core/topic-rules.ts';
import type { TopicWithOptions } from '../../src/lib/core/types.ts';
import { createLogger } from '../../src/lib/server/log.ts';
import { createSqliteStores } from '../../src/lib/server/storage/sqlite/index.ts';
import type { Stores, UserRecord } from '../../src/lib/server/storage/store.ts';
import { ballotDocumentName, ballotMap, readBallot } from '../../src/lib/shared/documents.ts';
import { SQLITE_MIGRATIONS } from '../compose.ts';
import type { CollabContext } from './auth.ts';
import { votesExtension, type VotesExtension } from './votes.ts';
import type { BatchPacing } from '../batch-pacing.ts';

let stores: Stores;
let topic: TopicWithOptions;
let owner: UserRecord;
/** Batches the extension asked to run later; `runDeferred` runs them, as the event loop would. */
let deferred: (() => void)[];
let scheduled: string[];
let votes: VotesExtension;

const now = () => 1_000;

beforeEach(async () => {
	stores = createSqliteStores(':memory:', SQLITE_MIGRATIONS);
	owner = (await stores.users.create('owner', 'x', 0))!;
	const parsed = parseTopicInput({ title: 'T', options: ['Yes', 'No'] });
	if (!parsed.ok) throw new Error('setup');
	topic = await stores.topics.create(owner.id, parsed.value, 0);
	await stores.topics.changeStatus(topic.id, owner.id, 'open', 0);
	deferred = [];
	scheduled = [];
	votes = extension({ schedule: (run) => void deferred.push(run), waiting() {}, started() {} });
});
afterEach(() => stores.close());

/** The extension over this spec's store, its batches run when `pacing` lets them. */
function extension(pacing: BatchPacing) {
	return votesExtension({
		votes: stores.votes,
		publisher: {
			publish: async () => {},
			scheduleTopic: (topicId) => void scheduled.push(topicId)
		},
		now,
		log: createLogger({ level: 'silent' }),
		pacing
	});
}

async function runDeferred() {
	for (const run of deferred.splice(0)) run();
	await votes.drain();
}

/** A voter's ballot document as Hocuspocus holds it, and a way to send a request into it. */
async function voter(name: string) {
	const user = (await stores.users.create(name, 'x', 0))!;
	const doc = new Y.Doc();
	const documentName = ballotDocumentName(topic.id, user.id);
	const context = { cookieSession: null, auth: { user, session: {} } } as unknown as CollabContext;
	return {
		user,
		doc,
		async vote(optionIndex: number, ballotId = `${name}-ballot`) {
			ballotMap(doc).set('request', {
				ballotId,
				optionId: topic.options[optionIndex].id,
				castAt: 0
			});
			await votes.onChange!({
				document: doc,
				documentName,
				context,
				transactionOrigin: { source: 'connection' }
			} as unknown as onChangePayload);
		},
		async load() {
			await votes.afterLoadDocument!({ document: doc, documentName } as onLoadDocumentPayload);
		}
	};
}

const stored = async () => (await stores.votes.results(topic.id))?.turnout ?? 0;

describe('the vote batch', () => {
	it('tells its pacing how many ballots wait and when their batch starts', async () => {
		const told: string[] = [];
		votes = extension({
			schedule: (run) => {
				told.push('schedule');
				deferred.push(run);
			},
			waiting: (count) => void told.push(`waiting ${count}`),
			started: () => void told.push('started')
		});
		const ana = await voter('ana');
		const ben = await voter('ben');
		await ana.vote(0);
		await ben.vote(1);
		await ana.vote(1, 'second-ballot');
		expect(told).toEqual(['schedule', 'waiting 1', 'waiting 2', 'waiting 2']);
		await runDeferred();
		expect(told.slice(4)).toEqual(['started']);
		expect(await stored()).toBe(2);
	});

	it('decides nothing until its turn comes, then commits every queued ballot and answers each', async () => {
		const ana = await voter('ana');
		const ben = await voter('ben');
		await ana.vote(0);
		await ben.vote(1);
		expect(deferred).toHaveLength(1); // one batch for both
		expect(await stored()).toBe(0);
		expect(readBallot(ana.doc).receipt).toBeNull();

		await runDeferred();
		expect(await stored()).toBe(2);
		expect(readBallot(ana.doc).receipt?.ballotId).toBe('ana-ballot');
		expect(readBallot(ben.doc).receipt?.ballotId).toBe('ben-ballot');
		expect(scheduled).toEqual([topic.id]); // one tally write asked for the batch
	});

	it('decides a ballot changed twice before its turn once, on the latest request', async () => {
		const ana = await voter('ana');
		await ana.vote(0, 'first-ballot');
		await ana.vote(1, 'second-ballot');
		await runDeferred();
		expect(readBallot(ana.doc).receipt?.ballotId).toBe('second-ballot');
		expect(await stored()).toBe(1);
	});

	it('answers a ballot sent again after a restart with the stored receipt, counting it once', async () => {
		const ana = await voter('ana');
		await ana.vote(0);
		await runDeferred();
		const again = await voter('ana2');
		await again.vote(0);
		await runDeferred();
		// The same ballot id arriving again (a client resending after a reconnect) is a duplicate.
		await ana.vote(0);
		await runDeferred();
		expect(await stored()).toBe(2);
		expect(scheduled).toEqual([topic.id, topic.id]);
	});

	it('refuses a ballot for a closed topic with the reason, and counts nothing', async () => {
		await stores.topics.changeStatus(topic.id, owner.id, 'close', 500);
		const ana = await voter('ana');
		await ana.vote(0);
		await runDeferred();
		expect(readBallot(ana.doc).refusal?.reason).toBe('topic-closed');
		expect(await stored()).toBe(0);
	});

	it('decides a request found when a ballot loads (written offline or before a restart)', async () => {
		const ana = await voter('ana');
		ballotMap(ana.doc).set('request', {
			ballotId: 'offline-ballot',
			optionId: topic.options[1].id,
			castAt: 0
		});
		await ana.load();
		await runDeferred();
		expect(readBallot(ana.doc).receipt?.ballotId).toBe('offline-ballot');
	});

	it("writes the stored receipt into a ballot as it loads, before the device's first sync", async () => {
		const ana = await voter('ana');
		await ana.vote(1);
		await runDeferred();
		// The voter's device closed the ballot; it opens again into a new, empty document.
		const reopened = new Y.Doc();
		await votes.afterLoadDocument!({
			document: reopened,
			documentName: ballotDocumentName(topic.id, ana.user.id)
		} as onLoadDocumentPayload);
		// Answered within the hook: no batch had to run for it.
		expect(deferred).toHaveLength(0);
		// A secret topic (the default): the server says the vote counts, not what it was; the device
		// keeps its own receipt, and a device without one shows "counted elsewhere".
		expect(readBallot(reopened)).toMatchObject({ receipt: null, sealed: true });
		expect(await stored()).toBe(1);
	});

	it('loads a ballot with no vote behind it without writing anything', async () => {
		const ben = await voter('ben');
		await ben.load();
		expect(deferred).toHaveLength(0);
		expect(Y.encodeStateVector(ben.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
	});
});

describe('drain on shutdown', () => {
	it('commits and answers what is queued without waiting for the batch to be run', async () => {
		const ana = await voter('ana');
		const ben = await voter('ben');
		await ana.vote(0);
		await ben.vote(0);
		await votes.drain();
		expect(await stored()).toBe(2);
		expect(readBallot(ana.doc).receipt).not.toBeNull();
		expect(readBallot(ben.doc).receipt).not.toBeNull();
		// The batch's own turn, when it comes, finds nothing left to do.
		await runDeferred();
		expect(await stored()).toBe(2);
	});

	it('resolves at once when nothing is queued', async () => {
		await votes.drain();
		expect(deferred).toHaveLength(0);
	});
});
