import type { Hocuspocus } from '@hocuspocus/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseTopicInput } from '../src/lib/core/topic-rules.ts';
import type { TopicWithOptions } from '../src/lib/core/types.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import type { Stores } from '../src/lib/server/storage/store.ts';
import {
	meetingDocumentName,
	readResultsPreview,
	readTopic,
	topicDocumentName,
	topicMap,
	type TopicResults
} from '../src/lib/shared/documents.ts';
import { createLogger } from '../src/lib/server/log.ts';
import { SQLITE_MIGRATIONS } from './compose.ts';
import { manualClock } from './manual-clock.ts';
import { createPublisher } from './publisher.ts';

let stores: Stores;
let clock: ReturnType<typeof manualClock>;
let topic: TopicWithOptions;
let doc: Y.Doc;
const documents = new Map<string, Y.Doc>();
/** Documents Hocuspocus is loading (`loadingDocuments`): in the map until their load settles. */
const loading = new Map<string, Promise<Y.Doc>>();

function publisher(framesPerSecond = 40_000, budgetShare?: () => number) {
	return createPublisher({
		budgetShare,
		instance: () => ({ documents, loadingDocuments: loading }) as unknown as Hocuspocus,
		topics: stores.topics,
		votes: stores.votes,
		meetings: stores.meetings,
		roll: stores.roll,
		intervalMs: 50,
		framesPerSecond,
		now: clock.now,
		log: createLogger({ level: 'silent' }),
		timers: clock.timers
	});
}

beforeEach(async () => {
	stores = createSqliteStores(':memory:', SQLITE_MIGRATIONS);
	clock = manualClock();
	const owner = await stores.users.create('owner', 'x', 0);
	const parsed = parseTopicInput({ title: 'T', options: ['Yes', 'No'] });
	if (!parsed.ok || !owner) throw new Error('setup');
	topic = await stores.topics.create(owner.id, parsed.value, 0);
	await stores.topics.changeStatus(topic.id, owner.id, 'open', 0);
	doc = new Y.Doc();
	documents.clear();
	loading.clear();
	documents.set(topicDocumentName(topic.id), doc);
});
afterEach(() => stores.close());

/** A new voter's ballot for the topic's option at `option`, counted in the store. */
async function voteOnce(option = 0) {
	const voter = await stores.users.create('voter', 'x', 0);
	await stores.votes.castMany(
		[
			{
				topicId: topic.id,
				userId: voter!.id,
				request: { ballotId: 'b1', choice: [topic.options[option].id] }
			}
		],
		clock.now()
	);
}

