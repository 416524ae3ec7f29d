/**
 * Composition root: opens the database, applies migrations, builds the stores, the session
 * manager and the Hocuspocus instance with its extensions, and publishes them for SvelteKit.
 * Used by the production entry (`index.ts`) and the dev server plugin (`vite-plugin.ts`).
 */
import { Hocuspocus } from '@hocuspocus/server';
import { fileURLToPath } from 'node:url';
import { createPasswords } from '../src/lib/server/auth/password.ts';
import { createSessionManager, SESSION_LIFETIME_MS } from '../src/lib/server/auth/session.ts';
import { createBudgets, memoryBudgets } from '../src/lib/server/budgets.ts';
import type { Config } from '../src/lib/server/config.ts';
import { createMetrics } from '../src/lib/server/metrics.ts';
import { createRateLimiter } from '../src/lib/server/rate-limit.ts';
import { refusalMessages } from '../src/lib/core/vote-rules.ts';
import { parseDocumentName } from '../src/lib/shared/documents.ts';
import { publishServices, type Services } from '../src/lib/server/services.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import { createAuditCheck } from './audit-check.ts';
import { createCollab } from './collab.ts';
import { createFeed } from './feed.ts';
import { authExtension } from './extensions/auth.ts';
import { limitsExtension } from './extensions/limits.ts';
import { persistenceExtension } from './extensions/persistence.ts';
import { presenceExtension } from './extensions/presence.ts';
import { votesExtension } from './extensions/votes.ts';
import {
	AUTH_REASONS,
	cgroupMemoryLimit,
	countedBudgets,
	countedLimiter,
	countedRefusals,
	RATE_LIMITS,
	timedStores
} from './instrument.ts';
import { createPublisher } from './publisher.ts';
import { createStatus } from './status.ts';
import { createTimers } from './timers.ts';

export const SQLITE_MIGRATIONS = fileURLToPath(new URL('./migrations/sqlite', import.meta.url));

export function compose(config: Config) {
	const now = () => Date.now();
	const metrics = createMetrics({
		limits: {
			socketsPerAddress: config.maxSocketsPerAddress,
			socketsPerUser: config.maxSocketsPerUser,
			documentsPerSocket: config.maxDocumentsPerSocket
		},
		memoryLimitBytes: config.memoryLimitBytes ?? cgroupMemoryLimit(),
		refusalReasons: Object.keys(refusalMessages),
		authReasons: AUTH_REASONS,
		rateLimits: RATE_LIMITS
	});
	const stores = timedStores(createSqliteStores(config.databasePath, SQLITE_MIGRATIONS), metrics);
	const audits = createAuditCheck({
		votes: stores.votes,
		metrics,
		intervalMs: config.auditCheckIntervalMs,
		now
	});
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
		now,
		metrics
	});
	/** After a status change: the live documents, then the topic's audit chain. */
	const publishTopic = async (topicId: string) => {
		await publisher.publishTopic(topicId);
		void audits.checkNow(topicId);
	};

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
			countedRefusals(
				authExtension({
					sessions,
					topics: stores.topics,
					meetings: stores.meetings,
					now,
					admit: limits.admit
				}),
				metrics
			),
			limits.extension,
			persistenceExtension(stores.documents),
			votesExtension({ votes: stores.votes, publisher, now, metrics, touched: audits.touch }),
			presenceExtension(publisher)
		]
	});

	const collab = createCollab({
		hocuspocus,
		sessions,
		origin: config.origin,
		maxMessageBytes: config.maxMessageBytes,
		maxSocketsPerAddress: config.maxSocketsPerAddress,
		messageRate: config.messageRate,
		messageBurst: config.messageBurst,
		now,
		metrics
	});

	const feed = createFeed({
		hocuspocus,
		topics: stores.topics,
		origin: config.origin,
		maxMessageBytes: config.maxMessageBytes,
		maxSocketsPerAddress: config.maxSocketsPerAddress,
		messageRate: config.messageRate,
		messageBurst: config.messageBurst,
		metrics
	});

	const documents = () => {
		const kinds = {
			topic: { documents: 0, connections: 0 },
			ballot: { documents: 0, connections: 0 },
			meeting: { documents: 0, connections: 0 }
		};
		for (const [name, document] of hocuspocus.documents) {
			const kind = parseDocumentName(name)?.kind;
			if (!kind) continue;
			kinds[kind].documents++;
			kinds[kind].connections += document.getConnectionsCount();
		}
		return kinds;
	};
	const sockets = () => ({ collab: collab.sockets().open, feed: feed.sockets().open });
	metrics.observe({
		sockets,
		documents,
		busiest: () => ({
			address: Math.max(collab.sockets().busiestAddress, feed.sockets().busiestAddress),
			user: limits.busiestUser()
		})
	});
	const status = createStatus({
		metrics,
		hocuspocus: () => hocuspocus,
		sockets,
		documents: () => {
			const { topic, ballot, meeting } = documents();
			return { topic: topic.documents, ballot: ballot.documents, meeting: meeting.documents };
		},
		now
	});

	const timers = createTimers({
		topics: stores.topics,
		close: async (topicId, ownerId) => {
			const topic = await stores.topics.get(topicId);
			const present = topic?.meetingId ? (await publisher.presentIn(topic.meetingId)).length : null;
			const result = await stores.topics.changeStatus(topicId, ownerId, 'close', now(), present);
			if (result.ok) await publishTopic(topicId);
		},
		now
	});
	void timers.resume();

	const services: Services = {
		config,
		stores,
		sessions,
		loginLimiter: countedLimiter(
			createRateLimiter(config.loginAttempts, config.loginWindowMs),
			metrics
		),
		budgets: createBudgets(config, countedBudgets(memoryBudgets(), metrics)),
		passwords: createPasswords({ concurrency: config.hashConcurrency, queue: config.hashQueue }),
		publishTopic,
		publishMeeting: (meetingId) => publisher.publishMeeting(meetingId),
		presentIn: (meetingId) => publisher.presentIn(meetingId),
		scheduleTimer: (topicId, ownerId, closesAt) => timers.schedule(topicId, ownerId, closesAt),
		endSession: (sessionId) => {
			collab.endSession(sessionId);
			limits.endSession(sessionId);
		},
		metrics,
		status: () => status.snapshot(),
		now
	};
	publishServices(services);

	let stopped: Promise<void> | null = null;
	/** Stores open documents, closes every socket and the database. */
	function shutdown(): Promise<void> {
		stopped ??= (async () => {
			publisher.stop();
			timers.stop();
			audits.stop();
			status.stop();
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

	return { services, hocuspocus, collab, feed, metrics, audits, shutdown };
}

export type Composition = ReturnType<typeof compose>;
