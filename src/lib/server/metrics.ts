/**
 * Every metric Plenum exports, in one prom-client registry, served as Prometheus text on
 * `/metrics` (see `server/metrics-http.ts`) and read by the admin status page. Names carry the
 * `plenum_` prefix and base units (seconds, bytes); labels have bounded values only (reasons,
 * kinds, route ids), never user input. Default Node metrics (memory, event-loop lag, file
 * descriptors) are collected into the same registry.
 *
 * Built once by `server/compose.ts` and published through `services.ts`, so the SvelteKit bundle
 * records HTTP requests into this very registry instead of a second one.
 * Imported by `server/`, so it must not touch `$env`, `$app` or `$lib`.
 */
import { statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CheckpointResult } from './storage/sqlite/checkpoints.ts';

/** Latency buckets in seconds: from a fast local commit up to a queue that people notice. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the live gauges read when scraped; set once the server's parts exist. */
export interface LiveSources {
	/** Open WebSockets per endpoint (`collab`, `feed`). */
	sockets(): Record<string, number>;
	/** Loaded documents and their connections per kind (`topic`, `meeting`). */
	documents(): Record<string, { documents: number; connections: number }>;
	/** Most sockets held by one address, and by one user, now. */
	busiest(): { address: number; user: number };
	/** Share of the tally frame budget fan-out may use now (1 unless the server is busy). */
	fanoutShare(): number;
}

/** Cumulative counts since start; `receiptBuckets.counts[i]` = receipts within `bounds[i]` s. */
export interface MetricCounts {
	accepted: number;
	refused: Record<string, number>;
	receipts: number;
	receiptBuckets: { bounds: number[]; counts: number[] };
}

export interface MetricsOptions {
	/** Configured caps, exported so alerts can compare the busiest holder with them. */
	limits: { socketsPerAddress: number; socketsPerUser: number; documentsPerSocket: number };
	/** Memory the process may use (cgroup or configured), or null when unknown. */
	memoryLimitBytes: number | null;
	/** Refusal reasons a vote can get, so each series exists (at 0) before the first refusal. */
	refusalReasons: readonly string[];
	/** Refusal reasons of authentication, likewise. */
	authReasons: readonly string[];
	/** Names of the rate limits and flood budgets, likewise. */
	rateLimits: readonly string[];
	/**
	 * The SQLite database file when that is the storage: its WAL and checkpoint metrics exist only
	 * then (not on PostgreSQL, nor for `:memory:`).
	 */
	sqliteFile?: string | null;
}

