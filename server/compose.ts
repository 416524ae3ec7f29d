/**
 * Composition root: opens the database, applies migrations, builds the stores, the session
 * manager and the Hocuspocus instance with its extensions, and publishes them for SvelteKit.
 * Used by the production entry (`index.ts`) and the dev server plugin (`vite-plugin.ts`).
 */
import { Hocuspocus } from '@hocuspocus/server';
import { fileURLToPath } from 'node:url';
import { createPasswords } from '../src/lib/server/auth/password.ts';
import { createSessionManager, SESSION_LIFETIME_MS } from '../src/lib/server/auth/session.ts';
import { createBudgets } from '../src/lib/server/budgets.ts';
import type { Config } from '../src/lib/server/config.ts';
import { createRateLimiter } from '../src/lib/server/rate-limit.ts';
import { publishServices, type Services } from '../src/lib/server/services.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import { addressLimit } from './address-limit.ts';
import { createCollab } from './collab.ts';
import { createFeed } from './feed.ts';
import { authExtension } from './extensions/auth.ts';
import { limitsExtension } from './extensions/limits.ts';
import { persistenceExtension } from './extensions/persistence.ts';
import { presenceExtension } from './extensions/presence.ts';
import { votesExtension } from './extensions/votes.ts';
import { createPublisher } from './publisher.ts';
import { createTimers } from './timers.ts';

export const SQLITE_MIGRATIONS = fileURLToPath(new URL('./migrations/sqlite', import.meta.url));

export function compose(config: Config) {
	const now = () => Date.now();
	const stores = createSqliteStores(config.databasePath, SQLITE_MIGRATIONS);
	const sessions = createSessionManager(
		stores.sessions,
		SESSION_LIFETIME_MS,
		config.sessionAbsoluteMs
	);

	let hocuspocus: Hocuspocus;
	const publisher = createPublisher({
		instance: () => hocuspocus,
		topics: stores.topics,
		votes: stores.votes,
		meetings: stores.meetings,
		intervalMs: config.tallyIntervalMs,
		framesPerSecond: config.tallyFramesPerSecond,
		now
	});

	const limits = limitsExtension({
		documentsPerSocket: config.maxDocumentsPerSocket,
		socketsPerUser: config.maxSocketsPerUser
	});

	hocuspocus = new Hocuspocus({
		name: 'plenum',
		quiet: true,
		debounce: 2000,
		maxDebounce: 10_000,
		maxPendingDocuments: config.maxDocumentsPerSocket,
		extensions: [
			authExtension({
				sessions,
				topics: stores.topics,
				meetings: stores.meetings,
				now,
				admit: limits.admit
			}),
			limits.extension,
			persistenceExtension(stores.documents),
			votesExtension({ votes: stores.votes, publisher, now }),
			presenceExtension(publisher)
		]
	});

	// One cap per client address over both socket endpoints.
	const addresses = addressLimit(config.maxSocketsPerAddress, config.addressTrust);
	const collab = createCollab({
		hocuspocus,
		sessions,
		origin: config.origin,
		maxMessageBytes: config.maxMessageBytes,
		addresses,
		messageRate: config.messageRate,
		messageBurst: config.messageBurst,
		now
	});

	const feed = createFeed({
		hocuspocus,
		topics: stores.topics,
		origin: config.origin,
		maxMessageBytes: config.maxMessageBytes,
		addresses,
		messageRate: config.messageRate,
		messageBurst: config.messageBurst
	});

	const timers = createTimers({
		topics: stores.topics,
		close: async (topicId, ownerId) => {
			const topic = await stores.topics.get(topicId);
			const present = topic?.meetingId ? (await publisher.presentIn(topic.meetingId)).length : null;
			const result = await stores.topics.changeStatus(topicId, ownerId, 'close', now(), present);
			if (result.ok) await publisher.publishTopic(topicId);
		},
		now
	});
	void timers.resume();

	const services: Services = {
		config,
		stores,
		sessions,
		loginLimiter: createRateLimiter(config.loginAttempts, config.loginWindowMs),
		budgets: createBudgets(config),
		passwords: createPasswords({ concurrency: config.hashConcurrency, queue: config.hashQueue }),
		publishTopic: (topicId) => publisher.publishTopic(topicId),
		publishMeeting: (meetingId) => publisher.publishMeeting(meetingId),
		presentIn: (meetingId) => publisher.presentIn(meetingId),
		scheduleTimer: (topicId, ownerId, closesAt) => timers.schedule(topicId, ownerId, closesAt),
		endSession: (sessionId) => {
			collab.endSession(sessionId);
			limits.endSession(sessionId);
		},
		now
	};
	publishServices(services);

	let stopped: Promise<void> | null = null;
	/** Stores open documents, closes every socket and the database. */
	function shutdown(): Promise<void> {
		stopped ??= (async () => {
			publisher.stop();
			timers.stop();
			hocuspocus.flushPendingStores();
			collab.closeAll();
			feed.closeAll();
			const deadline = Date.now() + 3000;
			while (hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			stores.close();
		})();
		return stopped;
	}

	return { services, hocuspocus, collab, feed, shutdown };
}

export type Composition = ReturnType<typeof compose>;
