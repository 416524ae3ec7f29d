import type { onStatelessPayload } from '@hocuspocus/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROXY_LIMIT_MAX } from '../../src/lib/core/proxy-rules.ts';
import { parseTopicInput } from '../../src/lib/core/topic-rules.ts';
import type { TopicWithOptions } from '../../src/lib/core/types.ts';
import { createLogger } from '../../src/lib/server/log.ts';
import { createSqliteStores } from '../../src/lib/server/storage/sqlite/index.ts';
import type { Stores, UserRecord } from '../../src/lib/server/storage/store.ts';
import {
	askMessage,
	readBallotAnswer,
	voteMessage,
	type BallotAnswer
} from '../../src/lib/shared/ballot-messages.ts';
import { ballotDocumentName, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { SQLITE_MIGRATIONS } from '../compose.ts';
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
function extension(pacing: BatchPacing, answered?: (waitedMs: number) => void) {
	return votesExtension({
		answered,
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

/** A voter with one device, and what the server last told it. */
async function voter(name: string) {
	const user = (await stores.users.create(name, 'x', 0))!;
	const phone = device(user);
	return {
		user,
		...phone,
		vote: (optionIndex: number, ballotId = `${name}-ballot`) => phone.vote(optionIndex, ballotId),
		receipt: () => phone.answers.at(-1)?.receipt ?? null,
		refusal: () => phone.answers.at(-1)?.refusal ?? null
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
		expect(ana.receipt()).toBeNull();

		await runDeferred();
		expect(await stored()).toBe(2);
		expect(ana.receipt()?.ballotId).toBe('ana-ballot');
		expect(ben.receipt()?.ballotId).toBe('ben-ballot');
		expect(scheduled).toEqual([topic.id]); // one tally write asked for the batch
	});

	it('decides a ballot changed twice before its turn once, on the latest request', async () => {
		const ana = await voter('ana');
		await ana.vote(0, 'first-ballot');
		await ana.vote(1, 'second-ballot');
		await runDeferred();
		expect(ana.answers).toHaveLength(1);
		expect(ana.receipt()?.ballotId).toBe('second-ballot');
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

	it('tells how long each newly decided vote waited, and nothing for one answered again', async () => {
		const waits: number[] = [];
		votes = extension(
			{ schedule: (run) => void deferred.push(run), waiting() {}, started() {} },
			(ms) => waits.push(ms)
		);
		const ana = await voter('ana');
		const ben = await voter('ben');
		await ana.vote(0);
		await ben.vote(1);
		const queuedAt = performance.now();
		while (performance.now() < queuedAt + 5); // the batch's turn comes a little later
		await runDeferred();
		expect(waits).toHaveLength(2);
		for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(5);
		await ana.vote(0); // sent again: answered, not decided anew
		await runDeferred();
		expect(waits).toHaveLength(2);
	});

	it('refuses a ballot for a closed topic with the reason, and counts nothing', async () => {
		await stores.topics.changeStatus(topic.id, owner.id, 'close', 500);
		const ana = await voter('ana');
		await ana.vote(0);
		await runDeferred();
		expect(ana.refusal()?.reason).toBe('topic-closed');
		expect(await stored()).toBe(0);
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
		expect(ana.receipt()).not.toBeNull();
		expect(ben.receipt()).not.toBeNull();
		// The batch's own turn, when it comes, finds nothing left to do.
		await runDeferred();
		expect(await stored()).toBe(2);
	});

	it('resolves at once when nothing is queued', async () => {
		await votes.drain();
		expect(deferred).toHaveLength(0);
	});
});

/** A device of `user`'s (or of nobody signed in) with the topic open, and what it was told. */
function device(user: UserRecord | null) {
	const answers: BallotAnswer[] = [];
	const raw: string[] = [];
	const closers: (() => void)[] = [];
	const connection = {
		context: { cookieSession: null, auth: user ? { user, session: {} } : null },
		sendStateless(payload: string) {
			raw.push(payload);
			const answer = readBallotAnswer(payload);
			if (answer) answers.push(answer);
		},
		onClose(callback: () => void) {
			closers.push(callback);
			return connection;
		}
	};
	const send = (payload: string) =>
		votes.onStateless!({
			connection,
			documentName: topicDocumentName(topic.id),
			document: {},
			payload
		} as unknown as onStatelessPayload);
	return {
		answers,
		raw,
		send,
		vote: (optionIndex: number, ballotId: string, forEntryId?: string) =>
			send(
				voteMessage({ ballotId, choice: [topic.options[optionIndex].id], castAt: 0 }, forEntryId)
			),
		ask: () => send(askMessage()),
		close: () => closers.forEach((close) => close())
	};
}

describe('ballots as messages on the topic document', () => {
	it('counts a vote after its batch commits and answers the device that sent it', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await phone.vote(0, 'ana-ballot');
		expect(phone.answers).toEqual([]);
		expect(await stored()).toBe(0);
		await runDeferred();
		expect(await stored()).toBe(1);
		expect(phone.answers).toHaveLength(1);
		expect(phone.answers[0]).toMatchObject({
			receipt: { ballotId: 'ana-ballot', choice: [topic.options[0].id] },
			sealed: false,
			refusal: null
		});
		expect(scheduled).toEqual([topic.id]);
	});

	it("tells the voter's other devices that asked, and nobody else, of a counted vote", async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const ben = (await stores.users.create('ben', 'x', 0))!;
		const phone = device(ana);
		const laptop = device(ana);
		const quiet = device(ana);
		const neighbour = device(ben);
		await laptop.ask();
		await neighbour.ask();
		await runDeferred();
		expect(laptop.answers).toEqual([
			{ type: 'plenum/ballot', receipt: null, sealed: false, refusal: null }
		]);
		await phone.vote(1, 'from-phone');
		await runDeferred();
		expect(laptop.answers.at(-1)?.receipt?.ballotId).toBe('from-phone');
		expect(quiet.answers).toEqual([]);
		expect(neighbour.answers).toHaveLength(1);
		// A device that closed hears nothing more.
		laptop.close();
		await phone.vote(0, 'second-ballot');
		await runDeferred();
		expect(laptop.answers).toHaveLength(2);
		// The topic does not let votes change: the second is refused, to the phone alone.
		expect(phone.answers.at(-1)?.refusal?.reason).toBe('already-voted');
		expect(await stored()).toBe(1);
	});

	it('answers an ask with what counts: a secret vote is told as counted, not what it was', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await phone.vote(1, 'ana-ballot');
		await runDeferred();
		const later = device(ana);
		await later.ask();
		await runDeferred();
		expect(later.answers).toEqual([
			{ type: 'plenum/ballot', receipt: null, sealed: true, refusal: null }
		]);
	});

	it("answers a hall's asks in its batch with one read, each device with its own vote", async () => {
		// A named topic, whose answers show each vote.
		const parsed = parseTopicInput({ title: 'Named', options: ['Yes', 'No'], secret: false });
		if (!parsed.ok) throw new Error('setup');
		topic = await stores.topics.create(owner.id, parsed.value, 0);
		await stores.topics.changeStatus(topic.id, owner.id, 'open', 0);
		const phones = [];
		for (let i = 0; i < 40; i++) {
			const user = (await stores.users.create(`voter${i}`, 'x', 0))!;
			phones.push(device(user));
		}
		for (const [i, phone] of phones.entries())
			if (i % 2 === 0) await phone.vote(i % 4 ? 1 : 0, `ballot-${i}-of-hall`);
		await runDeferred();
		const reads = vi.spyOn(stores.votes, 'findVotes');
		const single = vi.spyOn(stores.votes, 'findVote');
		for (const phone of phones) await phone.ask();
		await runDeferred();
		expect(reads).toHaveBeenCalledTimes(1);
		expect(single).not.toHaveBeenCalled();
		for (const [i, phone] of phones.entries()) {
			expect(phone.answers.at(-1)).toMatchObject(
				i % 2 === 0
					? {
							receipt: {
								ballotId: `ballot-${i}-of-hall`,
								choice: [topic.options[i % 4 ? 1 : 0].id]
							}
						}
					: { receipt: null, refusal: null }
			);
		}
	});

	it('answers an ask sent after its own vote in one batch with the vote, once', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await phone.vote(0, 'ana-ballot');
		await phone.ask();
		await runDeferred();
		expect(phone.answers).toHaveLength(1);
		expect(phone.answers[0].receipt?.ballotId).toBe('ana-ballot');
	});

	it('counts a request sent again (after a reconnect) once, and answers it again', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await phone.vote(0, 'ana-ballot');
		await runDeferred();
		const again = device(ana);
		await again.vote(0, 'ana-ballot');
		await runDeferred();
		expect(again.answers[0].receipt?.ballotId).toBe('ana-ballot');
		expect(await stored()).toBe(1);
		expect(scheduled).toEqual([topic.id]);
	});

	it('refuses what it cannot read with a reason, ignores what is not a ballot, and stores nothing', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await phone.send('not json');
		await phone.send(JSON.stringify({ type: 'something-else' }));
		await phone.send(JSON.stringify(['plenum/vote']));
		expect(phone.raw).toEqual([]);
		await phone.send(
			JSON.stringify({ type: 'plenum/vote', request: { ballotId: 'b1', choice: 'x' } })
		);
		await phone.send(JSON.stringify({ type: 'plenum/vote', request: { ballotId: 'b2' }, for: 7 }));
		await phone.send(JSON.stringify({ type: 'plenum/vote' }));
		await phone.send(JSON.stringify({ type: 'plenum/vote', request: {} }).padEnd(20_000, ' '));
		await runDeferred();
		expect(phone.answers.map((answer) => answer.refusal?.reason)).toEqual([
			'malformed-ballot',
			'malformed-ballot',
			'malformed-ballot'
		]);
		expect(phone.answers.map((answer) => answer.refusal?.ballotId).sort()).toEqual(['', '', 'b1']);
		expect(await stored()).toBe(0);
		expect(scheduled).toEqual([]);
	});

	it('refuses a vote from a connection nobody signed in on', async () => {
		const viewer = device(null);
		await viewer.vote(0, 'anon');
		await viewer.ask();
		await runDeferred();
		expect(viewer.answers.map((answer) => answer.refusal?.reason)).toEqual([
			'not-signed-in',
			'not-signed-in'
		]);
		expect(viewer.answers[0].refusal?.ballotId).toBe('anon');
		expect(await stored()).toBe(0);
	});

	it("refuses a vote for a member the voter does not carry, and tells nothing of the member's vote", async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await phone.vote(0, 'proxy-ballot', 'someone');
		await runDeferred();
		expect(phone.answers).toEqual([
			expect.objectContaining({
				for: 'someone',
				receipt: null,
				refusal: expect.objectContaining({ reason: 'not-a-proxy' })
			})
		]);
		expect(await stored()).toBe(0);
	});

	it('keeps no more ballots per connection than anyone may carry, whatever `for` it names', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		for (let i = 0; i < PROXY_LIMIT_MAX; i++)
			await phone.send(JSON.stringify({ type: 'plenum/ask', for: `entry-${i}` }));
		await phone.ask();
		// One more member than anyone may carry: refused at once, nothing queued for it.
		await phone.send(JSON.stringify({ type: 'plenum/ask', for: 'one-too-many' }));
		expect(phone.answers).toEqual([
			expect.objectContaining({
				for: 'one-too-many',
				refusal: expect.objectContaining({ reason: 'not-a-proxy' })
			})
		]);
		await runDeferred();
		expect(phone.answers).toHaveLength(PROXY_LIMIT_MAX + 2);
		// A ballot it already sent messages for is still answered.
		await phone.vote(0, 'ana-ballot');
		await runDeferred();
		expect(phone.answers.at(-1)?.receipt?.ballotId).toBe('ana-ballot');
	});

	it('ignores messages on documents other than topics', async () => {
		const ana = (await stores.users.create('ana', 'x', 0))!;
		const phone = device(ana);
		await votes.onStateless!({
			connection: { context: { auth: { user: ana } }, sendStateless: () => phone.raw.push('x') },
			documentName: ballotDocumentName(topic.id, ana.id),
			payload: voteMessage({ ballotId: 'b', choice: [topic.options[0].id], castAt: 0 })
		} as unknown as onStatelessPayload);
		await runDeferred();
		expect(phone.raw).toEqual([]);
		expect(await stored()).toBe(0);
	});
});