describe('the interval between tally writes', () => {
	it('stays at the shortest interval for a small room and grows with the audience', async () => {
		const small = publisher();
		const name = topicDocumentName(topic.id);
		for (let i = 0; i < 100; i++) await small.join(name, { userId: `u${i}` });
		expect(small.intervalOf(name)).toBe(50);

		const large = publisher();
		for (let i = 0; i < 10_000; i++) await large.join(name, { userId: `u${i}` });
		expect(large.intervalOf(name)).toBe(250); // 10,000 frames per write, 40,000 a second
		for (let i = 0; i < 5_000; i++) large.leave(name, { userId: `u${i}` });
		expect(large.intervalOf(name)).toBe(125);
	});

	it('shares the budget among the topics voting at once on the instance', async () => {
		const p = publisher(30_000);
		const halls = Array.from({ length: 10 }, (_, i) => `hall${i}`);
		for (const hall of halls) {
			for (let i = 0; i < 1000; i++)
				await p.join(topicDocumentName(hall), { userId: `${hall}${i}` });
		}
		const first = topicDocumentName(halls[0]);
		expect(p.intervalOf(first)).toBe(50); // alone, 1,000 subscribers are 20,000 frames a second

		for (const hall of halls) p.scheduleTopic(hall);
		// Ten halls of 1,000 voting at once get what one hall of 10,000 gets.
		expect(p.intervalOf(first)).toBe(334);
		const small = topicDocumentName('small');
		await p.join(small, { userId: 'one' });
		expect(p.intervalOf(small)).toBe(334);
		// Presence recounts keep their share per document.
		expect(p.intervalOf(first, 'presence')).toBe(1000);

		// Two seconds after the others' last votes, one hall voting on is on its own again.
		await clock.advance(2001);
		p.scheduleTopic(halls[0]);
		expect(p.intervalOf(first)).toBe(50);
		p.scheduleTopic(halls[1]);
		expect(p.intervalOf(first)).toBe(67);
	});

	it('stretches the interval while fan-out may use only part of its budget (a busy server)', async () => {
		let share = 1;
		const p = publisher(40_000, () => share);
		const name = topicDocumentName(topic.id);
		for (let i = 0; i < 10_000; i++) await p.join(name, { userId: `u${i}` });
		expect(p.intervalOf(name)).toBe(250);
		share = 0.5;
		expect(p.intervalOf(name)).toBe(500);
		expect(p.intervalOf(name, 'presence')).toBe(10_000);
		share = 0.1;
		expect(p.intervalOf(name)).toBe(2500);
		// A small room too: its writes were already as frequent as they get.
		const small = topicDocumentName('small');
		for (let i = 0; i < 100; i++) await p.join(small, { userId: `u${i}` });
		expect(p.intervalOf(small)).toBe(50);
	});

	it('writes at once, then coalesces every request within the interval into one write', async () => {
		const p = publisher(1000);
		const name = topicDocumentName(topic.id);
		for (let i = 0; i < 500; i++) await p.join(name, { userId: `u${i}` });
		await clock.advance(5000); // the presence recount
		let writes = 0;
		doc.on('update', () => writes++);

		await voteOnce();
		p.scheduleTopic(topic.id);
		p.scheduleTopic(topic.id);
		expect(clock.waits()).toEqual([0]);
		await clock.advance(0);
		expect(writes).toBe(1);
		expect(readTopic(doc).results?.turnout).toBe(1);

		for (let i = 0; i < 10; i++) p.scheduleTopic(topic.id);
		expect(clock.waits()).toEqual([500]); // 500 subscribers at 1,000 frames a second
		await clock.advance(499);
		expect(writes).toBe(1);
		await clock.advance(1);
		// Nothing changed in the store: the write finds every value equal and leaves no update.
		expect(writes).toBe(1);
	});
});

describe('a document still loading', () => {
	it('gets a change published meanwhile once it has loaded, though its load wrote it before', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		documents.delete(name);
		let loaded!: (doc: Y.Doc) => void;
		const load = new Promise<Y.Doc>((resolve) => (loaded = resolve));
		loading.set(name, load);
		// Hocuspocus adds a document to its map once the load's promise has settled.
		void load.then((done) => {
			documents.set(name, done);
			loading.delete(name);
		});
		// The load writes the document from the store (`afterLoadDocument`): no vote yet.
		await p.publish(name, doc);
		expect(readTopic(doc).results?.turnout).toBe(0);
		// A vote is counted and published while the load has not finished.
		await voteOnce();
		await p.publish(name);
		expect(readTopic(doc).results?.turnout).toBe(0);
		loaded(doc);
		await expect.poll(() => readTopic(doc).results?.turnout).toBe(1);
	});

	it('is left alone when its load fails, and a document nobody opened is not written', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		documents.delete(name);
		loading.set(name, Promise.reject(new Error('no database')));
		await p.publish(name);
		await p.publish(topicDocumentName('nobody-has-it-open'));
		await clock.advance(1000);
		expect(documents.size).toBe(0);
	});
});

