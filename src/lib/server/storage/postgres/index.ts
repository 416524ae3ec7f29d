import { setTimeout as sleep } from 'node:timers/promises';
import { runAsync, type Engine, type UseCase } from '../port.ts';
import type { Stores } from '../store.ts';
import { createStores } from '../use-cases/stores.ts';
import { connect, migrate, pendingMigrations, type Sql } from './db.ts';
import { gatheringInserts } from './gathered-inserts.ts';
import { postgresPort } from './port.ts';

/**
 * Failures a transaction may meet only because another one ran beside it: run it again. Besides
 * deadlocks and serialization failures, a unique violation: a row that did not exist when the use
 * case read (a first OpenID sign-in, a meeting code) was committed by another transaction before
 * this one wrote it; run again, the use case reads it and decides anew.
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const ATTEMPTS = 8;

const retryable = (error: unknown) =>
	typeof error === 'object' &&
	error !== null &&
	RETRYABLE.has(String((error as { code?: unknown }).code));

/**
 * Runs use cases over PostgreSQL: each write in one transaction on a pooled connection (READ
 * COMMITTED, with the topics or meeting it changes locked first, so writers of one topic queue
 * however many instances share the database), run again from the start after a deadlock or a
 * serialization failure. A transaction's writes and independent reads go out without waiting
 * for one another (`SENT_AHEAD` and `together` in `../port.ts`), and its inserts of ballots and
 * audit entries go as one statement per table (`gathered-inserts.ts`): a vote batch takes a few
 * round trips and statements, not a few per ballot and topic. Reads run outside any
 * transaction, but for `snapshot`. Nothing runs before `ready` (the migrations) has settled.
 */
export function postgresEngine(
	sql: Sql,
	migrationsDirectory: string,
	ready: Promise<unknown>
): Engine {
	return {
		async write<R>(useCase: () => UseCase<R>): Promise<R> {
			await ready;
			for (let attempt = 1; ; attempt++) {
				try {
					return (await sql.begin((tx) => {
						const gathered = gatheringInserts(
							postgresPort(tx as unknown as Sql),
							tx as unknown as Sql
						);
						return runAsync(gathered.port, useCase(), { sendAhead: true, send: gathered.send });
					})) as R;
				} catch (error) {
					if (attempt >= ATTEMPTS || !retryable(error)) throw error;
					await sleep(Math.random() * 10 * attempt);
				}
			}
		},
		async read<R>(useCase: () => UseCase<R>): Promise<R> {
			await ready;
			return runAsync(postgresPort(sql), useCase());
		},
		async snapshot<R>(useCase: () => UseCase<R>): Promise<R> {
			await ready;
			return (await sql.begin('isolation level repeatable read read only', (tx) =>
				runAsync(postgresPort(tx as unknown as Sql), useCase())
			)) as R;
		},
		async pendingMigrations() {
			await ready;
			return pendingMigrations(sql, migrationsDirectory);
		},
		async forget() {
			// Old row versions are PostgreSQL's to reclaim (VACUUM); see docs/SECURITY.md.
		},
		async close() {
			await ready.catch(() => {});
			await sql.end({ timeout: 5 });
		}
	};
}

export interface PostgresStores {
	stores: Stores;
	/** Settles once the migrations are applied (under their lock); rejects when they fail. */
	ready: Promise<void>;
}

/**
 * The stores in PostgreSQL at `url`, with `poolSize` connections, migrating it first.
 * `auditPageSize`: audit entries the periodic check reads at once (`../audit-pages.ts`).
 */
export function createPostgresStores(
	url: string,
	migrationsDirectory: string,
	options: { poolSize?: number; auditPageSize?: number } = {}
): PostgresStores {
	const sql = connect(url, options.poolSize ?? 10);
	const ready = migrate(sql, migrationsDirectory).then(() => undefined);
	// Callers await `ready`; every store call does too, and fails with its error.
	ready.catch(() => {});
	const stores = createStores(postgresEngine(sql, migrationsDirectory, ready), {
		auditPageSize: options.auditPageSize
	});
	return { stores, ready };
}
