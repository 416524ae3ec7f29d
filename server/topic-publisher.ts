/**
 * Writes the stored state of topics into their shared documents, the only writer of those
 * documents. Tallies are coalesced: after a vote the topic is written at once if it was not
 * written within `intervalMs`, otherwise once when the interval ends, so a burst of votes costs
 * one write (and one broadcast to every viewer) per interval. Each value is written only when it
 * changed, since every overwrite leaves a few bytes of history in the document.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { TopicStore, VoteStore } from '../src/lib/server/storage/store.ts';
import { topicValues } from '../src/lib/server/topic-snapshot.ts';
import { topicDocumentName, topicMap, type TopicResults } from '../src/lib/shared/documents.ts';

export const SERVER_ORIGIN = { source: 'local' as const };

/** Values in the documents are plain JSON; equal serialisations mean nothing to write. */
export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createTopicPublisher(deps: {
	instance: () => Hocuspocus;
	topics: TopicStore;
	votes: VoteStore;
	intervalMs: number;
	now: () => number;
}) {
	const lastWrite = new Map<string, number>();
	const timers = new Map<string, ReturnType<typeof setTimeout>>();

	async function write(doc: Y.Doc, topicId: string) {
		const [topic, results] = await Promise.all([
			deps.topics.get(topicId),
			deps.votes.results(topicId)
		]);
		if (!topic || !results) return;
		const { meta, state } = topicValues(topic);
		const map = topicMap(doc);
		const current = map.get('results') as TopicResults | undefined;
		doc.transact(() => {
			if (!same(map.get('meta'), meta)) map.set('meta', meta);
			if (!same(map.get('state'), state)) map.set('state', state);
			if (
				!current ||
				!same(current.totals, results.totals) ||
				current.turnout !== results.turnout
			) {
				map.set('results', { totals: results.totals, turnout: results.turnout, at: deps.now() });
			}
		}, SERVER_ORIGIN);
	}

	/** Writes a topic's document now, if it is loaded; used after open, close and on load. */
	async function publish(topicId: string, doc?: Y.Doc) {
		const target = doc ?? deps.instance().documents.get(topicDocumentName(topicId));
		if (!target) return;
		lastWrite.set(topicId, deps.now());
		await write(target, topicId);
	}

	/** Asks for the tallies to be written soon, at most once per interval per topic. */
	function schedule(topicId: string) {
		if (timers.has(topicId)) return;
		const wait = Math.max(0, (lastWrite.get(topicId) ?? 0) + deps.intervalMs - deps.now());
		timers.set(
			topicId,
			setTimeout(() => {
				timers.delete(topicId);
				publish(topicId).catch((error) => console.error(`could not publish ${topicId}`, error));
			}, wait)
		);
	}

	function stop() {
		for (const timer of timers.values()) clearTimeout(timer);
		timers.clear();
	}

	return { publish, schedule, stop };
}

export type TopicPublisher = ReturnType<typeof createTopicPublisher>;
