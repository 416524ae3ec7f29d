/**
 * Reads a test server's database from the outside, whichever engine it runs on: the SQLite file,
 * or with `TEST_STORE=postgres` the server's schema (`server.databasePath` is then its URL).
 * Statements use `?` placeholders, turned into `$1, $2…` for PostgreSQL.
 */
import Database from 'better-sqlite3';
import { connect } from '../../src/lib/server/storage/postgres/db.ts';
import { createPostgresStores } from '../../src/lib/server/storage/postgres/index.ts';
import { createSqliteStores } from '../../src/lib/server/storage/sqlite/index.ts';
import type { Stores } from '../../src/lib/server/storage/store.ts';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../server/compose.ts';

export const onPostgres = (databasePath: string) => /^postgres(ql)?:\/\//.test(databasePath);

export async function queryRows<T>(
	databasePath: string,
	statement: string,
	...params: unknown[]
): Promise<T[]> {
	if (onPostgres(databasePath)) {
		const sql = connect(databasePath, 1);
		try {
			let index = 0;
			const text = statement.replace(/\?/g, () => `$${++index}`);
			return (await sql.unsafe(text, params as never[])) as unknown as T[];
		} finally {
			await sql.end();
		}
	}
	const db = new Database(databasePath, { readonly: true });
	try {
		return db.prepare(statement).all(...params) as T[];
	} finally {
		db.close();
	}
}

/**
 * How many voters a topic's counted ballots belong to: rows in `votes`, or for a secret topic the
 * participations kept apart from its ballots (migration 0017).
 */
export async function countVoters(databasePath: string, topicId: string): Promise<number> {
	const [{ n }] = await queryRows<{ n: number }>(
		databasePath,
		`SELECT (SELECT COUNT(*) FROM votes WHERE topic_id = ?)
		   + (SELECT COUNT(*) FROM participations WHERE topic_id = ?) AS n`,
		topicId,
		topicId
	);
	return Number(n);
}

/**
 * Who the topic's stored votes belong to and the trackers they carry, from `votes` or, for a
 * secret topic, from its participations and ballots (which nothing stored pairs up).
 */
export async function storedVotes(databasePath: string, topicId: string) {
	const voters = await queryRows<{ user_id: string }>(
		databasePath,
		'SELECT user_id FROM votes WHERE topic_id = ? UNION ALL SELECT user_id FROM participations WHERE topic_id = ?',
		topicId,
		topicId
	);
	const trackers = await queryRows<{ tracker: string }>(
		databasePath,
		'SELECT tracker FROM votes WHERE topic_id = ? UNION ALL SELECT tracker FROM ballots WHERE topic_id = ?',
		topicId,
		topicId
	);
	return {
		voters: new Set(voters.map((row) => row.user_id)),
		trackers: new Set(trackers.map((row) => row.tracker)),
		count: voters.length
	};
}

/** The stores over the test server's database, as a second process would open them. */
export async function openTestStores(databasePath: string): Promise<Stores> {
	if (onPostgres(databasePath)) {
		const { stores, ready } = createPostgresStores(databasePath, POSTGRES_MIGRATIONS, {
			poolSize: 2
		});
		await ready;
		return stores;
	}
	return createSqliteStores(databasePath, SQLITE_MIGRATIONS);
}

/** Runs one writing statement on the test server's database. */
export async function execute(databasePath: string, statement: string, ...params: unknown[]) {
	if (onPostgres(databasePath)) {
		const sql = connect(databasePath, 1);
		try {
			let index = 0;
			await sql.unsafe(
				statement.replace(/\?/g, () => `$${++index}`),
				params as never[]
			);
		} finally {
			await sql.end();
		}
		return;
	}
	const db = new Database(databasePath);
	try {
		db.prepare(statement).run(...params);
	} finally {
		db.close();
	}
}

/** What an operator with the database can do: lift the append-only guard, then run `statement`. */
export async function tamper(databasePath: string, statement: string, ...params: unknown[]) {
	if (onPostgres(databasePath)) {
		await execute(databasePath, 'ALTER TABLE audit_log DISABLE TRIGGER USER');
	} else {
		const db = new Database(databasePath);
		try {
			db.exec(
				'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;'
			);
		} finally {
			db.close();
		}
	}
	await execute(databasePath, statement, ...params);
}
