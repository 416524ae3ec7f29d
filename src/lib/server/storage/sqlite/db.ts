import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/** Page cache of each connection, in KiB (negative `cache_size`): SQLite's default. */
export const PAGE_CACHE_KIB = 2000;

/**
 * The size the `-wal` file is cut back to when SQLite starts it over (`journal_size_limit`).
 * SQLite reuses the file rather than shrink it, so without a limit a WAL that grew once (a backup
 * of a large database holding old pages while a hall voted) would keep its largest size on disk
 * until the server stops. Under load the WAL stays near 16 MB (`checkpoints.ts`), under this.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Opens the database with the settings every adapter relies on: WAL for concurrent readers,
 * foreign keys on, and `synchronous = FULL` so a commit is on disk before a voter is told their
 * vote was accepted. `secure_delete` overwrites deleted and replaced content with zeros, so a
 * secret topic's cleared links do not survive in free space of the file (see docs/SECURITY.md).
 *
 * The page cache is held to SQLite's own default of 2 MB (`PAGE_CACHE_KIB`): better-sqlite3 raises
 * it to 16 MB, and since votes and audit entries are only ever appended, a voting hall keeps
 * touching new pages, so the cache filled towards 16 MB of the server's memory within minutes of
 * a soak while what a vote or a tally reads stays a few hundred pages. Pages not cached are read
 * from the operating system's cache, not the disk.
 */
export function openDatabase(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${synchronous}`);
	db.pragma('foreign_keys = ON');
	db.pragma('secure_delete = ON');
	db.pragma('busy_timeout = 5000');
	db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
	db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
	return db;
}

/**
 * `db.prepare` with every `?` of the SQL written `+?`. better-sqlite3's SQLite is built with STAT4,
 * and a statement whose plan the query planner weighed against a bare parameter (one with an
 * ORDER BY, a GROUP BY or a join) is then compiled again each time a value is bound to it, on every
 * call: 6–20 µs instead of 1–2, for statements a vote batch, a tally write and each joining phone
 * run. Unary plus returns its operand unchanged, whatever its type, and leaves every index usable
 * (`sqlite.spec.ts` checks that each statement's plan is the same), but it is not a bare
 * parameter, so no plan depends on the value bound. The SQL holds no `?` other than parameters.
 */
export function preparer(db: Db): Db['prepare'] {
	return ((sql: string) => db.prepare(sql.replaceAll('?', '+?'))) as Db['prepare'];
}

/** The numbered `.sql` files of `directory`, in order. */
export function migrationFiles(directory: string): string[] {
	return readdirSync(directory)
		.filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
		.sort();
}

/** Migrations in `directory` that the database has not recorded (none after `migrate`). */
export function pendingMigrations(db: Db, directory: string): string[] {
	const applied = new Set(
		db
			.prepare('SELECT id FROM schema_migrations')
			.pluck()
			.all()
			.map((id) => String(id))
	);
	return migrationFiles(directory).filter((file) => !applied.has(file));
}

/**
 * Applies numbered `.sql` files from `directory` that have not run yet, each in its own
 * transaction, and records them. Files are never edited after release; add a new one instead.
 */
export function migrate(db: Db, directory: string): string[] {
	db.exec(
		'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT'
	);
	const ran: string[] = [];
	for (const file of pendingMigrations(db, directory)) {
		const sql = readFileSync(`${directory}/${file}`, 'utf8');
		db.transaction(() => {
			db.exec(sql);
			db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
				file,
				Date.now()
			);
		}).immediate();
		ran.push(file);
	}
	return ran;
}
