/** Messages between the benchmark's main thread and its load-generator workers. */
import type { TallySeen } from './phone.ts';

/** One meeting of the hall, with its open topic and the socket address of its room. */
export interface HallRoom {
	wsUrl: string;
	/** Meeting join code: each phone joins as a guest, as people in the hall do. */
	code: string;
	meetingId: string;
	topicId: string;
	optionIds: string[];
	/** The topic lets voters change their vote: phones keep their ballot open a while after each. */
	allowChange: boolean;
}

export interface WorkerSetup {
	baseUrl: string;
	/** `http`: join by code through the API; `direct`: the same rows written into SQLite. */
	join: 'http' | 'direct';
	databasePath: string;
	/**
	 * The meetings: phone i is in `rooms[i % rooms.length]`, except the observers, all in the
	 * first (the one the presenter's screen shows).
	 */
	rooms: HallRoom[];
	ranked: boolean;
	/**
	 * Phones this worker runs; how many of them run on the real provider (the rest are raw,
	 * `RawPhone`), and how many of those decode the topic document (observers ≤ providers).
	 */
	phones: number;
	providers: number;
	observers: number;
	/** How often a raw phone with no vote in flight reads its socket, ms (0: as frames come). */
	idleReadMs: number;
	/** Phones connecting at once. */
	connectConcurrency: number;
	/** Guest joins in flight at once. */
	joinConcurrency: number;
	namePrefix: string;
}

export interface RunRequest {
	/** Votes per second this worker offers. */
	rate: number;
	/** Wall-clock ms (epoch) at which to start, so all workers start together. */
	startAt: number;
	durationMs: number;
	/** How long to wait for outstanding receipts after the last vote is sent. */
	drainMs: number;
	/** Every phone votes at most once (burst); otherwise phones vote again once receipted. */
	once: boolean;
}

/**
 * Numbers per vote in `RunResult.outcomes`: sent, received, accepted (server clock), 1 for a
 * provider phone, and the index of the phone's room.
 */
export const OUTCOME_FIELDS = 5;

export interface RunResult {
	/** Votes due by the schedule. */
	offered: number;
	sent: number;
	/** Votes due while every phone still waited for its previous receipt. */
	unsent: number;
	receipted: number;
	refused: Record<string, number>;
	/** Sent, but neither receipt nor refusal by the end of the drain. */
	lost: number;
	disconnects: number;
	/** Per receipted vote, flat: sentAt, receivedAt, acceptedAt (server), 1 if on the real provider. */
	outcomes: Float64Array;
	firstSentAt: number;
	lastSentAt: number;
	lastReceivedAt: number;
	/** How late the scheduler's ticks ran, p99 and max (ms): a busy generator shows here. */
	tickLagP99: number;
	tickLagMax: number;
	/**
	 * What the raw phones' sockets read during the run: reads, frames in them, and the largest
	 * read in bytes (a lazy socket takes all its queued frames in one read; `wire-socket.ts`).
	 */
	wire: { reads: number; frames: number; largestRead: number };
}

export type ToWorker =
	| { type: 'setup'; setup: WorkerSetup }
	| { type: 'connect' }
	| { type: 'run'; run: RunRequest }
	/** The observers' logs, once each shows a tally written at or after `atLeast` (server time). */
	| { type: 'tallies'; atLeast: number; timeoutMs: number }
	| { type: 'stop' };

export type FromWorker =
	| { type: 'joined'; joinMs: number }
	| { type: 'ready'; connectMs: number }
	| { type: 'result'; result: RunResult }
	/** Per observing phone, the tallies it showed during the last run. */
	| { type: 'tallies'; tallies: TallySeen[][] }
	| { type: 'progress'; connected: number }
	| { type: 'error'; message: string };
