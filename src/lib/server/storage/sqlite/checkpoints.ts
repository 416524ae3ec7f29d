/**
 * WAL checkpoints off the event loop. In WAL mode every commit appends pages to the `-wal` file,
 * and a checkpoint copies them back into the database file and syncs both. SQLite's own
 * checkpoint runs inside the commit that takes the WAL past 1,000 pages, on the thread that
 * commits: a vote batch that happens to be that commit holds the event loop for the copy and two
 * disk syncs. A hall of 10,000 voters writes new pages all over its tables (ballots and
 * participations are keyed by random values), so that was every dozen batches, 20–120 ms each.
 *
 * Here a worker thread holds a second connection to the same file and runs passive checkpoints
 * (they copy what no reader still needs and never block a writer), at most one at a time and at
 * most one every `everyMs` while commits come in, plus one after the last commit of a burst.
 * Commits are as durable as before: that is the WAL and its flush (`wal-sync.ts`); a checkpoint
 * only moves pages already safe. SQLite's own checkpoint stays as a backstop at
 * `FALLBACK_PAGES`, for a worker that falls behind; if the worker fails, the default comes back.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './db.ts';

/**
 * SQLite's automatic checkpoint while a worker checkpoints: 16 MB of WAL at 4 KiB pages. The WAL
 * starts over from its beginning only when a commit begins with every page copied, which a
 * worker running beside the commits rarely leaves it; this backstop, cheap once the worker has
 * copied nearly all, keeps the file from growing past it.
 */
export const FALLBACK_PAGES = 4_000;
/** SQLite's default, restored when the worker fails. */
export const DEFAULT_PAGES = 1_000;
/** Least time between the starts of two checkpoints while commits come in. */
export const CHECKPOINT_EVERY_MS = 50;

/**
 * What a passive checkpoint did: frames (pages) in the WAL, how many of them are now copied into
 * the database file, and how long it took in the worker.
 */
export interface CheckpointResult {
	log: number;
	checkpointed: number;
	seconds: number;
}

/** Who hears of the worker's checkpoints: each one done, and a worker that failed. */
export interface CheckpointObserver {
	checkpointed?(result: CheckpointResult): void;
	failed?(error: Error): void;
}

export interface Checkpoints {
	/** Told after each commit: starts a checkpoint when one is due, or arranges one for later. */
	committed(): void;
	/** Waits for a running checkpoint, then stops checkpointing. */
	close(): Promise<void>;
}

/** For a database without a WAL (`:memory:`): SQLite's own checkpoints, if any, as they are. */
export const noCheckpoints: Checkpoints = {
	committed() {},
	close: () => Promise.resolve()
};

/**
 * When checkpoints run, apart from what runs them: one at a time, a commit starts one if the last
 * began `everyMs` ago or more, and a commit sooner than that sets a timer for when it is due.
 * `run` is the worker's checkpoint (replaced in specs).
 */
export function checkpointSchedule(options: {
	run: () => Promise<unknown>;
	everyMs: number;
	now: () => number;
	setTimer: (run: () => void, ms: number) => { cancel(): void };
}): Checkpoints {
	let running: Promise<void> | null = null;
	let lastStart = -Infinity;
	let timer: { cancel(): void } | null = null;
	/** A commit came while a checkpoint ran: its pages wait for the next one. */
	let behind = false;
	let closed = false;

	function start() {
		timer = null;
		behind = false;
		lastStart = options.now();
		running = options
			.run()
			.catch(() => {})
			.then(() => {
				running = null;
				if (behind && !closed) committed();
			});
	}

	function committed() {
		if (closed) return;
		if (running) {
			behind = true;
			return;
		}
		if (timer) return;
		const wait = lastStart + options.everyMs - options.now();
		if (wait <= 0) start();
		else timer = options.setTimer(start, wait);
	}

	return {
		committed,
		async close() {
			closed = true;
			timer?.cancel();
			timer = null;
			await running;
		}
	};
}

/**
 * Checkpoints `db` (a file in WAL mode) from a worker thread. `observer` hears each checkpoint
 * and a worker that failed; SQLite then checkpoints on its own again, as it does by default.
 */
export function backgroundCheckpoints(
	db: Db,
	options: { everyMs?: number; observer?: CheckpointObserver } = {}
): Checkpoints {
	if (db.memory || String(db.pragma('journal_mode', { simple: true })) !== 'wal') {
		return noCheckpoints;
	}
	const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
		workerData: { path: db.name }
	});
	// Nothing here keeps the process alive: a server stops by closing its stores.
	worker.unref();
	let failed = false;
	/** Ends the running checkpoint's wait (what it did goes to the observer). */
	let waiting: (() => void) | null = null;
	worker.on('message', (result: CheckpointResult) => {
		options.observer?.checkpointed?.(result);
		waiting?.();
		waiting = null;
	});
	worker.on('error', (error) => {
		failed = true;
		waiting?.();
		waiting = null;
		if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
		options.observer?.failed?.(error);
	});
	db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);

	const schedule = checkpointSchedule({
		everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS,
		now: () => performance.now(),
		setTimer(run, ms) {
			const handle = setTimeout(run, ms);
			handle.unref();
			return { cancel: () => clearTimeout(handle) };
		},
		run: () =>
			new Promise<void>((resolve) => {
				if (failed) return resolve();
				waiting = resolve;
				worker.postMessage('checkpoint');
			})
	});
	return {
		committed: () => {
			if (!failed) schedule.committed();
		},
		async close() {
			await schedule.close();
			await worker.terminate();
		}
	};
}