describe('presence', () => {
	it('counts distinct signed-in users from joins and leaves, without the topic owner', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		await p.join(name, { userId: 'a' });
		await p.join(name, { userId: 'a' }); // a second tab
		await p.join(name, { userId: 'b' });
		await p.join(name, { userId: null }); // signed out: watches, is not counted
		await p.join(name, { userId: topic.ownerId });
		await p.publish(name);
		expect(readTopic(doc).presence?.present).toBe(2);

		p.leave(name, { userId: 'a' });
		await p.publish(name);
		expect(readTopic(doc).presence?.present).toBe(2);
		p.leave(name, { userId: 'a' });
		p.leave(name, { userId: 'b' });
		await p.publish(name);
		expect(readTopic(doc).presence?.present).toBe(0);
	});

	it('counts the members checked in at the door instead, in a meeting that says so', async () => {
		const host = (await stores.users.create('host', 'x', 0))!;
		const meeting = await stores.meetings.create(host.id, 'AGM', 0);
		await stores.meetings.setAccess(meeting.id, host.id, 'roll');
		const added = await stores.roll.add(
			meeting.id,
			host.id,
			['Ann', 'Ben', 'Cy'].map((name, i) => ({ line: i + 1, raw: { name } })),
			0
		);
		if (!added.ok) throw new Error(added.message);
		const parsed = parseTopicInput({ title: 'Budget', options: ['Yes', 'No'] });
		if (!parsed.ok) throw new Error('setup');
		const change = await stores.meetings.addTopic(meeting.id, host.id, parsed.value, 0);
		if (!change.ok) throw new Error(change.message);
		const agendaTopic = change.agenda[0];
		await stores.topics.changeStatus(agendaTopic.id, host.id, 'open', 0);
		const name = topicDocumentName(agendaTopic.id);
		const roomDoc = new Y.Doc();
		documents.set(name, roomDoc);
		const p = publisher();
		for (const userId of ['a', 'b']) await p.join(name, { userId });

		await p.publish(name);
		expect(readTopic(roomDoc).presence).toEqual({ present: 2 });
		expect(readTopic(roomDoc).electorate).toEqual({ eligible: 3, checkedIn: 0, rollVersion: 1 });

		await stores.roll.setPresentFrom(meeting.id, host.id, 'check-in', 1);
		await stores.roll.checkIn(meeting.id, host.id, added.entries[0].id, true, 1);
		await p.publish(name);
		expect(readTopic(roomDoc).presence).toEqual({ present: 1, from: 'check-in' });
		expect(readTopic(roomDoc).electorate).toEqual({ eligible: 3, checkedIn: 1, rollVersion: 1 });
		expect(await p.presentCount(meeting.id)).toBe(1);
		// Outside roll meetings the document holds no electorate at all.
		await p.publish(topicDocumentName(topic.id));
		expect(topicMap(doc).has('electorate')).toBe(false);
	});

	it('recounts presence at most once a second however many come and go', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		let writes = 0;
		doc.on('update', () => writes++);
		for (let i = 0; i < 50; i++) await p.join(name, { userId: `u${i}` });
		await clock.advance(0);
		expect(writes).toBe(1);
		for (let i = 50; i < 100; i++) await p.join(name, { userId: `u${i}` });
		await clock.advance(999);
		expect(writes).toBe(1);
		await clock.advance(1);
		expect(writes).toBe(2);
		expect(readTopic(doc).presence?.present).toBe(100);
	});

	it('recounts less often as the audience grows, so a join wave costs a bounded frame rate', async () => {
		const p = publisher(40_000);
		const name = topicDocumentName(topic.id);
		// Each write is one frame to every phone connected by then.
		let joined = 0;
		let frames = 0;
		doc.on('update', () => (frames += joined));
		// 10,000 phones arrive over 10 s: presence may use a twentieth of the frame budget.
		for (let i = 0; i < 10_000; i++) {
			await p.join(name, { userId: `u${i}` });
			joined++;
			if (i % 100 === 99) await clock.advance(100);
		}
		expect(p.intervalOf(name, 'presence')).toBe(5000); // 10,000 frames per write, 2,000 a second
		expect(frames).toBeLessThanOrEqual(2_000 * 10);
		await clock.advance(10_000);
		expect(readTopic(doc).presence?.present).toBe(10_000);
	});

	it('rides along with a tally write instead of being written on its own', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		for (let i = 0; i < 100; i++) await p.join(name, { userId: `u${i}` });
		await clock.advance(10);
		expect(clock.waits()).toEqual([]); // the first recount was written at once

		await p.join(name, { userId: 'late' });
		expect(clock.waits()).toEqual([990]); // the next recount waits for its interval
		p.scheduleTopic(topic.id);
		await clock.advance(50);
		// The tally write carried the newcomer along, and the separate recount is dropped.
		expect(readTopic(doc).presence?.present).toBe(101);
		expect(clock.waits()).toEqual([]);

		p.scheduleTopic(topic.id);
		await p.join(name, { userId: 'later' });
		expect(clock.waits()).toEqual([40]); // one write due: the tally's, carrying presence
		await clock.advance(50);
		expect(readTopic(doc).presence?.present).toBe(102);
		expect(clock.waits()).toEqual([]);
	});
});

