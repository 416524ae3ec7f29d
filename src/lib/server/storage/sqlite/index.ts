import { runSync, type Engine, type UseCase } from '../port.ts';
import type { Stores } from '../store.ts';
import { createStores } from '../use-cases/stores.ts';
import {
	backgroundCheckpoints,
	noCheckpoints,
	type CheckpointObserver,
	type Checkpoints
} from './checkpoints.ts';
import { migrate, openDatabase, pendingMigrations, type Db } from './db.ts';
import { sqlitePort } from './port.ts';
import { noWalSync, walSync, type WalSync } from './wal-sync.ts';

/**
 * Runs use cases over one SQLite database: each write in one `BEGIN IMMEDIATE` transaction, done
 * synchronously inside the call, so a vote batch commits without yielding to the event loop. The
 * returned Promise resolves once the commit is on disk (`wal`: the group commit of a database
 * opened with `synchronous = NORMAL`; without one the commit itself synced, or is in memory).
 * `checkpoints` hears of each commit (`checkpoints.ts`: copied into the file off the event loop).
 */
export function sqliteEngine(
	db: Db,
	migrationsDirectory: string,
	wal: WalSync = noWalSync,
	checkpoints: Checkpoints = noCheckpoints
): Engine {
	const port = sqlitePort(db);
	const transaction = db.transaction((useCase: () => UseCase<unknown>) => runSync(port, useCase()));
	return {
		async write<R>(useCase: () => UseCase<R>) {
			const result = transaction.immediate(useCase) as R;
			checkpoints.committed();
			await wal.synced();
			return result;
		},
		async read<R>(useCase: () => UseCase<R>) {
			return runSync(port, useCase());
		},
		async snapshot<R>(useCase: () => UseCase<R>) {
			return runSync(port, useCase());
		},
		async pendingMigrations() {
			return pendingMigrations(db, migrationsDirectory);
		},
		async forget() {
			// Old page images (a secret topic's links among them) stay in the WAL until it is
			// overwritten; a truncating checkpoint removes them. Busy readers only postpone it.
			db.pragma('wal_checkpoint(TRUNCATE)');
		},
		async close() {
			await wal.synced();
			// The worker's connection closes first: the last one to close checkpoints the WAL away.
			await checkpoints.close();
			wal.close();
			db.close();
		}
	};
}

/**
 * The stores over an open, migrated database. `auditPageSize`: audit entries the periodic check
 * reads at once (`../audit-pages.ts`).
 */
export function sqliteStores(
	db: Db,
	migrationsDirectory: string,
	wal?: WalSync,
	options: { auditPageSize?: number; checkpoints?: Checkpoints } = {}
): Stores {
	const { checkpoints, ...storeOptions } = options;
	return createStores(sqliteEngine(db, migrationsDirectory, wal, checkpoints), storeOptions);
}

/**
 * The embedded default: one SQLite file (or `:memory:` in tests) behind every store.
 * `checkpoints` hears of each WAL checkpoint and of a checkpoint worker that failed (SQLite then
 * checkpoints on its own again).
 */
export function createSqliteStores(
	path: string,
	migrationsDirectory: string,
	options: { checkpoints?: CheckpointObserver } = {}
): Stores {
	const db = openDatabase(path, 'NORMAL');
	migrate(db, migrationsDirectory);
	// Every write is on disk before it is reported done, document history included (resuming it
	// after a power cut is what keeps clients' cached copies from winning over the server's later
	// writes), through the group commit: the event loop never waits for the disk, nor for a
	// checkpoint.
	const checkpoints = backgroundCheckpoints(db, { observer: options.checkpoints });
	return sqliteStores(db, migrationsDirectory, walSync(db), { checkpoints });
}
