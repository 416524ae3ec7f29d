/**
 * Writes stored state into the shared documents clients read, the only writer of those
 * documents: topics (metadata, status, tallies) and meetings (agenda, current topic, presence).
 *
 * Fan-out has a cost bounded by design. Writes are coalesced per document: asked for again within
 * its interval of the last write, a document is written once when the interval ends, so a burst
 * of votes costs one write (one update, encoded once and sent to every subscriber) per interval.
 * The interval grows with the audience: `framesPerSecond` is the budget of frames per second
 * across the subscribers of the topics voting on this instance, so 10,000 subscribers get fewer,
 * larger updates than 100, whether in one hall or in ten meetings voting at once (never more
 * often than every `intervalMs`). Hosts, observers and the topic's owner (the screens
 * a room looks at) are served first in every broadcast.
 *
 * Presence is counted from this module's own bookkeeping of who opened and left a document
 * (`join`/`leave`, called from public connection hooks), never by walking connections. Each value
 * is written only when it changed, since every overwrite leaves a few bytes of history. Presence
 * has a smaller share of the frame budget than tallies (`PRESENCE_SHARE`), so a join wave of
 * 10,000 phones costs a bounded number of frames a second however fast they arrive, and it rides
 * along: every write of a document carries its current presence, so a recount due while tallies
 * are being written is dropped instead of written on its own.
 *
 * With several instances, `remote` adds what the other instances report for a document (see
 * `cluster/presence-sync.ts`): presence and the audience that sets the interval are the sums.
 */
