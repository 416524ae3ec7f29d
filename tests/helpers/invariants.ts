/**
 * The invariants Plenum promises, checked from the outside: the published results equal a count of
 * the rows in `votes` and `paper_ballots`, which equals a replay of the audit log, and nobody has
 * two votes in one topic.
 */
import { expect } from 'vitest';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import { countBallots } from '../../src/lib/core/counting.ts';
import { paperBallots } from '../../src/lib/core/paper.ts';
import type { Choice, PollRules } from '../../src/lib/core/poll.ts';
import type { ApiClient } from './api.ts';
import { queryRows } from './database.ts';

export async function expectInvariants(databasePath: string, api: ApiClient, topicId: string) {
	const [topic] = await queryRows<{
		kind: PollRules['kind'];
		min_choices: number;
		max_choices: number;
		score_max: number;
	}>(databasePath, 'SELECT * FROM topics WHERE id = ?', topicId);
	const optionIds = (
		await queryRows<{ id: string }>(
			databasePath,
			'SELECT id FROM options WHERE topic_id = ? ORDER BY position',
			topicId
		)
	).map((row) => row.id);
	const ballots = (
		await queryRows<{ choice: string }>(
			databasePath,
			'SELECT choice FROM votes WHERE topic_id = ? UNION ALL SELECT choice FROM ballots WHERE topic_id = ?',
			topicId,
			topicId
		)
	).map((row) => JSON.parse(row.choice) as Choice);
	const paper = await queryRows<{ ballots: number; counts: string }>(
		databasePath,
		'SELECT ballots, counts FROM paper_ballots WHERE topic_id = ?',
		topicId
	);
	for (const batch of paper) {
		ballots.push(...paperBallots({ ballots: batch.ballots, counts: JSON.parse(batch.counts) }));
	}
	const rules: PollRules = {
		kind: topic.kind,
		minChoices: topic.min_choices,
		maxChoices: topic.max_choices,
		scoreMax: topic.score_max
	};
	const tally = countBallots(rules, optionIds, ballots);
	const stored = Object.fromEntries(Object.entries(tally.totals).filter(([, n]) => n > 0));
	const storedTurnout = tally.turnout;
	const duplicates = await queryRows(
		databasePath,
		`SELECT user_id FROM (SELECT user_id FROM votes WHERE topic_id = ?
		   UNION ALL SELECT user_id FROM participations WHERE topic_id = ?) v
		 GROUP BY user_id HAVING COUNT(*) > 1`,
		topicId,
		topicId
	);
	// A secret topic keeps its ballots sealed until the close: its log counts them, and the
	// stored participations and ballots must agree in number.
	const [apart] = await queryRows<{ voters: number; ballots: number }>(
		databasePath,
		`SELECT (SELECT COUNT(*) FROM participations WHERE topic_id = ?) AS voters,
		   (SELECT COUNT(*) FROM ballots WHERE topic_id = ?) AS ballots`,
		topicId,
		topicId
	);
	expect(Number(apart.voters)).toBe(Number(apart.ballots));
	const results = await api.results(topicId);
	const published = Object.fromEntries(Object.entries(results.totals).filter(([, n]) => n > 0));
	const chain = verifyChain(await api.audit(topicId));
	expect(chain.ok, JSON.stringify(chain)).toBe(true);
	expect(published).toEqual(stored);
	const sealed = (chain.ok && chain.sealed) || 0;
	if (!sealed) expect(chain.ok && chain.totals).toEqual(stored);
	expect(results.turnout).toBe(storedTurnout);
	expect(chain.ok && chain.turnout + sealed).toBe(storedTurnout);
	expect(duplicates).toEqual([]);
	return { totals: stored, turnout: results.turnout };
}