describe('the results value', () => {
	it('is rewritten when anything but the time of the count changed, such as the audit head', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		await p.publish(name);
		const first = topicMap(doc).get('results') as TopicResults;
		await clock.advance(1000);
		await p.publish(name);
		expect(topicMap(doc).get('results')).toEqual(first); // only `at` would differ

		await stores.topics.changeStatus(topic.id, topic.ownerId, 'close', clock.now());
		await p.publish(name);
		const closed = topicMap(doc).get('results') as TopicResults;
		expect(closed.totals).toEqual(first.totals);
		expect(closed.audit).not.toEqual(first.audit);
		expect(closed.at).toBe(clock.now());
	});
});

describe('shutdown', () => {
	it('flush writes a tally that waits for its interval at once, and leaves no timer behind', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		await p.publish(name);
		await voteOnce(1);
		p.scheduleTopic(topic.id);
		expect(clock.waits()).toEqual([50]);
		expect(readTopic(doc).results?.turnout).toBe(0);
		expect(await p.flush()).toBe(1);
		expect(readTopic(doc).results?.turnout).toBe(1);
		expect(clock.waits()).toEqual([]);
	});
});

describe('previews for the presenter', () => {
	/** A connection that keeps the stateless messages sent to it. */
	function screen() {
		const closed: (() => void)[] = [];
		const received: TopicResults[] = [];
		const connection = {
			sendStateless: (payload: string) => received.push(readResultsPreview(payload)!),
			onClose: (run: () => void) => closed.push(run)
		};
		return { connection: connection as never, received, close: () => closed.forEach((r) => r()) };
	}

	beforeEach(() => {
		// The document as Hocuspocus holds it: connections added elsewhere are not its own here.
		Object.assign(doc, { hasConnection: () => false });
	});

	async function vote(ballotId: string) {
		const voter = await stores.users.create(`voter-${ballotId}`, 'x', 0);
		await stores.votes.castMany(
			[
				{
					topicId: topic.id,
					userId: voter!.id,
					request: { ballotId, choice: [topic.options[0].id] }
				}
			],
			clock.now()
		);
	}

	it('sends the presenters recounted results between the writes of a large audience', async () => {
		const p = publisher(2_000); // 1,000 phones: a write every 500 ms
		const name = topicDocumentName(topic.id);
		for (let i = 0; i < 999; i++) await p.join(name, { userId: `u${i}` });
		const owner = screen();
		await p.join(name, { userId: topic.ownerId, connection: owner.connection });
		const phone = screen();
		await p.join(name, { userId: 'phone', connection: phone.connection });
		expect(p.intervalOf(name)).toBe(501);
		await clock.advance(5000);
		await p.publish(name);

		await vote('b1');
		p.scheduleTopic(topic.id);
		await clock.advance(50);
		expect(owner.received.map((r) => r.turnout)).toEqual([1]);
		expect(readTopic(doc).results?.turnout).toBe(0); // the document waits for its interval
		await vote('b2');
		p.scheduleTopic(topic.id);
		await clock.advance(50);
		expect(owner.received.map((r) => r.turnout)).toEqual([1, 2]);
		// The same values the document gets, recounted from the store; never to a voter.
		await clock.advance(500);
		expect(readTopic(doc).results).toMatchObject({ turnout: 2, totals: owner.received[1].totals });
		expect(phone.received).toEqual([]);

		owner.close();
		await vote('b3');
		p.scheduleTopic(topic.id);
		await clock.advance(1000);
		expect(owner.received).toHaveLength(2);
	});

	/** 1,000 phones and the owner's screen on a topic written every 501 ms, last at 5 s. */
	async function largeRoom() {
		const p = publisher(2_000);
		const name = topicDocumentName(topic.id);
		for (let i = 0; i < 999; i++) await p.join(name, { userId: `u${i}` });
		const owner = screen();
		await p.join(name, { userId: topic.ownerId, connection: owner.connection });
		await clock.advance(5000);
		await p.publish(name);
		return { p, name, owner };
	}

	it('skips a preview when the tally write comes within the same interval', async () => {
		const { p, owner } = await largeRoom();
		await clock.advance(460);
		await vote('b1');
		p.scheduleTopic(topic.id); // the write is due at 5,501 ms, within 50 ms of a preview now
		await clock.advance(40);
		expect(owner.received).toEqual([]);
		await clock.advance(1);
		expect(readTopic(doc).results?.turnout).toBe(1);
		expect(owner.received).toEqual([]);

		await vote('b2');
		p.scheduleTopic(topic.id); // the next write is due at 6,002 ms: previews again meanwhile
		await clock.advance(50);
		expect(owner.received.map((r) => r.turnout)).toEqual([2]);
	});

	it('sends no preview of what a write has counted since it was asked for', async () => {
		const { p, name, owner } = await largeRoom();
		await vote('b1');
		p.scheduleTopic(topic.id); // a preview at 5,050 ms
		await clock.advance(10);
		await p.publish(name); // e.g. the topic's status changed
		expect(readTopic(doc).results?.turnout).toBe(1);
		await clock.advance(100);
		expect(owner.received).toEqual([]);
	});

	it('sends none while the document itself is written at the shortest interval', async () => {
		const p = publisher();
		const name = topicDocumentName(topic.id);
		const owner = screen();
		await p.join(name, { userId: topic.ownerId, connection: owner.connection });
		await vote('b1');
		p.scheduleTopic(topic.id);
		await clock.advance(1000);
		expect(readTopic(doc).results?.turnout).toBe(1);
		expect(owner.received).toEqual([]);
	});
});

