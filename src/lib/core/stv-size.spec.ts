import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBallots } from './counting.ts';
import type { PollRules } from './poll.ts';

const rules: PollRules = { kind: 'ranked', minChoices: 1, maxChoices: 1, scoreMax: 5, seats: 3 };

describe('STV results stay small', () => {
	it('10 options, 3 seats, every stage: the published aggregate stays under 4 KB', () => {
		// Option ids as stored (10 characters), any rankings of 50 to 500 voters.
		const ids = Array.from({ length: 10 }, (_, i) => `opt${i}`.padEnd(10, 'x'));
		fc.assert(
			fc.property(
				fc.array(fc.shuffledSubarray(ids, { minLength: 1 }), { minLength: 50, maxLength: 500 }),
				(ballots) => {
					const tally = countBallots(rules, ids, ballots, { seed: 'b'.repeat(64) });
					// What the topic document's `results` holds (see server/publisher.ts).
					const { totals, turnout, rounds, seats, quota, elected } = tally;
					const published = { totals, turnout, rounds, seats, quota, elected, at: Date.now() };
					expect(JSON.stringify(published).length).toBeLessThan(4096);
				}
			),
			{ numRuns: 30 }
		);
	});
});
