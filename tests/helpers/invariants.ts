/**
 * The invariants Plenum promises, checked from the outside: the published results equal the rows
 * in `votes`, which equal a replay of the audit log, and nobody has two votes in one topic.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import type { ApiClient } from './api.ts';

export async function expectInvariants(databasePath: string, api: ApiClient, topicId: string) {
	const db = new Database(databasePath, { readonly: true });
	let stored: Record<string, number>;
	let duplicates: unknown[];
	try {
		stored = Object.fromEntries(
			(
				db
					.prepare(
						'SELECT option_id, COUNT(*) AS n FROM votes WHERE topic_id = ? GROUP BY option_id'
					)
					.all(topicId) as { option_id: string; n: number }[]
			).map((row) => [row.option_id, row.n])
		);
		duplicates = db
			.prepare('SELECT user_id FROM votes WHERE topic_id = ? GROUP BY user_id HAVING COUNT(*) > 1')
			.all(topicId);
	} finally {
		db.close();
	}
	const results = await api.results(topicId);
	const published = Object.fromEntries(Object.entries(results.totals).filter(([, n]) => n > 0));
	const chain = verifyChain(await api.audit(topicId));
	expect(chain.ok, JSON.stringify(chain)).toBe(true);
	expect(published).toEqual(stored);
	expect(chain.ok && chain.totals).toEqual(stored);
	expect(results.turnout).toBe(Object.values(stored).reduce((a, b) => a + b, 0));
	expect(duplicates).toEqual([]);
	return { totals: stored, turnout: results.turnout };
}
