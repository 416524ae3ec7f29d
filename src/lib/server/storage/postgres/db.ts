import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { migrationFiles } from '../sqlite/db.ts';

export type Sql = postgres.Sql;

/**
 * A pool of `size` connections. Times are BIGINT epoch milliseconds, read back as numbers (they
 * stay far below 2^53); notices (e.g. "already exists, skipping") are not printed.
 */
export function connect(url: string, size: number): Sql {
	return postgres(url, {
		max: size,
		onnotice: () => {},
		types: {
			int8: {
				to: 20,
				from: [20],
				serialize: (value: number) => String(value),
				parse: (raw: string) => Number(raw)
			}
		}
	});
}

/**
 * The session lock that serializes migrations of one schema across instances: two instances
 * starting together wait for each other instead of racing to apply the same file.
 */
const LOCK = "hashtext('plenum.migrations:' || current_schema())";

async function applied(sql: Sql): Promise<Set<string>> {
	const [{ exists }] = await sql<
		{ exists: boolean }[]
	>`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`;
	if (!exists) return new Set();
	const rows = await sql<{ id: string }[]>`SELECT id FROM schema_migrations`;
	return new Set(rows.map((row) => row.id));
}

/** Migrations in `directory` that the database has not recorded (none after `migrate`). */
export async function pendingMigrations(sql: Sql, directory: string): Promise<string[]> {
	const done = await applied(sql);
	return migrationFiles(directory).filter((file) => !done.has(file));
}

/**
 * Applies the numbered `.sql` files of `directory` not applied yet, each in its own transaction,
 * under an advisory lock held on one connection for the whole run.
 */
export async function migrate(sql: Sql, directory: string): Promise<string[]> {
	const connection = await sql.reserve();
	try {
		await connection.unsafe(`SELECT pg_advisory_lock(${LOCK})`);
		try {
			await connection`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`;
			const ran: string[] = [];
			for (const file of await pendingMigrations(connection, directory)) {
				const text = readFileSync(`${directory}/${file}`, 'utf8');
				// One simple query runs as one implicit transaction: the file and its record commit
				// together, or neither does. File names are digits, letters, `_` and `-` only.
				await connection
					.unsafe(
						`${text};\nINSERT INTO schema_migrations (id, applied_at) VALUES ('${file}', ${Date.now()})`
					)
					.simple();
				ran.push(file);
			}
			return ran;
		} finally {
			await connection.unsafe(`SELECT pg_advisory_unlock(${LOCK})`);
		}
	} finally {
		connection.release();
	}
}