describe('presenters first', () => {
	/** A document's connections in broadcast order, as Hocuspocus keeps them. */
	class Connections {
		order: object[] = [];
		hasConnection = (c: object) => this.order.includes(c);
		getConnections = () => [...this.order];
		removeConnection = (c: object) => void (this.order = this.order.filter((x) => x !== c));
		addConnection = (c: object) => void this.order.push(c);
	}

	async function joinAll(
		target: ReturnType<typeof publisher>,
		name: string,
		people: [userId: string, label: string][]
	) {
		const connections = new Connections();
		documents.set(name, connections as unknown as Y.Doc);
		for (const [userId, label] of people) {
			const connection = { label, onClose() {}, sendStateless() {} };
			connections.addConnection(connection);
			await target.join(name, { userId, connection: connection as never });
		}
		return () => connections.order.map((c) => (c as { label: string }).label);
	}

	it('moves the topic’s owner, the meeting’s host and its members ahead of the voters', async () => {
		const host = (await stores.users.create('host', 'x', 0))!;
		const cohost = (await stores.users.create('cohost', 'x', 0))!;
		const meeting = await stores.meetings.create(host.id, 'AGM', 0);
		await stores.meetings.setMember(meeting.id, host.id, 'cohost', 'cohost', 0);
		const guest = await stores.users.createGuest(meeting.id, 'Guest', 0);
		const other = await stores.users.createGuest(meeting.id, 'Other', 0);
		const target = publisher();

		const topicOrder = await joinAll(target, topicDocumentName(topic.id), [
			[guest.id, 'guest'],
			[topic.ownerId, 'owner'],
			[host.id, 'host of another meeting']
		]);
		expect(topicOrder()).toEqual(['owner', 'guest', 'host of another meeting']);

		const meetingOrder = await joinAll(target, meetingDocumentName(meeting.id), [
			[guest.id, 'guest'],
			[cohost.id, 'cohost'],
			[other.id, 'other'],
			[host.id, 'host']
		]);
		expect(meetingOrder()).toEqual(['cohost', 'host', 'guest', 'other']);
	});
	it('reads who runs a document once while it is open, and again after a failed read', async () => {
		const host = (await stores.users.create('host', 'x', 0))!;
		const cohost = (await stores.users.create('cohost', 'x', 0))!;
		const meeting = await stores.meetings.create(host.id, 'AGM', 0);
		await stores.meetings.setMember(meeting.id, host.id, 'cohost', 'cohost', 0);
		const parsed = parseTopicInput({ title: 'Agenda item', options: ['Yes', 'No'] });
		if (!parsed.ok) throw new Error(parsed.message);
		const item = await stores.meetings.addTopic(meeting.id, host.id, parsed.value, 0);
		if (!item.ok) throw new Error('setup');
		const guests = await Promise.all(
			Array.from({ length: 50 }, (_, i) => stores.users.createGuest(meeting.id, `G${i}`, 0))
		);
		const reads = { topics: 0, meetings: 0, roles: 0 };
		const { get: topicsGet } = stores.topics;
		const { get: meetingsGet, role } = stores.meetings;
		let failNext = true;
		stores.topics.get = (id) => {
			reads.topics++;
			if (failNext) {
				failNext = false;
				return Promise.reject(new Error('database unavailable'));
			}
			return topicsGet(id);
		};
		stores.meetings.get = (id) => (reads.meetings++, meetingsGet(id));
		stores.meetings.role = (id, userId) => (reads.roles++, role(id, userId));
		const target = publisher();
		const name = topicDocumentName(item.agenda[0].id);
		await expect(joinAll(target, name, [[guests[0].id, 'first']])).rejects.toThrow('unavailable');

		// A hall opening the topic at once: its owner and meeting are read once for all of them, and
		// only the accounts' roles (a guest has none).
		const connections = new Connections();
		documents.set(name, connections as unknown as Y.Doc);
		const people: [string, string][] = [
			...guests.map((guest): [string, string] => [guest.id, 'guest']),
			[cohost.id, 'cohost'],
			[host.id, 'host']
		];
		await Promise.all(
			people.map(([userId, label]) => {
				const connection = { label, onClose() {}, sendStateless() {} };
				connections.addConnection(connection);
				const guest = label === 'guest';
				return target.join(name, { userId, guest, connection: connection as never });
			})
		);
		const order = connections.order.map((c) => (c as { label: string }).label);
		expect(order.slice(0, 2).sort()).toEqual(['cohost', 'host']);
		expect(reads).toEqual({ topics: 2, meetings: 1, roles: 1 });
	});
});

