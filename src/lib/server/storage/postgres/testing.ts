/**
 * PostgreSQL for tests: the server at `TEST_DATABASE_URL` (default: 127.0.0.1:5432, user postgres,
 * database test), a fresh schema per test file or run, dropped at the end. Without a server the
 * tests skip with a loud message; with CI=true they fail instead.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Sql } from './db.ts';

export const TEST_DATABASE_URL =
	process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether PostgreSQL answers; throws in CI when it does not, so a missing service is a failure. */
export async function postgresForTests(what: string): Promise<boolean> {
	const sql = postgres(TEST_DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`SELECT 1`;
		return true;
	} catch (error) {
		const message = `PostgreSQL at ${TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')} does not answer (${(error as Error).message})`;
		if (process.env.CI === 'true')
			throw new Error(`${message}: ${what} cannot run in CI without it`);
		console.warn(`\n!!! SKIPPED: ${what}. ${message}.\n`);
		return false;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

export interface TestSchema {
	name: string;
	/** `TEST_DATABASE_URL` with the schema as its search path. */
	url: string;
	drop(): Promise<void>;
}

/** A new, empty schema; `drop()` removes it with everything in it. */
export async function createTestSchema(prefix = 'plenum_test'): Promise<TestSchema> {
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE SCHEMA ${name}`);
	await admin.end();
	const url = new URL(TEST_DATABASE_URL);
	url.searchParams.set('search_path', name);
	return {
		name,
		url: url.href,
		async drop() {
			const again = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
			try {
				await again.unsafe(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
			} finally {
				await again.end();
			}
		}
	};
}

/** A statement as `recordingSql` saw it sent: its text (spaces folded) and its values. */
export interface Sent {
	text: string;
	values: unknown[];
}

/**
 * A stand-in for postgres.js that records each statement when it is sent: as postgres.js sends a
 * query once something awaits it (its `then`). Every statement is answered with no rows, but
 * those `refuse` gives an error for, which fail with it. `sql(...)` and `sql.json(...)` helpers
 * are kept as values, as given.
 */
export function recordingSql(sent: Sent[], refuse?: (text: string) => unknown): Sql {
	const query = (text: string, values: unknown[]) => ({
		then(resolve: (rows: unknown[]) => void, reject: (error: unknown) => void) {
			const folded = text.replace(/\s+/g, ' ').trim();
			sent.push({ text: folded, values });
			const error = refuse?.(folded);
			if (error) reject(error);
			else resolve([]);
		}
	});
	const sql = (first: unknown, ...values: unknown[]) =>
		Array.isArray(first) && 'raw' in first
			? query(first.join('$'), values)
			: { helper: first, values };
	return Object.assign(sql, {
		unsafe: (text: string, values: unknown[] = []) => query(text, values),
		json: (value: unknown) => value
	}) as unknown as Sql;
}

/** A secret ballot as a vote batch inserts it, for the specs of the port over a stand-in. */
export const sampleBallot = (tracker: string) => ({
	tracker,
	topicId: 't1',
	optionId: 'o1',
	choice: '["o1"]',
	weight: null,
	participationId: null,
	published: false
});
