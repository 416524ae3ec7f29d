/**
 * Composition root: opens the database, applies migrations, builds the stores, the session
 * manager and the Hocuspocus instance with its extensions, and publishes them for SvelteKit.
 * Used by the production entry (`index.ts`) and the dev server plugin (`vite-plugin.ts`).
 *
 * `shutdown()` is the ordered stop behind SIGTERM: refuse new sockets (and report not ready),
 * stop reading frames, commit the vote batch in progress and answer its ballots, write pending
 * tallies, store open documents, then close every socket with `restarting` (1012) so clients
 * reconnect at once, and close the database. `index.ts` bounds it by `SHUTDOWN_TIMEOUT_MS`.
 *
 * What instances share goes through one seam (`cluster/shared-state.ts`): in memory by default,
 * in Redis with `REDIS_URL`. A change made through a request here (a topic opened, a session
 * ended, a timer set) is applied here and told to the other instances, which apply it to the
 * documents and sockets they hold.
 */
import { Hocuspocus } from '@hocuspocus/server';
import { hash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createOidc } from '../src/lib/server/auth/oidc.ts';
import { createPasswords } from '../src/lib/server/auth/password.ts';
import { createSessionManager, SESSION_LIFETIME_MS } from '../src/lib/server/auth/session.ts';
import { createBudgets } from '../src/lib/server/budgets.ts';
import type { Config } from '../src/lib/server/config.ts';
import { createLogger, type Logger } from '../src/lib/server/log.ts';
import { publishServices, type Readiness, type Services } from '../src/lib/server/services.ts';
import { createPostgresStores } from '../src/lib/server/storage/postgres/index.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import type { Stores } from '../src/lib/server/storage/store.ts';
import { addressLimit } from './address-limit.ts';
import { createMetrics, type Metrics } from '../src/lib/server/metrics.ts';
import { refusalMessages } from '../src/lib/core/vote-rules.ts';
import { proxyPart } from '../src/lib/server/topics.ts';
import { useSha256 } from '../src/lib/core/sha256.ts';
import { parseDocumentName } from '../src/lib/shared/documents.ts';
import { createAuditCheck } from './audit-check.ts';
import { memorySharedState } from './cluster/memory.ts';
import { createOwnership } from './cluster/ownership.ts';
import { presenceSync } from './cluster/presence-sync.ts';
import { redisSharedState } from './cluster/redis.ts';
import type { ClusterEvent, SharedState } from './cluster/shared-state.ts';
import { createCollab } from './collab.ts';
import { createFeed } from './feed.ts';
import { authExtension } from './extensions/auth.ts';
import { awarenessOffExtension } from './extensions/awareness-off.ts';
import { limitsExtension } from './extensions/limits.ts';
import { createPersistence } from './extensions/persistence.ts';
import { presenceExtension } from './extensions/presence.ts';
import { votesExtension } from './extensions/votes.ts';
import {
	AUTH_REASONS,
	cgroupMemoryLimit,
	countedBudgets,
	countedRefusals,
	RATE_LIMITS,
	timedStores
} from './instrument.ts';
import { fanoutPressure, fullShare } from './fanout-pressure.ts';
import { createWriteSlices, observeSlices } from './write-slices.ts';
import { createPublisher, realTimers } from './publisher.ts';
import { BATCH_TARGET, batchPacing } from './batch-pacing.ts';
import { createSessionSweep } from './session-sweep.ts';
import { createStatus } from './status.ts';
import { createTimers } from './timers.ts';

export const SQLITE_MIGRATIONS = fileURLToPath(new URL('./migrations/sqlite', import.meta.url));
export const POSTGRES_MIGRATIONS = fileURLToPath(new URL('./migrations/postgres', import.meta.url));

/**
 * The stores `DATABASE_URL` names (PostgreSQL, migrated under its lock before `ready` settles), or
 * the SQLite file at `DATABASE_PATH` (migrated at once).
 */
