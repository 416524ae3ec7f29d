/**
 * `yarn db:restore <file>`: puts a backup in place of the database at `DATABASE_PATH`. Stop the
 * server first: a restore under a running server is refused (the server holds the database open,
 * and SQLite will not change its journal mode then), since the server would go on writing into
 * the replaced file. The backup must pass `PRAGMA integrity_check` and must not come from a newer
 * version (its migrations must all be known here); migrations it lacks run at the next start.
 * The database it replaces is kept beside it as `<name>.before-restore-<time>`.
 *
 * Exit code 0 with a JSON summary on stdout; 1 when refused or failed; 2 on bad usage.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/lib/server/config.ts';
import { inspectDatabase } from './db-file.ts';

function fail(message: string, code = 1): never {
	console.error(`db:restore: ${message}`);
	process.exit(code);
}

const source = process.argv[2];
if (!source || process.argv.length > 3) fail('usage: yarn db:restore <file>', 2);
const backup = resolve(process.env.INIT_CWD ?? process.cwd(), source);
if (!existsSync(backup)) fail(`no backup at ${backup}`, 2);

let target: string;
try {
	const config = loadConfig();
	if (config.databaseUrl) {
		fail(
			'DATABASE_URL names PostgreSQL; this command restores the SQLite file only. Restore PostgreSQL with pg_restore (docs/OPERATIONS.md)',
			2
		);
	}
	target = config.databasePath;
} catch (error) {
	if (error instanceof ConfigError) fail(error.message, 2);
	throw error;
}
if (target === ':memory:') fail('DATABASE_PATH is :memory:; nothing to restore into', 2);
target = resolve(target);

const report = inspectDatabase(backup);
if (report.problems.length > 0)
	fail(`${backup} is not a usable backup: ${report.problems.join('; ')}`);

let keptAs: string | null = null;
if (existsSync(target)) {
	// Leaving WAL mode needs the only connection to the file: it fails while a server has it open.
	const db = new Database(target, { fileMustExist: true, timeout: 0 });
	try {
		db.pragma('journal_mode = DELETE');
	} catch {
		fail(`${target} is in use (is the server running?): stop it, then restore`);
	} finally {
		db.close();
	}
	keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
	renameSync(target, keptAs);
}
for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
mkdirSync(dirname(target), { recursive: true });
const partial = `${target}.restoring`;
copyFileSync(backup, partial);
renameSync(partial, target);
console.log(
	JSON.stringify({
		restored: target,
		from: backup,
		previous: keptAs,
		migrations: report.applied.length,
		pendingMigrations: report.pending,
		topics: report.topics,
		votes: report.votes
	})
);
