import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UseCase } from '../port.ts';
import { migrate, openDatabase } from './db.ts';
import { createSqliteStores, sqliteEngine } from './index.ts';
import { groupSync, walSync, type WalSync } from './wal-sync.ts';

const MIGRATIONS = 'server/migrations/sqlite';

/** A flush that ends when the spec says so. */
function manualFlush() {
	const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
	return {
		pending,
		flush: () =>
			new Promise<void>((resolve, reject) => {
				pending.push({ resolve, reject });
			})
	};
}

const settled = async <T>(promise: Promise<T>) => {
	let done = false;
	void promise.then(
		() => (done = true),
		() => (done = true)
	);
	for (let i = 0; i < 5; i++) await Promise.resolve();
	return done;
};

describe('groupSync', () => {
	it('lets every call made while a flush runs share the next flush, never the running one', async () => {
		const { pending, flush } = manualFlush();
		const synced = groupSync(flush);
		const first = synced();
		expect(pending).toHaveLength(1);
		// Committed while the first flush runs: that flush may have begun before these commits.
		const second = synced();
		const third = synced();
		expect(pending).toHaveLength(1);
		expect(await settled(second)).toBe(false);

		pending[0].resolve();
		await first;
		expect(await settled(second)).toBe(false);
		expect(pending).toHaveLength(2);
		pending[1].resolve();
		await Promise.all([second, third]);
		expect(pending).toHaveLength(2);

		// Nothing running: a new call starts a flush at once.
		const fourth = synced();
		expect(pending).toHaveLength(3);
		pending[2].resolve();
		await fourth;
	});

	it('rejects the calls a failed flush served, and serves later calls with a new flush', async () => {
		const { pending, flush } = manualFlush();
		const synced = groupSync(flush);
		const failing = synced();
		pending[0].reject(new Error('EIO'));
		await expect(failing).rejects.toThrow('EIO');
		const next = synced();
		expect(pending).toHaveLength(2);
		pending[1].resolve();
		await next;
	});
});

describe('the SQLite engine with a group commit', () => {
	let dir: string | null = null;
	afterEach(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		dir = null;
	});

	it('reports a write done only once its commit is synced, and fails it when the sync fails', async () => {
		const db = openDatabase(':memory:');
		migrate(db, MIGRATIONS);
		db.exec('CREATE TABLE t (x INTEGER)');
		const { pending, flush } = manualFlush();
		const wal: WalSync = { synced: groupSync(flush), close() {} };
		const engine = sqliteEngine(db, MIGRATIONS, wal);
		// eslint-disable-next-line require-yield
		const insert = function* (): UseCase<number> {
			db.prepare('INSERT INTO t VALUES (1)').run();
			return 1;
		};

		const write = engine.write(insert);
		// Committed (visible to the next read) but not yet reported.
		expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
		expect(await settled(write)).toBe(false);
		pending[0].resolve();
		expect(await write).toBe(1);

		const failed = engine.write(insert);
		pending[1].reject(new Error('EIO'));
		await expect(failed).rejects.toThrow('EIO');
		db.close();
	});

	it('opens a file database with synchronous NORMAL and flushes its WAL for each reported write', async () => {
		dir = mkdtempSync(join(tmpdir(), 'plenum-wal-'));
		const path = join(dir, 'plenum.db');
		const stores = createSqliteStores(path, MIGRATIONS);
		const user = await stores.users.create('ada', 'hash', 1);
		expect(user?.username).toBe('ada');
		await stores.close();

		const db = openDatabase(path, 'NORMAL');
		expect(db.pragma('synchronous', { simple: true })).toBe(1);
		const wal = walSync(db);
		db.prepare('UPDATE users SET display_name = ? WHERE username = ?').run('Ada', 'ada');
		await wal.synced();
		wal.close();
		db.close();
		const reopened = openDatabase(path);
		expect(reopened.prepare('SELECT display_name FROM users').pluck().get()).toBe('Ada');
		reopened.close();
	});
});