import type { Connection, Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { Logger } from '../src/lib/server/log.ts';
import type { Metrics } from '../src/lib/server/metrics.ts';
import type { MeetingStore, TopicStore, VoteStore } from '../src/lib/server/storage/store.ts';
import type { Results, TopicWithOptions } from '../src/lib/core/types.ts';
import type { RollStore } from '../src/lib/server/storage/roll-store.ts';
import { shownResults } from '../src/lib/core/outcome.ts';
import { topicValues } from '../src/lib/server/topic-snapshot.ts';
import {
	meetingDocumentName,
	meetingMap,
	meetingRoom,
	parseDocumentName,
	topicDocumentName,
	topicMap,
	topicRoom,
	resultsPreview,
	type MeetingValues,
	type TopicResults
} from '../src/lib/shared/documents.ts';

export const SERVER_ORIGIN = { source: 'local' as const };

const presenceKey = (name: string) => `presence|${name}`;
const previewKey = (name: string) => `preview|${name}`;

/** Shortest interval between two presence recounts of one document. */
const PRESENCE_INTERVAL_MS = 1000;

/** How long a topic counts as voting after its tallies were last asked for (`tallyAudience`). */
const ACTIVE_MS = 2000;

/** Share of a document's frame budget that presence recounts may use (see `framesPerSecond`). */
const PRESENCE_SHARE = 1 / 20;

/** Values in the documents are plain JSON; equal serialisations mean nothing to write. */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A meeting's host and its members in a role (co-hosts, observers): they do not vote. */
function notVotingOf(meeting: { ownerId: string }, members: { userId: string }[]) {
	return new Set([meeting.ownerId, ...members.map((member) => member.userId)]);
}

/** Results as compared between writes: `at` changes at every count. */
const withoutTime = ({ at: _at, ...rest }: TopicResults) => rest;

function setChanged(map: Y.Map<unknown>, values: Record<string, unknown>) {
	for (const [key, value] of Object.entries(values)) {
		if (!same(map.get(key), value)) map.set(key, value);
	}
}

/** Timers, injectable so specs can run the clock by hand. */
export interface Timers {
	set(run: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

export const realTimers: Timers = {
	set: (run, ms) => setTimeout(run, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** A document connection as the publisher sees it (public Hocuspocus API only). */
export interface Subscriber {
	userId: string | null;
	/** A guest of a meeting: never a member in a role (roles go to accounts by username). */
	guest?: boolean;
	/** The Hocuspocus connection, to serve presenters first; absent in specs. */
	connection?: Connection;
}

/**
 * Who runs a topic or meeting whatever the roles: its owner (and a topic's meeting's owner), and
 * the meeting whose members in a role run it too. Neither ever changes.
 */
interface Runners {
	owners: string[];
	meetingId: string | null;
}

/** Who has one document open: connections, and signed-in users with how many connections each. */
interface Audience {
	connections: number;
	users: Map<string, number>;
	/** Read when the first signed-in user opens it, for all who open it while it is open. */
	runners?: Promise<Runners | null>;
}

export function createPublisher(deps: {
	instance: () => Hocuspocus;
	topics: TopicStore;
	votes: VoteStore;
	meetings: MeetingStore;
	/** Roll meetings: eligible, checked in and the roll version, and check-in as presence. */
	roll: RollStore;
	/** Shortest interval between two writes of one document. */
	intervalMs: number;
	/**
	 * Budget of frames a second: for tallies, across the subscribers of every topic voting on this
	 * instance; for presence, a share of it per document.
	 */
	framesPerSecond: number;
	/** Share of that budget usable now (`fanout-pressure.ts`; all of it by default). */
	budgetShare?: () => number;
	now: () => number;
	log: Logger;
	timers?: Timers;
	metrics?: Metrics;
	/** Whether this instance may write a room's documents (it holds the room's lease). */
	mayWrite?: (room: string) => boolean;
	/** Who the other instances have the document open for, as last reported (none: alone). */
	remote?: (name: string) => { connections: number; users: string[] } | undefined;
	/**
	 * Applies a change to a document: the persistence's `write` stores it before anyone sees it;
	 * by default it is made in place.
	 */
	write?: (name: string, doc: Y.Doc, change: (target: Y.Doc) => void) => Promise<void>;
}) {
	const write =
		deps.write ??
		(async (_name: string, doc: Y.Doc, change: (target: Y.Doc) => void) =>
			doc.transact(() => change(doc), SERVER_ORIGIN));
	const remote = deps.remote ?? (() => undefined);
	const timers = deps.timers ?? realTimers;
	const lastWrite = new Map<string, number>();
	/** Timers waiting, by key (a document, its presence recount, its preview), and when each is due. */
	const pending = new Map<string, { handle: unknown; at: number }>();
	/** Topic documents asked to be written since their last write or preview began counting. */
	const asked = new Set<string>();
	const audiences = new Map<string, Audience>();

	/** Topic documents whose tallies were asked for lately, and when last (see `ACTIVE_MS`). */
	const voting = new Map<string, number>();

	/** Who has the document open on any instance, in connections. */
	function connectionsOf(name: string) {
		return (audiences.get(name)?.connections ?? 0) + (remote(name)?.connections ?? 0);
	}

	/**
	 * The subscribers a tally write's frames are counted against: those of every topic voting on
	 * this instance. Ten halls of 1,000 voting at once cost what one of 10,000 does, not ten times
	 * as much; a topic whose votes stopped `ACTIVE_MS` ago no longer counts.
	 */
	function tallyAudience(name: string) {
		let connections = connectionsOf(name);
		const since = deps.now() - ACTIVE_MS;
		for (const [other, at] of voting) {
			if (at < since) voting.delete(other);
			else if (other !== name) connections += connectionsOf(other);
		}
		return connections;
	}

	/**
	 * How long a document waits between writes: more subscribers, longer waits. Tallies share the
	 * frame budget among the topics voting at once (`tallyAudience`); presence recounts use a share
	 * of it per document.
	 */
	function intervalOf(name: string, reason: 'change' | 'presence' = 'change') {
		const connections = reason === 'presence' ? connectionsOf(name) : tallyAudience(name);
		const share = (reason === 'presence' ? PRESENCE_SHARE : 1) * (deps.budgetShare?.() ?? 1);
		const budget = Math.ceil((1000 * connections) / Math.max(1, deps.framesPerSecond * share));
		const floor = reason === 'presence' ? PRESENCE_INTERVAL_MS : deps.intervalMs;
		return Math.max(floor, budget);
	}

	/** Signed-in users with the document open on any instance. */
	function presentUsers(name: string): Set<string> {
		const users = new Set(audiences.get(name)?.users.keys() ?? []);
		for (const userId of remote(name)?.users ?? []) users.add(userId);
		return users;
	}

	/**
	 * Distinct signed-in users with the document open, hosts and observers aside. Counted without
	 * copying the local audience (10,000 users at every tally write): only other instances' users
	 * not present here are collected.
	 */
	function presentCount(name: string, notVoting: Set<string>): number {
		const local = audiences.get(name)?.users ?? new Map<string, number>();
		const elsewhere = new Set<string>();
		for (const userId of remote(name)?.users ?? []) if (!local.has(userId)) elsewhere.add(userId);
		let count = local.size + elsewhere.size;
		for (const userId of notVoting) if (local.has(userId) || elsewhere.has(userId)) count--;
		return count;
	}

	/** A topic's results as every reader of its document may see them, recounted from the store. */
	async function countTopic(topicId: string) {
		return shownValue(await deps.votes.topicResults(topicId));
	}

	function shownValue(counted: { topic: TopicWithOptions; results: Results } | null) {
		if (!counted) return null;
		const { topic, results } = counted;
		// Hidden totals never reach the document: clients cannot be trusted to look away.
		const shown = shownResults(topic, results);
		const { totals, rounds, turnout, hidden = false } = shown;
		// Paper ballots: an aggregate like the totals (how many, and per option unless hidden).
		const paper = shown.paper
			? { ballots: shown.paper.ballots, totals: shown.paper.totals }
			: undefined;
		// Several seats: what the count elected, small aggregates like the rest.
		const seats = {
			...(shown.seats !== undefined ? { seats: shown.seats } : {}),
			...(shown.quota !== undefined ? { quota: shown.quota } : {}),
			...(shown.elected ? { elected: shown.elected } : {}),
			...(shown.pendingLot ? { pendingLot: shown.pendingLot } : {}),
			...(shown.weight ? { weight: shown.weight } : {})
		};
		const value = (at: number): TopicResults => ({
			totals,
			turnout,
			at,
			hidden,
			...seats,
			...(rounds ? { rounds } : {}),
			...(paper ? { paper } : {})
		});
		return { topic, value };
	}

	async function writeTopic(doc: Y.Doc, name: string, topicId: string) {
		const source = await deps.votes.tallySource(topicId);
		const counted = shownValue(source);
		if (!source || !counted) return;
		const { topic, meeting, electorate } = source;
		if (deps.mayWrite && !deps.mayWrite(topicRoom(topic))) return;
		// Who has the topic open now: its owner, and the hosts and observers of its meeting, aside.
		const notVoting = meeting ? notVotingOf(meeting, source.members) : new Set<string>();
		notVoting.add(topic.ownerId);
		const checkIn = meeting?.presentFrom === 'check-in';
		const { audit, ...values } = topicValues(topic);
		await write(name, doc, (target) => {
			const map = topicMap(target);
			// The audit head travels inside `results` (see `TopicResults.audit`).
			if (map.has('audit')) map.delete('audit');
			setChanged(map, {
				...values,
				// With check-in, "present" is who the door let in, not who has a screen open.
				presence: checkIn
					? { present: electorate?.checkedIn ?? 0, from: 'check-in' }
					: { present: presentCount(name, notVoting) },
				// Written in roll meetings only (and cleared if a meeting stops being one).
				...(meeting?.access === 'roll' || map.has('electorate')
					? { electorate: meeting?.access === 'roll' ? electorate : null }
					: {})
			});
			// Rewritten only when something besides the time of the count changed.
			const results: TopicResults = { ...counted.value(deps.now()), audit };
			const current = map.get('results') as TopicResults | undefined;
			if (!current || !same(withoutTime(current), withoutTime(results))) {
				map.set('results', results);
			}
		});
	}

	/** The host, co-hosts and observers: present, but not among those who vote. */
	async function notVotingIn(meeting: { id: string; ownerId: string }) {
		return notVotingOf(meeting, await deps.meetings.members(meeting.id));
	}

	async function writeMeeting(doc: Y.Doc, name: string, meetingId: string) {
		const meeting = await deps.meetings.get(meetingId);
		if (!meeting) return;
		if (deps.mayWrite && !deps.mayWrite(meetingRoom(meetingId))) return;
		const [agenda, notVoting, roll] = await Promise.all([
			deps.meetings.agenda(meetingId),
			notVotingIn(meeting),
			deps.roll.current(meetingId)
		]);
		const checkedIn = roll.checkedIn;
		const values: MeetingValues = {
			meta: {
				id: meeting.id,
				title: meeting.title,
				code: meeting.code,
				endedAt: meeting.endedAt
			},
			agenda: agenda.map(({ id, title, status }) => ({ id, title, status })),
			current: { topicId: meeting.currentTopicId },
			presence:
				meeting.presentFrom === 'check-in'
					? { present: checkedIn, from: 'check-in' }
					: { present: presentCount(name, notVoting) },
			electorate: meeting.access === 'roll' ? roll : null
		};
		// The electorate is written in roll meetings only (and cleared if one stops being one).
		const { electorate: _roll, ...rest } = values;
		const written = meeting.access === 'roll' || meetingMap(doc).has('electorate') ? values : rest;
		await write(name, doc, (target) => setChanged(meetingMap(target), { ...written }));
	}

	/** Writes running now, by document: whether another was asked for meanwhile, and with what. */
	const writing = new Map<string, { again: boolean; doc?: Y.Doc; done: Promise<void> }>();

	/**
	 * Writes a document now, if it is loaded (`doc` when the caller holds it, as while it loads).
	 * The write carries the current presence too, so a presence recount waiting for its turn is
	 * dropped.
	 *
	 * One document is written by one write at a time: each reads the store, then waits for its
	 * update to be stored, and a later write that overtook an earlier one would be undone by the
	 * earlier one's older reads. A write asked for while one runs runs once after it (asked for
	 * while the document still loads, too, when it is not in Hocuspocus's map yet), reading anew.
	 */
	function publish(name: string, doc?: Y.Doc): Promise<void> {
		const running = writing.get(name);
		if (running) {
			running.again = true;
			running.doc ??= doc;
			return running.done;
		}
		const entry: { again: boolean; doc?: Y.Doc; done: Promise<void> } = {
			again: false,
			doc,
			done: Promise.resolve()
		};
		writing.set(name, entry);
		entry.done = (async () => {
			let failure: unknown = null;
			try {
				do {
					entry.again = false;
					failure = null;
					try {
						await writeNow(name, entry.doc);
					} catch (error) {
						failure = error;
					}
				} while (entry.again);
			} finally {
				writing.delete(name);
			}
			if (failure) throw failure;
		})();
		return entry.done;
	}

	async function writeNow(name: string, doc?: Y.Doc) {
		asked.delete(name);
		const instance = deps.instance();
		const target = doc ?? instance.documents.get(name);
		const parsed = parseDocumentName(name);
		if (!parsed) return;
		if (!target) {
			// A document still loading wrote itself from the database as it loaded, maybe before
			// this change was committed: write it again once it is there. Not awaited: its load
			// waits for that first write.
			void instance.loadingDocuments.get(name)?.then(
				() => publish(name),
				() => {}
			);
			return;
		}
		lastWrite.set(name, deps.now());
		lastWrite.set(presenceKey(name), deps.now());
		const recount = pending.get(presenceKey(name));
		if (recount !== undefined) {
			timers.clear(recount.handle);
			pending.delete(presenceKey(name));
		}
		if (parsed.kind === 'topic') {
			// A write reaches the presenters' screens too: it counts as their preview.
			lastWrite.set(previewKey(name), deps.now());
			const started = performance.now();
			await writeTopic(target, name, parsed.topicId);
			deps.metrics?.tallyWrite((performance.now() - started) / 1000);
		}
		if (parsed.kind === 'meeting') await writeMeeting(target, name, parsed.meetingId);
	}

	/**
	 * Asks for a document to be written soon, at most once per interval. Presence recounts wait
	 * for their own, longer interval: on a flaky network people come and go all the time, and each
	 * write leaves a few bytes of history that every newcomer downloads.
	 */
	function schedule(name: string, reason: 'change' | 'presence' = 'change') {
		const key = reason === 'presence' ? presenceKey(name) : name;
		if (pending.has(key)) return;
		// A write of the document is already due: it carries presence along.
		if (reason === 'presence' && pending.has(name)) return;
		later(key, dueAt(key, intervalOf(name, reason)), () =>
			publish(name).catch((error) =>
				deps.log.error({ err: error, document: name }, 'publish failed')
			)
		);
	}

	/** When `key` may run next: `interval` after its last run, or now. */
	function dueAt(key: string, interval: number) {
		return Math.max(deps.now(), (lastWrite.get(key) ?? -Infinity) + interval);
	}

	/** Runs `run` at `at`, pending under `key` until then. */
	function later(key: string, at: number, run: () => void) {
		const handle = timers.set(() => {
			pending.delete(key);
			run();
		}, at - deps.now());
		pending.set(key, { handle, at });
	}

	/** Whether a write of the document is due by `at`: it reaches the presenters by then anyway. */
	function writeDueBy(name: string, at: number) {
		const write = pending.get(name);
		return write !== undefined && write.at <= at;
	}

	/**
	 * Previews a topic's tallies to its presenters' screens between writes. A large audience waits
	 * longer between writes (the frame budget), but the screen a room looks at should follow at
	 * once: while a topic's interval is longer than `intervalMs`, its presenters get the recounted
	 * results every `intervalMs` as a stateless message on the topic document, a few frames a
	 * second whatever the audience. The values are exactly those the next write puts into the
	 * document (recounted from the store, hidden totals left out), and the document stays the
	 * truth: a screen shows a preview only until a write at least as recent arrives.
	 *
	 * A preview is skipped when a write of the document is due within the same interval (the write
	 * reaches the screens by the time the next preview would), and when a write since it was asked
	 * for has counted everything already: each would send the screens what the write sends them.
	 */
	function schedulePreview(name: string) {
		const key = previewKey(name);
		if (pending.has(key) || !screens.get(name)?.size) return;
		if (intervalOf(name) <= deps.intervalMs) return; // written as often as a preview would be
		const at = dueAt(key, deps.intervalMs);
		if (writeDueBy(name, at + deps.intervalMs)) return;
		later(key, at, () =>
			previewNow(name).catch((error) =>
				deps.log.error({ err: error, document: name }, 'preview failed')
			)
		);
	}

	async function previewNow(name: string) {
		const parsed = parseDocumentName(name);
		if (parsed?.kind !== 'topic' || !screens.get(name)?.size) return;
		if (!asked.has(name) || writeDueBy(name, deps.now() + deps.intervalMs)) return;
		asked.delete(name);
		lastWrite.set(previewKey(name), deps.now());
		const counted = await countTopic(parsed.topicId);
		if (!counted || (deps.mayWrite && !deps.mayWrite(topicRoom(counted.topic)))) return;
		const payload = resultsPreview(counted.value(deps.now()));
		for (const connection of screens.get(name) ?? []) connection.sendStateless(payload);
	}

	/** Presenters' connections by topic document, for previews. */
	const screens = new Map<string, Set<Connection>>();

	/**
	 * Moves a presenter's connection to the front of its document's broadcast order: Hocuspocus
	 * sends each update to connections in the order they were added, so every other connection is
	 * added again behind it (public `removeConnection`/`addConnection`; voters send no awareness,
	 * so nothing else is attached to those entries).
	 */
	function serveFirst(name: string, connection: Connection) {
		const document = deps.instance().documents.get(name);
		if (!document || !document.hasConnection(connection)) return;
		for (const other of document.getConnections()) {
			if (other === connection || presenters.has(other)) continue;
			document.removeConnection(other);
			document.addConnection(other);
		}
	}
	const presenters = new WeakSet<Connection>();

	/** The participants (user ids) with the meeting open now, hosts and observers left out. */
	async function presentIn(meetingId: string): Promise<string[]> {
		const users = presentUsers(meetingDocumentName(meetingId));
		const meeting = await deps.meetings.get(meetingId);
		if (users.size === 0 || !meeting) return [];
		const notVoting = await notVotingIn(meeting);
		return [...users].filter((userId) => !notVoting.has(userId));
	}

	async function runnersOf(name: string): Promise<Runners | null> {
		const parsed = parseDocumentName(name);
		if (parsed?.kind === 'topic') {
			const topic = await deps.topics.get(parsed.topicId);
			if (!topic) return null;
			const meeting = topic.meetingId ? await deps.meetings.get(topic.meetingId) : null;
			const owners = meeting ? [topic.ownerId, meeting.ownerId] : [topic.ownerId];
			return { owners, meetingId: meeting?.id ?? null };
		}
		if (parsed?.kind === 'meeting') {
			const meeting = await deps.meetings.get(parsed.meetingId);
			return meeting ? { owners: [meeting.ownerId], meetingId: meeting.id } : null;
		}
		return null;
	}

	/**
	 * Whether the user runs the document: an owner, or a member of its meeting in any role (as
	 * `notVotingIn`). Asked once per phone and document as a hall connects: the owners are read
	 * once per open document, then only this user's role.
	 */
	async function isPresenter(name: string, audience: Audience, userId: string, guest: boolean) {
		if (!audience.runners) {
			const reading = runnersOf(name);
			audience.runners = reading;
			// A failed read is not kept: the next to open the document reads again.
			reading.catch(() => {
				if (audience.runners === reading) audience.runners = undefined;
			});
		}
		const runners = await audience.runners;
		if (!runners) return false;
		if (runners.owners.includes(userId)) return true;
		if (guest) return false;
		return (
			runners.meetingId !== null && (await deps.meetings.role(runners.meetingId, userId)) !== null
		);
	}

	return {
		publish,
		/** After open or close: the topic, and the agenda of its meeting. */
		async publishTopic(topicId: string) {
			await publish(topicDocumentName(topicId));
			const meetingId = (await deps.topics.get(topicId))?.meetingId;
			if (meetingId) await publish(meetingDocumentName(meetingId));
		},
		publishMeeting: (meetingId: string) => publish(meetingDocumentName(meetingId)),
		/** How many are present for the minutes: checked in, or with the meeting open (`presentFrom`). */
		async presentCount(meetingId: string): Promise<number> {
			const meeting = await deps.meetings.get(meetingId);
			if (meeting?.presentFrom === 'check-in') return deps.roll.checkedIn(meetingId);
			return (await presentIn(meetingId)).length;
		},
		/** The participants who have the meeting open now (user ids), as counted in `presence`. */
		presentIn,
		scheduleTopic(topicId: string) {
			const name = topicDocumentName(topicId);
			asked.add(name);
			voting.set(name, deps.now());
			schedule(name);
			schedulePreview(name);
		},
		/** How long a document now waits between writes (for its audience), or between recounts. */
		intervalOf: (name: string, reason: 'change' | 'presence' = 'change') =>
			intervalOf(name, reason),
		/** Someone opened a topic or meeting: count them, recount its presence soon. */
		async join(name: string, subscriber: Subscriber) {
			if (!parseDocumentName(name)) return;
			const audience = audiences.get(name) ?? { connections: 0, users: new Map() };
			audiences.set(name, audience);
			audience.connections++;
			const { userId, connection, guest = false } = subscriber;
			if (userId) audience.users.set(userId, (audience.users.get(userId) ?? 0) + 1);
			schedule(name, 'presence');
			if (userId && connection && (await isPresenter(name, audience, userId, guest))) {
				presenters.add(connection);
				serveFirst(name, connection);
				if (parseDocumentName(name)?.kind === 'topic') {
					const shown = screens.get(name) ?? new Set<Connection>();
					screens.set(name, shown.add(connection));
					connection.onClose(() => {
						shown.delete(connection);
						if (shown.size === 0 && screens.get(name) === shown) screens.delete(name);
					});
				}
			}
		},
		/** Someone left a topic or meeting: uncount them, recount its presence soon. */
		leave(name: string, subscriber: Subscriber) {
			const audience = audiences.get(name);
			if (!audience) return;
			audience.connections--;
			const { userId } = subscriber;
			const count = userId ? audience.users.get(userId) : undefined;
			if (userId && count !== undefined) {
				if (count <= 1) audience.users.delete(userId);
				else audience.users.set(userId, count - 1);
			}
			if (audience.connections <= 0) audiences.delete(name);
			schedule(name, 'presence');
		},
		/** Who this instance has each topic and meeting document open for (to report it). */
		audiences() {
			const reports = new Map<string, { connections: number; users: string[] }>();
			for (const [name, audience] of audiences) {
				reports.set(name, {
					connections: audience.connections,
					users: [...audience.users.keys()].sort()
				});
			}
			return reports;
		},
		/** Presence changed elsewhere: recount the document soon, if it is loaded here. */
		recount(name: string) {
			if (deps.instance().documents.has(name)) schedule(name, 'presence');
		},
		/** Writes every document that waits for its interval now (on shutdown). */
		async flush() {
			const names = new Set(
				[...pending.keys()]
					.filter((key) => !key.startsWith('preview|'))
					.map((key) => key.replace(/^presence\|/, ''))
			);
			for (const timer of pending.values()) timers.clear(timer.handle);
			pending.clear();
			await Promise.all(
				[...names].map((name) =>
					publish(name).catch((error) =>
						deps.log.error({ err: error, document: name }, 'publish failed')
					)
				)
			);
			return names.size;
		},
		stop() {
			for (const timer of pending.values()) timers.clear(timer.handle);
			pending.clear();
		}
	};
}

export type Publisher = ReturnType<typeof createPublisher>;
