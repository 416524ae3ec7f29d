/**
 * `yarn db:backup <file>`: a consistent copy of the SQLite database (`DATABASE_PATH`), taken
 * online while the server runs and votes are cast. It uses SQLite's backup API (better-sqlite3's
 * `db.backup()`) and copies every page in one step, inside one read transaction: in WAL mode
 * that is a snapshot as of one commit, and writers are not held up. The copy is checked
 * (`PRAGMA integrity_check`, migration level) before it gets its name, so a file called
 * `<file>` is a good backup. Copying the `.db` file by hand while the server runs is not.
 *
 * Exit code 0 with a JSON summary on stdout; 1 when the backup failed; 2 on bad usage.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/lib/server/config.ts';
import { inspectDatabase } from './db-file.ts';

function fail(message: string, code = 1): never {
	console.error(`db:backup: ${message}`);
	process.exit(code);
}

const target = process.argv[2];
if (!target || process.argv.length > 3) fail('usage: yarn db:backup <file>', 2);
const file = resolve(process.env.INIT_CWD ?? process.cwd(), target);
if (existsSync(file)) fail(`${file} exists already; name a new file`, 2);

let source: string;
try {
	const config = loadConfig();
	if (config.databaseUrl) {
		fail(
			'DATABASE_URL names PostgreSQL; this command copies the SQLite file only. Back PostgreSQL up with pg_dump (docs/OPERATIONS.md)',
			2
		);
	}
	source = config.databasePath;
} catch (error) {
	if (error instanceof ConfigError) fail(error.message, 2);
	throw error;
}
if (source === ':memory:' || !existsSync(source)) fail(`no database at ${source} (DATABASE_PATH)`);

const partial = `${file}.partial`;
rmSync(partial, { force: true });
const started = Date.now();
const db = new Database(source, { fileMustExist: true, timeout: 5000 });
try {
	// All remaining pages in one step: one read transaction, so one consistent snapshot.
	await db.backup(partial, { progress: () => 2 ** 31 - 1 });
} catch (error) {
	rmSync(partial, { force: true });
	fail(`could not copy ${source}: ${(error as Error).message}`);
} finally {
	db.close();
}

const report = inspectDatabase(partial);
if (report.problems.length > 0) {
	rmSync(partial, { force: true });
	fail(`the copy is not usable: ${report.problems.join('; ')}`);
}
renameSync(partial, file);
console.log(
	JSON.stringify({
		backup: file,
		from: resolve(source),
		ms: Date.now() - started,
		migrations: report.applied.length,
		topics: report.topics,
		votes: report.votes
	})
);
