import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	backgroundCheckpoints,
	checkpointSchedule,
	DEFAULT_PAGES,
	FALLBACK_PAGES,
	type CheckpointResult
} from './checkpoints.ts';
import { openDatabase, WAL_SIZE_LIMIT_BYTES } from './db.ts';

/** A schedule on a clock and timers the spec moves, with checkpoints that end when it says. */
function manualSchedule(everyMs = 500) {
	let now = 0;
	const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
	const runs: (() => void)[] = [];
	const schedule = checkpointSchedule({
		everyMs,
		now: () => now,
		setTimer(run, ms) {
			const timer = { at: now + ms, run, cancelled: false };
			timers.push(timer);
			return { cancel: () => (timer.cancelled = true) };
		},
		run: () => new Promise<void>((resolve) => runs.push(resolve))
	});
	const settle = async () => {
		for (let i = 0; i < 5; i++) await Promise.resolve();
	};
	return {
		schedule,
		runs,
		settle,
		async advance(ms: number) {
			now += ms;
			for (const timer of timers.splice(0)) {
				if (timer.cancelled) continue;
				if (timer.at <= now) timer.run();
				else timers.push(timer);
			}
			await settle();
		},
		async finish(index: number) {
			runs[index]();
			await settle();
		}
	};
}

describe('checkpointSchedule', () => {
	it('starts one at the first commit, and one at a time while commits keep coming', async () => {
		const clock = manualSchedule();
		clock.schedule.committed();
		expect(clock.runs).toHaveLength(1);
		// Commits while it runs start none of their own...
		clock.schedule.committed();
		await clock.advance(600);
		clock.schedule.committed();
		expect(clock.runs).toHaveLength(1);
		// ...but the pages they wrote get the next one as soon as this ends, since it is due.
		await clock.finish(0);
		expect(clock.runs).toHaveLength(2);
	});

	it('runs at most one every everyMs, and one after the last commit of a burst', async () => {
		const clock = manualSchedule(500);
		clock.schedule.committed();
		await clock.finish(0);
		await clock.advance(100);
		clock.schedule.committed();
		clock.schedule.committed();
		expect(clock.runs).toHaveLength(1);
		await clock.advance(399);
		expect(clock.runs).toHaveLength(1);
		// No commit since: the timer set by the burst still runs it.
		await clock.advance(1);
		expect(clock.runs).toHaveLength(2);
		await clock.finish(1);
		// Nothing committed since it started: nothing more to do.
		await clock.advance(5_000);
		expect(clock.runs).toHaveLength(2);
	});

	it('on close, waits for the running checkpoint and starts no other', async () => {
		const clock = manualSchedule();
		clock.schedule.committed();
		clock.schedule.committed();
		let closed = false;
		const closing = clock.schedule.close().then(() => (closed = true));
		await clock.settle();
		expect(closed).toBe(false);
		await clock.finish(0);
		await closing;
		clock.schedule.committed();
		await clock.advance(10_000);
		expect(clock.runs).toHaveLength(1);
	});
});

describe('backgroundCheckpoints', () => {
	let dir: string;
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('copies committed pages into the database file from a worker thread, and says so', async () => {
		dir = mkdtempSync(join(tmpdir(), 'plenum-checkpoints-'));
		const path = join(dir, 'plenum.db');
		const db = openDatabase(path, 'NORMAL');
		const done: CheckpointResult[] = [];
		const checkpoints = backgroundCheckpoints(db, {
			everyMs: 0,
			observer: { checkpointed: (result) => done.push(result) }
		});
		// SQLite's own checkpoint only as a backstop, far beyond what this writes.
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_PAGES);
		db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
		const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
		db.transaction(() => {
			for (let i = 0; i < 300; i++) insert.run('x'.repeat(1_000));
		})();
		const before = statSync(path).size;
		expect(statSync(`${path}-wal`).size).toBeGreaterThan(300_000);

		checkpoints.committed();
		const deadline = Date.now() + 10_000;
		while (statSync(path).size < before + 300_000 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		expect(statSync(path).size).toBeGreaterThanOrEqual(before + 300_000);
		// Reported: the WAL held the rows' pages (300 rows of 1,000 bytes fill at least 75 pages of
		// 4 KiB), and the checkpoint copied every one of them.
		await vi.waitFor(() => expect(done.length).toBeGreaterThanOrEqual(1));
		const last = done.at(-1)!;
		expect(last.log).toBeGreaterThanOrEqual(75);
		expect(last.checkpointed).toBe(last.log);
		expect(last.seconds).toBeGreaterThan(0);
		expect(last.seconds).toBeLessThan(10);

		await checkpoints.close();
		db.close();
		// The main connection was the last: it removed the WAL, every page is in the file.
		expect(existsSync(`${path}-wal`)).toBe(false);
		const reopened = openDatabase(path, 'NORMAL');
		expect(reopened.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(300);
		reopened.close();
	});

	it('lets a WAL that grew shrink back to its limit once the worker has copied it', async () => {
		dir = mkdtempSync(join(tmpdir(), 'plenum-checkpoints-'));
		const path = join(dir, 'plenum.db');
		const db = openDatabase(path, 'NORMAL');
		expect(db.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT_BYTES);
		// The same rule at a size a spec can write past quickly.
		db.pragma('journal_size_limit = 1048576');
		const done: CheckpointResult[] = [];
		const checkpoints = backgroundCheckpoints(db, {
			everyMs: 0,
			observer: { checkpointed: (result) => done.push(result) }
		});
		db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
		const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
		db.transaction(() => {
			for (let i = 0; i < 5_000; i++) insert.run('x'.repeat(1_000));
		})();
		expect(statSync(`${path}-wal`).size).toBeGreaterThan(5_000_000);

		checkpoints.committed();
		await vi.waitFor(() => {
			expect(done.length).toBeGreaterThan(0);
			expect(done.at(-1)!.checkpointed).toBe(done.at(-1)!.log);
		});
		// The next commit starts the WAL over, and SQLite cuts the file back to the limit.
		insert.run('after');
		expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(1_048_576);

		await checkpoints.close();
		db.close();
	});

	it('gives checkpoints back to SQLite when the worker fails', async () => {
		dir = mkdtempSync(join(tmpdir(), 'plenum-checkpoints-'));
		const db = openDatabase(join(dir, 'plenum.db'), 'NORMAL');
		db.exec('CREATE TABLE notes (body TEXT)');
		let failed: Error | null = null;
		const checkpoints = backgroundCheckpoints(db, {
			observer: { failed: (error) => (failed = error) }
		});
		// The worker opens the file by name once it starts: gone by then, it cannot.
		rmSync(dir, { recursive: true, force: true });
		const deadline = Date.now() + 10_000;
		while (!failed && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 20));
		expect(failed).toBeInstanceOf(Error);
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_PAGES);
		// Commits go on as before, and close still returns.
		db.prepare('INSERT INTO notes VALUES (?)').run('after');
		checkpoints.committed();
		await checkpoints.close();
		db.close();
	});

	it('leaves a database without a WAL to SQLite', () => {
		dir = mkdtempSync(join(tmpdir(), 'plenum-checkpoints-'));
		const db = openDatabase(':memory:', 'NORMAL');
		backgroundCheckpoints(db).committed();
		expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_PAGES);
		db.close();
	});
});
