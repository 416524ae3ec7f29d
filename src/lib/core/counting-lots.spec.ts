import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBallots, pollOutcome } from './counting.ts';
import { drawLot, lotOrder } from './lot.ts';
import type { PollRules } from './poll.ts';

const ranked: PollRules = { kind: 'ranked', minChoices: 1, maxChoices: 1, scoreMax: 5 };
const approval = (seats: number): PollRules => ({
	kind: 'multiple',
	minChoices: 1,
	maxChoices: seats,
	scoreMax: 5,
	seats
});
const seedOf = (n: number) => n.toString(16).padStart(64, '0');

describe('instant runoff: ties for last place', () => {
	// The case reported against the old count: Amira, Lena and Tomasz (1 each) were eliminated
	// together although together they hold 3 ballots against Jonas's 2.
	const [J, A, L, T] = ['jonas', 'amira', 'lena', 'tomasz'];
	const ballots = [[J], [J], [A, L], [L], [T, L]];

	it('never eliminates options together whose combined votes could overtake the next', () => {
		for (let n = 0; n < 12; n++) {
			const tally = countBallots(ranked, [J, A, L, T], ballots, { seed: seedOf(n) });
			expect(tally.rounds?.[0].eliminated).toHaveLength(1);
			expect(tally.rounds?.[0].lot).toEqual([A, L, T].sort());
			expect(tally.lots?.[0]).toEqual(drawLot(seedOf(n), 'round 1', [A, L, T]));
		}
	});

	it('Lena wins unless the lot removes her first; Jonas never wins on 2 of 5 with 3 exhausted', () => {
		const winners = new Map<string, string>();
		for (let n = 0; n < 40; n++) {
			const seed = seedOf(n);
			const tally = countBallots(ranked, [J, A, L, T], ballots, { seed });
			const first = lotOrder(seed, 'round 1', [A, L, T])[0];
			const result = pollOutcome('ranked', [J, A, L, T], tally, 'simple', 0);
			winners.set(first, result.winner ?? 'none');
			if (first !== L) {
				// Amira or Tomasz leaves; Lena gathers their ballots and wins 3 to 2.
				expect(result.winner).toBe(L);
				expect(tally.rounds?.at(-1)).toMatchObject({ totals: { [J]: 2, [L]: 3 }, exhausted: 0 });
			}
		}
		// Each of the three was drawn at least once in 40 seeds.
		expect([...winners.keys()].sort()).toEqual([A, L, T].sort());
	});

	it('while voting is open, the tie is left to the lot at close, and nobody is declared elected', () => {
		const tally = countBallots(ranked, [J, A, L, T], ballots);
		expect(tally.rounds).toEqual([
			{
				totals: { [J]: 2, [A]: 1, [L]: 1, [T]: 1 },
				eliminated: [],
				exhausted: 0,
				pendingLot: [A, L, T]
			}
		]);
		expect(tally.lots).toBeUndefined();
		const result = pollOutcome('ranked', [J, A, L, T], tally, 'simple', 0);
		expect(result.winner).toBeNull();
	});

	it('a lot depends on the seed, the label and the tied options only, and orders all of them', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^[0-9a-f]{64}$/),
				fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 2, maxLength: 6 }),
				(seed, tied) => {
					const order = lotOrder(seed, 'round 3', tied);
					expect([...order].sort()).toEqual([...tied].sort());
					expect(lotOrder(seed, 'round 3', [...tied].reverse())).toEqual(order);
				}
			)
		);
		expect(lotOrder(seedOf(1), 'round 1', ['a', 'b', 'c', 'd'])).not.toEqual(
			lotOrder(seedOf(2), 'round 1', ['a', 'b', 'c', 'd'])
		);
	});
});

describe('approval electing several options', () => {
	it('elects the highest totals; a tie for the last seat goes to the lot at close', () => {
		const ids = ['a', 'b', 'c', 'd'];
		const ballots = [['a', 'b'], ['a', 'c'], ['a', 'd'], ['b'], ['c']];
		expect(countBallots(approval(3), ids, ballots)).toEqual({
			totals: { a: 3, b: 2, c: 2, d: 1 },
			turnout: 5,
			seats: 3,
			elected: ['a', 'b', 'c']
		});
		const open = countBallots(approval(2), ids, ballots);
		expect(open).toMatchObject({ elected: ['a'], pendingLot: ['b', 'c'] });
		const closed = countBallots(approval(2), ids, ballots, { seed: seedOf(7) });
		const draw = drawLot(seedOf(7), 'seats', ['b', 'c']);
		expect(closed).toMatchObject({ elected: ['a', draw.order[0]], lots: [draw] });
	});

	it('options nobody approved are never elected', () => {
		expect(countBallots(approval(3), ['a', 'b', 'c', 'd'], [['a'], ['b']]).elected).toEqual([
			'a',
			'b'
		]);
	});
});
