/**
 * Group commit for SQLite in WAL mode: transactions commit with `synchronous = NORMAL` (their
 * pages are written to the WAL file, not yet flushed to disk), and whoever must know a commit is
 * on disk waits for `synced()`, which flushes the WAL file with `fdatasync` on libuv's thread
 * pool. The event loop never waits for the disk, and every commit made while one flush runs
 * shares the next one.
 *
 * What this gives is what `synchronous = FULL` gives (the WAL is on disk before the write is
 * reported done), without blocking: a commit survives a process crash as soon as it returns (its
 * pages are in the operating system's cache), and a power cut once `synced()` has resolved.
 * Checkpoints still sync the WAL before copying it into the database and the database after,
 * as they do with `NORMAL`. A flush of the file covers everything written to it before the flush
 * began, whichever descriptor wrote it.
 */
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from './db.ts';

export interface WalSync {
	/** Resolves once every commit made before the call is on disk. */
	synced(): Promise<void>;
	close(): void;
}

/** For a database without a WAL file (`:memory:`): nothing to flush. */
export const noWalSync: WalSync = {
	synced: () => Promise.resolve(),
	close() {}
};

/**
 * Flushes run one at a time: a call made while one runs waits for the next, which starts when the
 * running one ends and serves every call made in between. `flush` is `fdatasync` on the WAL file
 * (replaced in specs).
 */
export function groupSync(flush: () => Promise<void>): () => Promise<void> {
	let running: Promise<void> | null = null;
	let next: Promise<void> | null = null;

	function start(): Promise<void> {
		const flushing = flush().finally(() => {
			if (running === flushing) running = null;
		});
		running = flushing;
		return flushing;
	}

	return () => {
		if (!running) return start();
		// The running flush may have begun before the caller's commit: wait for the next one.
		next ??= running
			.catch(() => {})
			.then(() => {
				next = null;
				return start();
			});
		return next;
	};
}

/** The WAL file of `db` (opened on the first flush: SQLite creates it with the first write). */
export function walSync(db: Db): WalSync {
	if (db.memory || String(db.pragma('journal_mode', { simple: true })) !== 'wal') return noWalSync;
	const walPath = `${db.name}-wal`;
	let fd: number | null = null;

	function descriptor(): number {
		if (fd === null) {
			fd = openSync(walPath, 'r');
			// The file's name in its directory must outlast a power cut too.
			const directory = openSync(dirname(walPath), 'r');
			try {
				fsyncSync(directory);
			} finally {
				closeSync(directory);
			}
		}
		return fd;
	}

	const synced = groupSync(
		() =>
			new Promise<void>((resolve, reject) => {
				fdatasync(descriptor(), (error) => (error ? reject(error) : resolve()));
			})
	);
	return {
		synced,
		close() {
			if (fd !== null) closeSync(fd);
			fd = null;
		}
	};
}
