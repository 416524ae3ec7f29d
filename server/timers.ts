/**
 * Countdowns that close topics: each running timer is a `setTimeout` in this process, and the
 * deadline itself is stored with the topic, so a restart schedules the remaining ones again (a
 * deadline that passed while the server was down closes the topic at once).
 *
 * With several instances every instance runs every countdown (each hears of a new one through
 * the shared state's events, and resumes all of them from the database at start), so a timer
 * still fires when the instance that set it died; `close` claims the close first, so the topic
 * is closed once cluster-wide. Should a claim lapse, the close use case still locks the topic and
 * closing a closed topic writes nothing: one close, one audit entry.
 */
import type { Logger } from '../src/lib/server/log.ts';
import type { TopicStore } from '../src/lib/server/storage/store.ts';
import { realTimers, type Timers } from './publisher.ts';

export function createTimers(deps: {
	topics: Pick<TopicStore, 'listTimed'>;
	/** Closes the topic as its owner and publishes it (`closesAt`: the deadline that fired). */
	close: (topicId: string, ownerId: string, closesAt: number) => Promise<void>;
	now: () => number;
	log: Logger;
	/** `setTimeout` and `clearTimeout`; specs run a clock by hand. */
	timers?: Timers;
}) {
	const timers = deps.timers ?? realTimers;
	const running = new Map<string, unknown>();

	function schedule(topicId: string, ownerId: string, closesAt: number | null) {
		const previous = running.get(topicId);
		if (previous !== undefined) timers.clear(previous);
		running.delete(topicId);
		if (closesAt === null) return;
		const timer = timers.set(
			() => {
				running.delete(topicId);
				deps.close(topicId, ownerId, closesAt).catch((error) => {
					deps.log.error({ err: error, topicId }, 'timer could not close its topic');
				});
			},
			Math.max(0, closesAt - deps.now())
		);
		running.set(topicId, timer);
	}

	return {
		schedule,
		async resume() {
			for (const topic of await deps.topics.listTimed()) {
				schedule(topic.id, topic.ownerId, topic.closesAt);
			}
		},
		/** Countdowns running now. */
		count: () => running.size,
		stop() {
			for (const timer of running.values()) timers.clear(timer);
			running.clear();
		}
	};
}

export type TopicTimers = ReturnType<typeof createTimers>;