export function createMetrics(options: MetricsOptions) {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry });
	const registers = [registry];
	let sources: LiveSources | null = null;

	const votesAccepted = new Counter({
		name: 'plenum_votes_accepted_total',
		help: 'Ballots counted (new or changed votes), committed with their audit entry.',
		registers
	});
	const votesRefused = new Counter({
		name: 'plenum_votes_refused_total',
		help: 'Ballots refused, by the reason given to the voter.',
		labelNames: ['reason'] as const,
		registers
	});
	for (const reason of options.refusalReasons) votesRefused.inc({ reason }, 0);

	const receiptLatency = new Histogram({
		name: 'plenum_receipt_latency_seconds',
		help: 'From the server seeing a ballot request to its receipt (or refusal) written after the commit.',
		labelNames: ['outcome'] as const,
		buckets: LATENCY_BUCKETS,
		registers
	});
	const batchSize = new Histogram({
		name: 'plenum_vote_batch_size',
		help: 'Ballots decided in one database transaction.',
		buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
		registers
	});
	const tallyWrites = new Histogram({
		name: 'plenum_tally_write_seconds',
		help: 'Time to count a topic and write its tallies into the topic document.',
		buckets: LATENCY_BUCKETS,
		registers
	});
	const authRefusals = new Counter({
		name: 'plenum_auth_refusals_total',
		help: 'Refused authentications: documents refused on the WebSocket, wrong passwords, cross-site upgrades.',
		labelNames: ['reason'] as const,
		registers
	});
	for (const reason of options.authReasons) authRefusals.inc({ reason }, 0);

	const rateLimitHits = new Counter({
		name: 'plenum_rate_limit_hits_total',
		help: 'Requests, sockets or messages refused by a rate limit or flood budget.',
		labelNames: ['limit'] as const,
		registers
	});
	for (const limit of options.rateLimits) rateLimitHits.inc({ limit }, 0);

	const httpRequests = new Counter({
		name: 'plenum_http_requests_total',
		help: 'HTTP requests answered by the app, by route id, method and status.',
		labelNames: ['route', 'method', 'status'] as const,
		registers
	});
	const httpDuration = new Histogram({
		name: 'plenum_http_request_duration_seconds',
		help: 'Time to answer an HTTP request, by route id and method.',
		labelNames: ['route', 'method'] as const,
		buckets: LATENCY_BUCKETS,
		registers
	});
	const dbTransactions = new Histogram({
		name: 'plenum_db_transaction_seconds',
		help: 'Time of one storage call (a transaction or a read), by store and method.',
		labelNames: ['store', 'method'] as const,
		buckets: LATENCY_BUCKETS,
		registers
	});
	const auditChecks = new Counter({
		name: 'plenum_audit_chain_checks_total',
		help: 'Topics whose audit chain was verified against the stored votes.',
		registers
	});
	const auditFailures = new Gauge({
		name: 'plenum_audit_chain_failures',
		help: 'Topics whose audit chain failed its last verification (0 when all are sound).',
		registers
	});
	const auditLastCheck = new Gauge({
		name: 'plenum_audit_chain_last_check_timestamp_seconds',
		help: 'When the last audit chain sweep finished (Unix time).',
		registers
	});

	new Gauge({
		name: 'plenum_websockets_open',
		help: 'Open WebSockets, by endpoint.',
		labelNames: ['endpoint'] as const,
		registers,
		collect() {
			this.reset();
			for (const [endpoint, count] of Object.entries(sources?.sockets() ?? {})) {
				this.set({ endpoint }, count);
			}
		}
	});
	const kinds = ['topic', 'meeting'];
	new Gauge({
		name: 'plenum_documents_open',
		help: 'Documents loaded in memory, by kind.',
		labelNames: ['kind'] as const,
		registers,
		collect() {
			const documents = sources?.documents() ?? {};
			for (const kind of kinds) this.set({ kind }, documents[kind]?.documents ?? 0);
		}
	});
	new Gauge({
		name: 'plenum_document_connections',
		help: 'Document connections (one per open document on a socket), by kind.',
		labelNames: ['kind'] as const,
		registers,
		collect() {
			const documents = sources?.documents() ?? {};
			for (const kind of kinds) this.set({ kind }, documents[kind]?.connections ?? 0);
		}
	});
	new Gauge({
		name: 'plenum_websockets_busiest',
		help: 'Most WebSockets held by one address or one user now (compare plenum_websocket_limit).',
		labelNames: ['scope'] as const,
		registers,
		collect() {
			const busiest = sources?.busiest() ?? { address: 0, user: 0 };
			this.set({ scope: 'address' }, busiest.address);
			this.set({ scope: 'user' }, busiest.user);
		}
	});
	new Gauge({
		name: 'plenum_fanout_budget_share',
		help: 'Share of TALLY_FRAMES_PER_SECOND tally fan-out may use now: below 1 while the event loop is busy.',
		registers,
		collect() {
			this.set(sources?.fanoutShare() ?? 1);
		}
	});
	const limit = new Gauge({
		name: 'plenum_websocket_limit',
		help: 'Configured caps: sockets per address, sockets per user, documents per socket.',
		labelNames: ['scope'] as const,
		registers
	});
	limit.set({ scope: 'address' }, options.limits.socketsPerAddress);
	limit.set({ scope: 'user' }, options.limits.socketsPerUser);
	limit.set({ scope: 'documents_per_socket' }, options.limits.documentsPerSocket);

	new Gauge({
		name: 'plenum_heap_limit_bytes',
		help: "V8's heap size limit: the process fails when the used heap reaches it.",
		registers,
		collect() {
			this.set(getHeapStatistics().heap_size_limit);
		}
	});
	if (options.memoryLimitBytes !== null) {
		new Gauge({
			name: 'plenum_memory_limit_bytes',
			help: 'Memory the process may use (MEMORY_LIMIT_MB or the cgroup limit).',
			registers
		}).set(options.memoryLimitBytes);
	}

	const wal =
		options.sqliteFile && options.sqliteFile !== ':memory:'
			? walMetrics(options.sqliteFile, registers)
			: null;

	return {
		registry,
		/** One checkpoint of the SQLite WAL done by the checkpoint worker. */
		checkpointed: (report: CheckpointResult) => wal?.checkpointed(report),
		/** The checkpoint worker failed: SQLite checkpoints inside commits again. */
		checkpointWorkerFailed: () => wal?.failed(),
		/** Where the live gauges read from; called once the sockets and documents exist. */
		observe(live: LiveSources) {
			sources = live;
		},
		voteAccepted: () => votesAccepted.inc(),
		voteRefused: (reason: string) => votesRefused.inc({ reason }),
		/** One decided ballot: seconds from its request seen to its answer written. */
		receipt: (outcome: 'accepted' | 'refused', seconds: number) =>
			receiptLatency.observe({ outcome }, seconds),
		batch: (size: number) => batchSize.observe(size),
		tallyWrite: (seconds: number) => tallyWrites.observe(seconds),
		authRefused: (reason: string) => authRefusals.inc({ reason }),
		rateLimited: (limit: string) => rateLimitHits.inc({ limit }),
		/** One answered HTTP request; `route` is SvelteKit's route id, never the raw path. */
		http(route: string, method: string, status: number, seconds: number) {
			httpRequests.inc({ route, method, status: String(status) });
			httpDuration.observe({ route, method }, seconds);
		},
		dbCall: (store: string, method: string, seconds: number) =>
			dbTransactions.observe({ store, method }, seconds),
		/** A sweep of audit chains ended: how many were checked and how many failed. */
		auditSwept(checked: number, failed: number, at: number) {
			auditChecks.inc(checked);
			auditFailures.set(failed);
			auditLastCheck.set(at / 1000);
		},
		/** The counters the status page turns into rates and quantiles. */
		async counts(): Promise<MetricCounts> {
			const refused: Record<string, number> = {};
			for (const { labels, value } of (await votesRefused.get()).values) {
				refused[String(labels.reason)] = value;
			}
			const buckets = LATENCY_BUCKETS.map(() => 0);
			for (const { labels, value, metricName } of (await receiptLatency.get()).values) {
				const index = LATENCY_BUCKETS.indexOf(Number((labels as { le?: unknown }).le));
				if (metricName?.endsWith('_bucket') && index >= 0) buckets[index] += value;
			}
			let receipts = 0;
			for (const { value, metricName } of (await receiptLatency.get()).values) {
				if (metricName?.endsWith('_count')) receipts += value;
			}
			return {
				accepted: (await votesAccepted.get()).values[0]?.value ?? 0,
				refused,
				receipts,
				receiptBuckets: { bounds: LATENCY_BUCKETS, counts: buckets }
			};
		},
		/** The Prometheus text exposition. */
		text: () => registry.metrics(),
		contentType: registry.contentType
	};
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The SQLite WAL: checkpoints done off the event loop, what they leave behind, the file's size. */
function walMetrics(file: string, registers: Registry[]) {
	const seconds = new Histogram({
		name: 'plenum_sqlite_checkpoint_seconds',
		help: 'WAL checkpoints run by the checkpoint worker (count) and their time.',
		buckets: LATENCY_BUCKETS,
		registers
	});
	const frames = new Gauge({
		name: 'plenum_sqlite_wal_frames',
		help: 'Pages in the SQLite WAL at the last checkpoint.',
		registers
	});
	const uncopied = new Gauge({
		name: 'plenum_sqlite_wal_frames_uncopied',
		help: 'Pages the last checkpoint could not copy into the database file yet (a reader still needs them, or commits outran it).',
		registers
	});
	new Gauge({
		name: 'plenum_sqlite_wal_bytes',
		help: 'Size of the -wal file now (SQLite reuses it, and cuts it back to 64 MB once copied when it grew past that).',
		registers,
		collect() {
			try {
				this.set(statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
			} catch {
				// Unreadable (permissions): the last size stays, and the scrape still answers.
			}
		}
	});
	const failed = new Gauge({
		name: 'plenum_sqlite_checkpoint_worker_failed',
		help: 'The checkpoint worker failed (1): SQLite checkpoints inside commits again, on the event loop.',
		registers
	});
	failed.set(0);
	return {
		checkpointed(report: CheckpointResult) {
			seconds.observe(report.seconds);
			frames.set(Math.max(0, report.log));
			uncopied.set(Math.max(0, report.log - report.checkpointed));
		},
		failed: () => failed.set(1)
	};
}
