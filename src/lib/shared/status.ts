/**
 * What the operators' status page (`/admin/status`) receives every few seconds: the server's
 * live counts, rates over the last samples, and a row per loaded topic. Built by
 * `server/status.ts`, served by `/admin/status/data`, drawn by the page.
 */

/** One sample of the recent past, oldest first in `history`. */
export interface StatusPoint {
	/** Server time (ms). */
	at: number;
	votesPerSecond: number;
	/** Receipt latency p99 over this sample's interval, in seconds (null: no receipts). */
	p99: number | null;
	sockets: number;
	/** Resident memory, in bytes. */
	memory: number;
}

export interface StatusTopic {
	id: string;
	title: string;
	status: string;
	/** Connections with the topic document open (voters, screens, presenters). */
	subscribers: number;
	/** Ballots counted, as the last tally write says. */
	votes: number;
	/** When the last tally write happened (server ms), null before the first. */
	tallyAt: number | null;
}

export interface StatusSnapshot {
	at: number;
	/** Seconds since the process started. */
	uptime: number;
	sockets: { collab: number; feed: number };
	documents: { topic: number; meeting: number };
	votesPerSecond: number;
	votesAccepted: number;
	/**
	 * Receipt latency in seconds over the last ten seconds or, when no ballot came in then, over
	 * the whole history (`windowSeconds` says which).
	 */
	receipt: { p50: number | null; p99: number | null; count: number; windowSeconds: number };
	/** Refusals since start, per reason, most frequent first (reasons never seen left out). */
	refusals: { reason: string; count: number }[];
	/** Resident memory, in bytes. */
	memory: number;
	history: StatusPoint[];
	topics: StatusTopic[];
}

/**
 * The q-quantile of observations counted in cumulative histogram buckets (`counts[i]` within
 * `bounds[i]`), interpolated linearly inside the bucket as Prometheus' `histogram_quantile`
 * does; beyond the last bound it answers that bound. Null when nothing was observed.
 */
export function quantile(q: number, bounds: number[], counts: number[], total: number) {
	if (total <= 0) return null;
	const rank = q * total;
	for (let i = 0; i < bounds.length; i++) {
		if (counts[i] >= rank) {
			const lower = i === 0 ? 0 : bounds[i - 1];
			const below = i === 0 ? 0 : counts[i - 1];
			const inBucket = counts[i] - below;
			return inBucket <= 0 ? bounds[i] : lower + ((bounds[i] - lower) * (rank - below)) / inBucket;
		}
	}
	return bounds[bounds.length - 1];
}
