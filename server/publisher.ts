/**
 * Writes stored state into the shared documents clients read, the only writer of those
 * documents: topics (metadata, status, tallies) and meetings (agenda, current topic, presence).
 * Writes are coalesced per document: asked for again within `intervalMs` of the last write, a
 * document is written once when the interval ends, so a burst of votes costs one write (and one
 * broadcast to every viewer) per interval. Each value is written only when it changed, since every
 * overwrite leaves a few bytes of history in the document.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { MeetingStore, TopicStore, VoteStore } from '../src/lib/server/storage/store.ts';
import { shownResults } from '../src/lib/core/outcome.ts';
import { topicValues } from '../src/lib/server/topic-snapshot.ts';
import {
	meetingDocumentName,
	meetingMap,
	parseDocumentName,
	topicDocumentName,
	topicMap,
	type MeetingValues,
	type TopicResults
} from '../src/lib/shared/documents.ts';

export const SERVER_ORIGIN = { source: 'local' as const };

/** Shortest interval between two presence recounts of one document. */
const PRESENCE_INTERVAL_MS = 1000;

/** Values in the documents are plain JSON; equal serialisations mean nothing to write. */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function setChanged(map: Y.Map<unknown>, values: Record<string, unknown>) {
	for (const [key, value] of Object.entries(values)) {
		if (!same(map.get(key), value)) map.set(key, value);
	}
}

export function createPublisher(deps: {
	instance: () => Hocuspocus;
	topics: TopicStore;
	votes: VoteStore;
	meetings: MeetingStore;
	intervalMs: number;
	now: () => number;
}) {
	const lastWrite = new Map<string, number>();
	const timers = new Map<string, ReturnType<typeof setTimeout>>();

	async function writeTopic(doc: Y.Doc, topicId: string) {
		const [topic, results] = await Promise.all([
			deps.topics.get(topicId),
			deps.votes.results(topicId)
		]);
		if (!topic || !results) return;
		const map = topicMap(doc);
		const current = map.get('results') as TopicResults | undefined;
		// Hidden totals never reach the document: clients cannot be trusted to look away.
		const { totals, rounds, turnout, hidden = false } = shownResults(topic, results);
		// Who has the topic open now: its owner, and the hosts and observers of its meeting, aside.
		const meeting = topic.meetingId ? await deps.meetings.get(topic.meetingId) : null;
		const notVoting = meeting ? await notVotingIn(meeting) : new Set<string>();
		notVoting.add(topic.ownerId);
		doc.transact(() => {
			setChanged(map, {
				...topicValues(topic),
				presence: { present: presence(doc, notVoting).size }
			});
			if (
				!current ||
				!same(current.totals, totals) ||
				!same(current.rounds, rounds) ||
				current.turnout !== turnout ||
				Boolean(current.hidden) !== hidden
			) {
				const next: TopicResults = { totals, turnout, at: deps.now(), hidden };
				if (rounds) next.rounds = rounds;
				map.set('results', next);
			}
		}, SERVER_ORIGIN);
	}

	/** Distinct signed-in participants with the meeting open; hosts and observers not counted. */
	function presence(doc: Y.Doc, notVoting: Set<string>): Set<string> {
		const users = new Set<string>();
		const connections = (
			doc as {
				connections?: Map<{ context?: { auth?: { user: { id: string } } | null } }, unknown>;
			}
		).connections;
		for (const connection of connections?.keys() ?? []) {
			const userId = connection.context?.auth?.user.id;
			if (userId && !notVoting.has(userId)) users.add(userId);
		}
		return users;
	}

	/** The host, co-hosts and observers: present, but not among those who vote. */
	async function notVotingIn(meeting: { id: string; ownerId: string }) {
		const members = await deps.meetings.members(meeting.id);
		return new Set([meeting.ownerId, ...members.map((member) => member.userId)]);
	}

	async function writeMeeting(doc: Y.Doc, meetingId: string) {
		const meeting = await deps.meetings.get(meetingId);
		if (!meeting) return;
		const [agenda, notVoting] = await Promise.all([
			deps.meetings.agenda(meetingId),
			notVotingIn(meeting)
		]);
		const values: MeetingValues = {
			meta: { id: meeting.id, title: meeting.title, code: meeting.code },
			agenda: agenda.map(({ id, title, status }) => ({ id, title, status })),
			current: { topicId: meeting.currentTopicId },
			presence: { present: presence(doc, notVoting).size }
		};
		doc.transact(() => setChanged(meetingMap(doc), { ...values }), SERVER_ORIGIN);
	}

	/** Writes a document now, if it is loaded (`doc` when the caller holds it). */
	async function publish(name: string, doc?: Y.Doc) {
		const target = doc ?? deps.instance().documents.get(name);
		const parsed = parseDocumentName(name);
		if (!target || !parsed) return;
		lastWrite.set(name, deps.now());
		if (parsed.kind === 'topic') await writeTopic(target, parsed.topicId);
		if (parsed.kind === 'meeting') await writeMeeting(target, parsed.meetingId);
	}

	/**
	 * Asks for a document to be written soon, at most once per interval. Presence recounts wait
	 * for their own, longer interval: on a flaky network people come and go all the time, and each
	 * write leaves a few bytes of history that every newcomer downloads.
	 */
	function schedule(name: string, reason: 'change' | 'presence' = 'change') {
		const key = reason === 'presence' ? `presence|${name}` : name;
		if (timers.has(key)) return;
		const interval = reason === 'presence' ? PRESENCE_INTERVAL_MS : deps.intervalMs;
		const wait = Math.max(0, (lastWrite.get(key) ?? 0) + interval - deps.now());
		timers.set(
			key,
			setTimeout(() => {
				timers.delete(key);
				lastWrite.set(key, deps.now());
				publish(name).catch((error) => console.error(`could not publish ${name}`, error));
			}, wait)
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
		/** The participants who have the meeting open now (user ids), as counted in `presence`. */
		async presentIn(meetingId: string): Promise<string[]> {
			const doc = deps.instance().documents.get(meetingDocumentName(meetingId));
			const meeting = await deps.meetings.get(meetingId);
			if (!doc || !meeting) return [];
			return [...presence(doc, await notVotingIn(meeting))];
		},
		scheduleTopic: (topicId: string) => schedule(topicDocumentName(topicId)),
		/** Someone opened or left a topic or meeting: recount its presence soon. */
		schedulePresence(name: string) {
			if (parseDocumentName(name)?.kind !== 'ballot') schedule(name, 'presence');
		},
		stop() {
			for (const timer of timers.values()) clearTimeout(timer);
			timers.clear();
		}
	};
}

export type Publisher = ReturnType<typeof createPublisher>;
