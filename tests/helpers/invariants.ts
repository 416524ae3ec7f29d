/**
 * The invariants Plenum promises, checked from the outside: the published results equal a count of
 * the rows in `votes`, which equals a replay of the audit log, and nobody has two votes in one topic.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import { countBallots } from '../../src/lib/core/counting.ts';
import type { Choice, PollRules } from '../../src/lib/core/poll.ts';
import type { ApiClient } from './api.ts';

export async function expectInvariants(databasePath: string, api: ApiClient, topicId: string) {
	const db = new Database(databasePath, { readonly: true });
	let stored: Record<string, number>;
	let storedTurnout: number;
	let duplicates: unknown[];
	try {
		const topic = db.prepare('SELECT * FROM topics WHERE id = ?').get(topicId) as {
			kind: PollRules['kind'];
			min_choices: number;
			max_choices: number;
			score_max: number;
		};
		const optionIds = db
			.prepare('SELECT id FROM options WHERE topic_id = ? ORDER BY position')
			.pluck()
			.all(topicId) as string[];
		const ballots = (
			db.prepare('SELECT choice FROM votes WHERE topic_id = ?').pluck().all(topicId) as string[]
		).map((text) => JSON.parse(text) as Choice);
		const rules: PollRules = {
			kind: topic.kind,
			minChoices: topic.min_choices,
			maxChoices: topic.max_choices,
			scoreMax: topic.score_max
		};
		const tally = countBallots(rules, optionIds, ballots);
		stored = Object.fromEntries(Object.entries(tally.totals).filter(([, n]) => n > 0));
		storedTurnout = tally.turnout;
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
	expect(results.turnout).toBe(storedTurnout);
	expect(chain.ok && chain.turnout).toBe(storedTurnout);
	expect(duplicates).toEqual([]);
	return { totals: stored, turnout: results.turnout };
}
