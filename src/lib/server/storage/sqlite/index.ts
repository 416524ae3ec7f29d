import { runSync, type Engine, type UseCase } from '../port.ts';
import type { Stores } from '../store.ts';
import { createStores } from '../use-cases/stores.ts';
import { migrate, openDatabase, pendingMigrations, type Db } from './db.ts';
import { sqlitePort } from './port.ts';

/**
 * Runs use cases over one SQLite database: each write in one `BEGIN IMMEDIATE` transaction, done
 * synchronously inside the call (the returned Promise is already settled), so a vote batch
 * commits without yielding to the event loop.
 */
export function sqliteEngine(db: Db, migrationsDirectory: string): Engine {
	const port = sqlitePort(db);
	const transaction = db.transaction((useCase: () => UseCase<unknown>) => runSync(port, useCase()));
	return {
		async write<R>(useCase: () => UseCase<R>) {
			return transaction.immediate(useCase) as R;
		},
		async read<R>(useCase: () => UseCase<R>) {
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
			db.close();
		}
	};
}

/** The stores over an open, migrated database. */
export function sqliteStores(db: Db, migrationsDirectory: string): Stores {
	return createStores(sqliteEngine(db, migrationsDirectory));
}

/** The embedded default: one SQLite file (or `:memory:` in tests) behind every store. */
export function createSqliteStores(path: string, migrationsDirectory: string): Stores {
	const db = openDatabase(path);
	migrate(db, migrationsDirectory);
	// Every write is synchronous FULL, document history included: only topic and meeting documents
	// keep one, appended once per tally interval (not per vote), and resuming it after a power cut
	// is what keeps clients' cached copies from winning over the server's later writes.
	return sqliteStores(db, migrationsDirectory);
}