export function openStores(
	config: Config,
	options: { log?: Logger; metrics?: Metrics } = {}
): { stores: Stores; ready: Promise<void> } {
	if (config.databaseUrl) {
		return createPostgresStores(config.databaseUrl, POSTGRES_MIGRATIONS, {
			poolSize: config.databasePoolSize
		});
	}
	const { log, metrics } = options;
	return {
		stores: createSqliteStores(config.databasePath, SQLITE_MIGRATIONS, {
			checkpoints: {
				checkpointed: (result) => metrics?.checkpointed(result),
				failed(error) {
					metrics?.checkpointWorkerFailed();
					log?.error({ err: error }, 'checkpoint worker failed; SQLite checkpoints on its own');
				}
			}
		}),
		ready: Promise.resolve()
	};
}

/**
 * Hocuspocus's own idle check reads a field our pongs cannot reach through its public API, so it
 * is set beyond reach and `collab.ts` closes idle sockets from its own bookkeeping instead.
 */
const HOCUSPOCUS_IDLE_CHECK_OFF = 2 ** 31 - 1;

/** How long a timer's close is claimed: other instances whose timer fires later skip it. */
const TIMER_CLAIM_MS = 10 * 60_000;

/** Node's SHA-256 for the audit chain and trackers: the portable one's digest, 9x faster. */
export const nodeSha256 = (bytes: Uint8Array): Uint8Array => hash('sha256', bytes, 'buffer');

