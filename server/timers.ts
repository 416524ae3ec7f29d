/**
 * Countdowns that close topics: each running timer is a `setTimeout` in this process, and the
 * deadline itself is stored with the topic, so a restart schedules the remaining ones again (a
 * deadline that passed while the server was down closes the topic at once).
 */
import type { TopicStore } from '../src/lib/server/storage/store.ts';

export function createTimers(deps: {
	topics: TopicStore;
	/** Closes the topic as its owner and publishes it. */
	close: (topicId: string, ownerId: string) => Promise<void>;
	now: () => number;
}) {
	const running = new Map<string, ReturnType<typeof setTimeout>>();

	function schedule(topicId: string, ownerId: string, closesAt: number | null) {
		clearTimeout(running.get(topicId));
		running.delete(topicId);
		if (closesAt === null) return;
		const timer = setTimeout(
			() => {
				running.delete(topicId);
				deps.close(topicId, ownerId).catch((error) => console.error(`timer of ${topicId}`, error));
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
		stop() {
			for (const timer of running.values()) clearTimeout(timer);
			running.clear();
		}
	};
}

export type Timers = ReturnType<typeof createTimers>;
