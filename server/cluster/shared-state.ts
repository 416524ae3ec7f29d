/**
 * What several instances must agree on, behind one seam: flood budgets, caps on what is held at
 * once (sockets per user and per address), change notifications and sign-outs between instances,
 * presence per document summed over instances, one-time claims (a timer closes its topic once)
 * and ownership leases. `memory.ts` is the default (one process, `yarn dev`); `redis.ts` is chosen
 * by `REDIS_URL` and shares all of it through Redis.
 *
 * The vote path never waits for this seam: a ballot reaches the instance that owns its topic
 * (nginx routes by the key in the socket's URL, see `docs/SCALING.md`), is committed to the
 * database and tallied there. Only rare events make a round trip: a socket opening (its caps), a
 * sign-in or join (its budgets), a host's change (one publish), a timer firing (one claim).
 * Presence is the one figure that changes with every arrival: each instance keeps its counts in
 * memory and reports those that changed once a second (`presence-sync.ts`), so a join wave of
 * thousands costs one pipeline a second, not one round trip per phone.
 */
import type { BudgetStore } from '../../src/lib/server/budgets.ts';

/** What one instance tells the others. */
export type ClusterEvent =
	/** A topic's stored state changed (opened, closed, edited): its owner writes its documents. */
	| { kind: 'topic-changed'; topicId: string }
	/** A meeting's agenda or current topic changed. */
	| { kind: 'meeting-changed'; meetingId: string }
	/** A session ended (sign-out): every instance closes the sockets it opened. */
	| { kind: 'session-ended'; sessionId: string }
	/** A topic's countdown was set or cancelled (null), so every instance runs it. */
	| { kind: 'timer'; topicId: string; ownerId: string; closesAt: number | null }
	/** nginx sends a room's sockets to another instance now: its holder hands the room over. */
	| { kind: 'room-wanted'; room: string };

export interface Events {
	/** Tells every other instance (never this one; at most once, see `docs/SCALING.md`). */
	publish(event: ClusterEvent): Promise<void>;
	/** Calls `handler` for each event another instance published; returns the unsubscribe. */
	subscribe(handler: (event: ClusterEvent) => void): () => void;
}

/**
 * Things held at once, counted across instances, each held by a named holder (a socket) until it
 * is released or its instance stops renewing it (a dead instance's holds lapse after a TTL).
 */
export interface Holds {
	/** Holds one of `max` places under `key` for `holder`; false when all are taken. */
	acquire(key: string, holder: string, max: number): Promise<boolean>;
	release(key: string, holder: string): Promise<void>;
	/** Places held under `key` across instances. */
	count(key: string): Promise<number>;
}

/** Who one instance has a document open for: connections, and signed-in users. */
export interface PresenceReport {
	connections: number;
	users: string[];
}

export interface PresenceBoard {
	/**
	 * Replaces what this instance reported for each document (an empty report withdraws it).
	 * A report lapses unless it is said again within the board's TTL.
	 */
	report(reports: Map<string, PresenceReport>): Promise<void>;
	/** What the other instances report for these documents, merged (users without repeats). */
	others(names: string[]): Promise<Map<string, PresenceReport>>;
}

/** Exclusive ownership of a key (a meeting or a topic outside a meeting) by one instance. */
export interface Leases {
	/**
	 * Takes the lease, or renews it when this instance holds it. Answers its fencing token (higher
	 * for each new holder) or null when another instance holds it.
	 */
	acquire(key: string, ttlMs: number): Promise<number | null>;
	/** Gives the lease up, if this instance holds it. */
	release(key: string): Promise<void>;
	/** The instance holding the lease now, if any. */
	holder(key: string): Promise<string | null>;
}

export interface SharedState {
	/** This instance's name in the cluster (random per process). */
	readonly instanceId: string;
	/** Whether other instances may exist (Redis), so callers skip work that only they need. */
	readonly shared: boolean;
	budgets: BudgetStore;
	holds: Holds;
	events: Events;
	presence: PresenceBoard;
	leases: Leases;
	/** True for exactly one caller per key within `ttlMs` cluster-wide (e.g. one timer's close). */
	claim(key: string, ttlMs: number): Promise<boolean>;
	close(): Promise<void>;
}
