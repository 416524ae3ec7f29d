/**
 * When the next vote batch starts: a group commit's pacing. Every batch is one transaction and one
 * flush of the WAL (`wal-sync.ts`), and that fixed cost (the commit, the topic's reads, the flush's
 * system time and thread wake-ups) is paid as fully by a batch of two ballots as by one of fifty.
 * Started as soon as the previous one ended, batches stay as small as the flush is short: 800
 * votes a second from 1,000 phones made ~415 batches a second of two ballots each.
 *
 * So a batch starts no sooner than `spacingMs` after the previous batch started, unless `target`
 * ballots are waiting already. A server that was idle for `spacingMs` starts a batch on the next
 * turn of the event loop, as before; a busy one gathers a few milliseconds of ballots into each
 * commit, and a fast stream of votes starts its batch as soon as it fills (PostgreSQL's
 * `commit_delay` and `commit_siblings` do the same for its WAL flushes).
 */
import type { Timers } from './publisher.ts';

export interface BatchPacing {
	/** Arranges for `run` to be called once: on a later turn, at once or when the spacing ends. */
	schedule(run: () => void): void;
	/**
	 * Told how many ballots wait now: a batch held back starts once they reach the target, or once
	 * the spacing has ended (its timer may not have had its turn yet).
	 */
	waiting(count: number): void;
	/** Told that a batch started. */
	started(): void;
}

export interface PacingSettings {
	/** Shortest time between the starts of two batches, in ms (0: no pacing). */
	spacingMs: number;
	/** Ballots waiting that start a batch without waiting out the spacing. */
	target: number;
}

/** Ballots that start a batch before its spacing ends (docs/BENCHMARKS.md, "Fewer, fuller vote batches"). */
export const BATCH_TARGET = 8;

export function batchPacing(
	settings: PacingSettings,
	deps: {
		now: () => number;
		timers: Timers;
		/** Runs on a later turn without delay (`setImmediate`). */
		soon: (run: () => void) => void;
	}
): BatchPacing {
	let lastStart = -Infinity;
	let held: { handle: unknown; run: () => void } | null = null;

	/** Starts the held batch on the next turn instead of at its timer. */
	function release(batch: { handle: unknown; run: () => void }) {
		deps.timers.clear(batch.handle);
		held = null;
		deps.soon(batch.run);
	}

	return {
		schedule(run) {
			const wait = lastStart + settings.spacingMs - deps.now();
			if (wait <= 0) {
				deps.soon(run);
				return;
			}
			const handle = deps.timers.set(() => {
				held = null;
				run();
			}, wait);
			held = { handle, run };
		},
		waiting(count) {
			if (!held) return;
			// A busy event loop comes back to its timers late: a ballot arriving after the spacing
			// ended starts the held batch instead.
			if (count >= settings.target || deps.now() >= lastStart + settings.spacingMs) release(held);
		},
		started() {
			lastStart = deps.now();
		}
	};
}