describe('the topic document over a long vote', () => {
	it('stays bounded: changed votes and tally writes leave no pile of overwritten values', async () => {
		const owner = (await stores.users.create('chair', 'x', 0))!;
		const parsed = parseTopicInput({ title: 'T', options: ['Yes', 'No'], allowChange: true });
		if (!parsed.ok) throw new Error(parsed.message);
		const changing = await stores.topics.create(owner.id, parsed.value, 0);
		await stores.topics.changeStatus(changing.id, owner.id, 'open', 0);
		const name = topicDocumentName(changing.id);
		const target = new Y.Doc();
		documents.set(name, target);
		const p = publisher();
		const voter = (await stores.users.create('voter', 'x', 0))!;
		const items = () =>
			[...target.store.clients.values()].reduce((sum, structs) => sum + structs.length, 0);

		const write = async (i: number) => {
			const [outcome] = await stores.votes.castMany(
				[
					{
						topicId: changing.id,
						userId: voter.id,
						request: { ballotId: `b${i}`, choice: [changing.options[i % 2].id] }
					}
				],
				clock.now()
			);
			expect(outcome.ok).toBe(true);
			await clock.advance(50);
			await p.publish(name);
		};
		for (let i = 0; i < 10; i++) await write(i);
		const after10 = items();
		for (let i = 10; i < 310; i++) await write(i);
		// Each write changes the totals and the audit chain's head; 300 more writes of both
		// must not leave 300 more items behind (Yjs merges a key's overwritten items only when
		// nothing else was written between them).
		expect(items() - after10).toBeLessThan(10);
		expect(readTopic(target).audit?.entries).toBeGreaterThanOrEqual(310);
		expect(readTopic(target).results?.turnout).toBe(1);
	});
});