export function compose(config: Config, options: { log?: Logger; shared?: SharedState } = {}) {
	useSha256(nodeSha256);
	const now = () => Date.now();
	const log = options.log ?? createLogger({ level: config.logLevel });
	const shared =
		options.shared ??
		(config.redisUrl
			? redisSharedState({ url: config.redisUrl, prefix: config.redisPrefix, log })
			: memorySharedState());
	if (shared.shared) log.info({ instanceId: shared.instanceId }, 'sharing state through redis');
	const metrics = createMetrics({
		limits: {
			socketsPerAddress: config.maxSocketsPerAddress,
			socketsPerUser: config.maxSocketsPerUser,
			documentsPerSocket: config.maxDocumentsPerSocket
		},
		memoryLimitBytes: config.memoryLimitBytes ?? cgroupMemoryLimit(),
		refusalReasons: Object.keys(refusalMessages),
		authReasons: AUTH_REASONS,
		rateLimits: RATE_LIMITS,
		sqliteFile: config.databaseUrl ? null : config.databasePath
	});
	const opened = openStores(config, { log, metrics });
	const stores = timedStores(opened.stores, metrics);
	const audits = createAuditCheck({
		log,
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
	// One writer per room: with Redis, the instance holding the room's lease (`ownership.ts`).
	const ownership = createOwnership({
		shared,
		enabled: shared.shared && config.roomLeases,
		ttlMs: config.roomLeaseMs,
		onLost: (room) => {
			collab.closeRoom(room);
			feed.closeRoom(room);
		},
		isLoaded: (name) => hocuspocus.documents.has(name),
		log
	});
	const persistence = createPersistence(
		stores.documents,
		log,
		ownership.mayStore,
		ownership.fenceOf
	);
	const presence = presenceSync({ shared, publisher: () => publisher, log, now });
	const pressure = config.tallyLoadShedding ? fanoutPressure() : fullShare;
	const slices = createWriteSlices({ writesPerTurn: config.fanoutWritesPerTurn });
	observeSlices(metrics.registry, slices);
	const publisher = createPublisher({
		remote: presence.remote,
		mayWrite: ownership.mayWrite,
		instance: () => hocuspocus,
		topics: stores.topics,
		votes: stores.votes,
		meetings: stores.meetings,
		roll: stores.roll,
		intervalMs: config.tallyIntervalMs,
		framesPerSecond: config.tallyFramesPerSecond,
		budgetShare: pressure.share,
		now,
		log,
		metrics,
		write: persistence.write
	});
	/** After a status change: the live documents here, then the topic's audit chain. */
	const publishTopicHere = async (topicId: string) => {
		await publisher.publishTopic(topicId);
		void audits.checkNow(topicId);
	};
	/** ...and on every other instance. */
	const publishTopic = async (topicId: string) => {
		await publishTopicHere(topicId);
		await shared.events.publish({ kind: 'topic-changed', topicId });
	};

	const limits = limitsExtension(
		{
			documentsPerSocket: config.maxDocumentsPerSocket,
			socketsPerUser: config.maxSocketsPerUser
		},
		shared.holds
	);

	const votes = votesExtension({
		votes: stores.votes,
		publisher,
		pacing: batchPacing(
			{ spacingMs: config.voteBatchSpacingMs, target: BATCH_TARGET },
			{ now: () => performance.now(), timers: realTimers, soon: (run) => void setImmediate(run) }
		),
		now,
		log,
		metrics,
		touched: audits.touch,
		answered: pressure.voteAnswered
	});

	hocuspocus = new Hocuspocus({
		name: 'plenum',
		quiet: true,
		timeout: HOCUSPOCUS_IDLE_CHECK_OFF,
		debounce: 2000,
		maxDebounce: 10_000,
		// What a socket asks for at once before any of it is authenticated (`limits.ts` refuses
		// what goes beyond the per-socket cap once it is).
		maxPendingDocuments: config.maxDocumentsPerSocket,
		extensions: [
			countedRefusals(
				authExtension({
					sessions,
					topics: stores.topics,
					meetings: stores.meetings,
					now,
					admit: limits.admit,
					socketClosed: limits.socketClosed,
					own: ownership.own,
					serving: ownership.serving
				}),
				metrics
			),
			limits.extension,
			persistence.extension,
			votes,
			presenceExtension(publisher),
			awarenessOffExtension(),
			{
				extensionName: 'plenum-document-ids',
				// Each Y.Doc's guid is its document's name. Yjs uses a guid only for subdocuments (none
				// here), and the random UUID it draws otherwise reads the system's random source 31
				// times: about 160 µs of CPU per document.
				onCreateDocument: async ({ documentName }) => ({ guid: documentName })
			},
			{
				extensionName: 'plenum-ownership',
				afterUnloadDocument: async ({ documentName }) => ownership.unloaded(documentName)
			}
		]
	});

	// One cap per client address over both socket endpoints.
	const addresses = addressLimit(
		config.maxSocketsPerAddress,
		config.addressTrust,
		shared.holds,
		(reason) => metrics.rateLimited(reason)
	);
	const collab = createCollab({
		hocuspocus,
		sessions,
		origin: config.origin,
		maxMessageBytes: config.maxMessageBytes,
		addresses,
		messageRate: config.messageRate,
		messageBurst: config.messageBurst,
		now,
		log,
		metrics,
		slices,
		carried: async (meetingId, userId) =>
			(await proxyPart(stores.proxies, meetingId, userId)).carries.length
	});

	const feed = createFeed({
		hocuspocus,
		topics: stores.topics,
		origin: config.origin,
		maxMessageBytes: config.maxMessageBytes,
		addresses,
		messageRate: config.messageRate,
		messageBurst: config.messageBurst,
		log,
		metrics,
		own: ownership.own,
		serving: ownership.serving
	});

	const documents = () => {
		const kinds = {
			topic: { documents: 0, connections: 0 },
			meeting: { documents: 0, connections: 0 }
		};
		for (const [name, document] of hocuspocus.documents) {
			const kind = parseDocumentName(name)?.kind;
			if (kind !== 'topic' && kind !== 'meeting') continue;
			kinds[kind].documents++;
			kinds[kind].connections += document.getConnectionsCount();
		}
		return kinds;
	};
	const sockets = () => ({ collab: collab.sockets().open, feed: feed.sockets() });
	metrics.observe({
		sockets,
		documents,
		busiest: () => ({
			address: addresses.busiest(),
			user: limits.busiestUser()
		}),
		fanoutShare: pressure.share
	});
	const status = createStatus({
		metrics,
		hocuspocus: () => hocuspocus,
		sockets,
		documents: () => {
			const { topic, meeting } = documents();
			return { topic: topic.documents, meeting: meeting.documents };
		},
		now
	});

	const timers = createTimers({
		topics: stores.topics,
		close: async (topicId, ownerId, closesAt) => {
			// Every instance runs every countdown; the first to claim it closes the topic.
			if (!(await shared.claim(`timer-close:${topicId}:${closesAt}`, TIMER_CLAIM_MS))) {
				log.info({ topicId }, 'timer fired, closed by another instance');
				return;
			}
			log.info({ topicId }, 'timer closes topic');
			const topic = await stores.topics.get(topicId);
			const present = topic?.meetingId ? await publisher.presentCount(topic.meetingId) : null;
			const result = await stores.topics.changeStatus(topicId, ownerId, 'close', now(), present);
			if (result.ok) await publishTopic(topicId);
		},
		now,
		log
	});
	void timers.resume();

	/** What another instance changed: apply it to what this one holds. */
	const unsubscribe = shared.events.subscribe((event: ClusterEvent) => {
		const failed = (error: unknown) => log.error({ err: error, event }, 'cluster event failed');
		if (event.kind === 'topic-changed') publishTopicHere(event.topicId).catch(failed);
		else if (event.kind === 'meeting-changed')
			publisher.publishMeeting(event.meetingId).catch(failed);
		else if (event.kind === 'session-ended') collab.endSession(event.sessionId);
		else if (event.kind === 'timer') timers.schedule(event.topicId, event.ownerId, event.closesAt);
		else if (event.kind === 'room-wanted') ownership.handOver(event.room).catch(failed);
	});

	const sweep = createSessionSweep({
		sessions: stores.sessions,
		intervalMs: config.sessionSweepIntervalMs,
		now,
		log
	});
	sweep.start();

	let stopping = false;
	async function readiness(): Promise<Readiness> {
		if (stopping) return { ready: false, reason: 'shutting down' };
		try {
			const pending = await stores.pendingMigrations();
			if (pending.length > 0) {
				return { ready: false, reason: `migrations not applied: ${pending.join(', ')}` };
			}
		} catch (error) {
			log.error({ err: error }, 'database does not answer');
			return { ready: false, reason: 'database does not answer' };
		}
		return { ready: true };
	}

	const services: Services = {
		config,
		log,
		readiness,
		stores,
		sessions,
		budgets: createBudgets(config, countedBudgets(shared.budgets, metrics)),
		passwords: createPasswords({ concurrency: config.hashConcurrency, queue: config.hashQueue }),
		oidc: config.oidc ? createOidc(config.oidc) : null,
		publishTopic,
		async publishMeeting(meetingId) {
			await publisher.publishMeeting(meetingId);
			await shared.events.publish({ kind: 'meeting-changed', meetingId });
		},
		presentIn: (meetingId) => publisher.presentIn(meetingId),
		presentCount: (meetingId) => publisher.presentCount(meetingId),
		scheduleTimer(topicId, ownerId, closesAt) {
			timers.schedule(topicId, ownerId, closesAt);
			void shared.events.publish({ kind: 'timer', topicId, ownerId, closesAt });
		},
		endSession(sessionId) {
			collab.endSession(sessionId);
			void shared.events.publish({ kind: 'session-ended', sessionId });
		},
		metrics,
		status: () => status.snapshot(),
		now
	};
	publishServices(services);

	let stopped: Promise<void> | null = null;
	/** The ordered stop (see the top of this file); safe to call more than once. */
	function shutdown(): Promise<void> {
		stopped ??= (async () => {
			stopping = true;
			const started = Date.now();
			collab.stopAccepting();
			collab.stopReading();
			sweep.stop();
			timers.stop();
			unsubscribe();
			audits.stop();
			status.stop();
			await votes.drain();
			const tallies = await publisher.flush();
			publisher.stop();
			pressure.stop();
			hocuspocus.flushPendingStores();
			// Let the receipts and tallies just written leave before the sockets close: what waits
			// for a slice goes now.
			slices.flush();
			await new Promise((resolve) => setImmediate(resolve));
			const open = collab.sockets().open;
			collab.closeAll();
			feed.closeAll();
			// Until every client has answered the close (so none sees an abrupt 1006) and every
			// document is stored and unloaded, within bounds.
			const deadline = Date.now() + 3000;
			const settled = () =>
				hocuspocus.getDocumentsCount() === 0 && collab.sockets().open === 0 && feed.sockets() === 0;
			while (!settled() && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			await stores.close();
			await ownership.stop();
			await presence.stop();
			await shared.close();
			log.info({ tallies, sockets: open, ms: Date.now() - started }, 'stopped');
		})();
		return stopped;
	}

	/** Settles once the database is migrated; rejects when it cannot be (the server must not start). */
	const ready = opened.ready;
	return { services, hocuspocus, collab, feed, log, metrics, audits, shared, shutdown, ready };
}

export type Composition = ReturnType<typeof compose>;
