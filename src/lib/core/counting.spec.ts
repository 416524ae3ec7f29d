import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBallots, countGroups, countsGroups, pollOutcome } from './counting.ts';
import { outcome } from './outcome.ts';
import type { Choice, PollKind, PollRules, Tally } from './poll.ts';

const rules = (kind: PollKind, overrides: Partial<PollRules> = {}): PollRules => ({
	kind,
	minChoices: 1,
	maxChoices: 3,
	scoreMax: 5,
	...overrides
});

/** `n` copies of one ballot, to write worked examples as "n voters said this". */
const times = <T extends Choice>(n: number, ballot: T): T[] =>
	Array.from({ length: n }, () => ballot);

/** Counts ranked ballots. */
const ranked = (optionIds: string[], ballots: string[][]): Tally =>
	countBallots(rules('ranked'), optionIds, ballots);

describe('countBallots: single, yes-no, multiple', () => {
	it('single: ballots per option, every option listed', () => {
		const tally = countBallots(rules('single'), ['a', 'b', 'c'], [['a'], ['c'], ['a']]);
		expect(tally).toEqual({ totals: { a: 2, b: 0, c: 1 }, turnout: 3 });
	});

	it('yes-no: ballots per option, abstentions counted in turnout', () => {
		const tally = countBallots(
			rules('yes-no'),
			['y', 'n', 'x'],
			[...times(3, ['y']), ['n'], ...times(2, ['x'])]
		);
		expect(tally).toEqual({ totals: { y: 3, n: 1, x: 2 }, turnout: 6 });
	});

	it('multiple: approvals per option add up to more than the turnout', () => {
		const tally = countBallots(
			rules('multiple'),
			['a', 'b', 'c'],
			[['a', 'b'], ['a', 'c'], ['a'], ['b'], ['c']]
		);
		expect(tally).toEqual({ totals: { a: 3, b: 2, c: 2 }, turnout: 5 });
	});

	it('zero ballots: every option at zero', () => {
		expect(countBallots(rules('multiple'), ['a', 'b'], [])).toEqual({
			totals: { a: 0, b: 0 },
			turnout: 0
		});
	});
});

describe('countBallots: score', () => {
	it('sums the points per option', () => {
		const tally = countBallots(
			rules('score'),
			['a', 'b', 'c'],
			[
				{ a: 5, b: 3, c: 0 },
				{ a: 2, b: 4, c: 1 },
				{ a: 0, b: 5, c: 5 }
			]
		);
		expect(tally).toEqual({ totals: { a: 7, b: 12, c: 6 }, turnout: 3 });
	});
});

describe('countGroups: identical ballots counted together', () => {
	it('four groups count as the ballots they stand for', () => {
		const tally = countGroups(
			rules('single'),
			['a', 'b', 'c'],
			[
				{ choice: ['a'], count: 4_000 },
				{ choice: ['c'], count: 2_500 },
				{ choice: ['elsewhere'], count: 7 }
			]
		);
		expect(tally).toEqual({ totals: { a: 4_000, b: 0, c: 2_500 }, turnout: 6_507 });
	});

	it('score: points times the ballots that gave them', () => {
		const tally = countGroups(
			rules('score'),
			['a', 'b'],
			[
				{ choice: { a: 5, b: 1 }, count: 3 },
				{ choice: { a: 0, b: 4 }, count: 2 }
			]
		);
		expect(tally).toEqual({ totals: { a: 15, b: 11 }, turnout: 5 });
	});

	it('a ranked count needs every ballot in turn: groups are refused', () => {
		expect(countsGroups('ranked')).toBe(false);
		expect(() => countGroups(rules('ranked'), ['a'], [{ choice: ['a'], count: 1 }])).toThrow(
			/ranked/
		);
	});

	it('property: grouping any ballots by what they say changes no tally', () => {
		const ids = ['a', 'b', 'c', 'd'];
		const id = fc.constantFrom(...ids, 'elsewhere');
		const ballot: fc.Arbitrary<Choice> = fc.oneof(
			fc.array(id, { minLength: 1, maxLength: 3 }),
			fc.dictionary(id, fc.integer({ min: 0, max: 5 }), { maxKeys: 4 })
		);
		fc.assert(
			fc.property(
				fc.constantFrom<PollKind>('single', 'multiple', 'yes-no', 'score'),
				fc.integer({ min: 1, max: 3 }),
				fc.array(fc.tuple(ballot, fc.integer({ min: 1, max: 4 })), { maxLength: 30 }),
				fc.option(fc.stringMatching(/^[0-9a-f]{8}$/), { nil: null }),
				(kind, seats, cast, seed) => {
					const poll = rules(kind, { seats: kind === 'multiple' ? seats : 1 });
					const ballots = cast.flatMap(([choice, n]) => times(n, choice));
					const groups = new Map<string, { choice: Choice; count: number }>();
					for (const choice of ballots) {
						const key = JSON.stringify(choice);
						const group = groups.get(key) ?? { choice, count: 0 };
						group.count += 1;
						groups.set(key, group);
					}
					expect(countGroups(poll, ids, [...groups.values()], { seed })).toEqual(
						countBallots(poll, ids, ballots, { seed })
					);
				}
			)
		);
	});
});

describe('countBallots: ranked (instant runoff)', () => {
	it('Tennessee capital (Wikipedia, Instant-runoff voting): Knoxville wins in round 3', () => {
		const [M, N, C, K] = ['memphis', 'nashville', 'chattanooga', 'knoxville'];
		const tally = ranked(
			[M, N, C, K],
			[
				...times(42, [M, N, C, K]),
				...times(26, [N, C, K, M]),
				...times(15, [C, K, N, M]),
				...times(17, [K, C, N, M])
			]
		);
		expect(tally.turnout).toBe(100);
		expect(tally.totals).toEqual({ [M]: 42, [N]: 26, [C]: 15, [K]: 17 });
		expect(tally.rounds).toEqual([
			{ totals: { [M]: 42, [N]: 26, [C]: 15, [K]: 17 }, eliminated: [C], exhausted: 0 },
			{ totals: { [M]: 42, [N]: 26, [K]: 32 }, eliminated: [N], exhausted: 0 },
			{ totals: { [M]: 42, [K]: 58 }, eliminated: [], exhausted: 0 }
		]);
		expect(pollOutcome('ranked', [M, N, C, K], tally, 'simple', 0)).toEqual({
			winner: K,
			tie: [],
			quorumMet: true,
			majorityReached: true
		});
	});

	it('a first-round majority ends the count in one round', () => {
		const tally = ranked(['a', 'b', 'c'], [...times(3, ['a', 'b']), ['b'], ['c', 'a']]);
		expect(tally.rounds).toEqual([{ totals: { a: 3, b: 1, c: 1 }, eliminated: [], exhausted: 0 }]);
		expect(pollOutcome('ranked', ['a', 'b', 'c'], tally, 'absolute', 0).winner).toBe('a');
	});

	it('truncated ballots exhaust; the winner needs a majority of continuing ballots only', () => {
		const tally = ranked(
			['a', 'b', 'c'],
			[...times(6, ['a']), ...times(4, ['b']), ...times(2, ['c']), ['c', 'b']]
		);
		expect(tally.rounds).toEqual([
			{ totals: { a: 6, b: 4, c: 3 }, eliminated: ['c'], exhausted: 0 },
			// 6 of 13 ballots, but more than half of the 11 still continuing.
			{ totals: { a: 6, b: 5 }, eliminated: [], exhausted: 2 }
		]);
		expect(pollOutcome('ranked', ['a', 'b', 'c'], tally, 'two-thirds', 0)).toEqual({
			winner: 'a',
			tie: [],
			quorumMet: true,
			majorityReached: true
		});
	});

	it('backward tie-break: of two options tied for fewest, the one lower in the round before goes', () => {
		const tally = ranked(
			['a', 'b', 'c', 'd'],
			[
				...times(10, ['a']),
				...times(6, ['b', 'c']),
				...times(3, ['c', 'a']),
				...times(2, ['c', 'b']),
				['d', 'c'],
				['d', 'a']
			]
		);
		expect(tally.rounds).toEqual([
			{ totals: { a: 10, b: 6, c: 5, d: 2 }, eliminated: ['d'], exhausted: 0 },
			// b and c tie on 6; c had fewer in round 1, so c goes (eliminating b would elect c).
			{ totals: { a: 11, b: 6, c: 6 }, eliminated: ['c'], exhausted: 0 },
			{ totals: { a: 14, b: 8 }, eliminated: [], exhausted: 1 }
		]);
		expect(pollOutcome('ranked', ['a', 'b', 'c', 'd'], tally, 'simple', 0).winner).toBe('a');
	});

	it('options tied for fewest in every earlier round are eliminated together', () => {
		const tally = ranked(
			['a', 'b', 'c', 'd'],
			[...times(5, ['a']), ...times(4, ['b']), ['c', 'b'], ['d', 'b']]
		);
		expect(tally.rounds).toEqual([
			{ totals: { a: 5, b: 4, c: 1, d: 1 }, eliminated: ['c', 'd'], exhausted: 0 },
			{ totals: { a: 5, b: 6 }, eliminated: [], exhausted: 0 }
		]);
		expect(pollOutcome('ranked', ['a', 'b', 'c', 'd'], tally, 'simple', 0).winner).toBe('b');
	});

	it('options nobody ranked first go first, with every lower option that cannot catch up', () => {
		const tally = ranked(
			['a', 'b', 'c', 'd', 'e'],
			[...times(2, ['a']), ...times(2, ['b']), ['e', 'b']]
		);
		expect(tally.totals).toEqual({ a: 2, b: 2, c: 0, d: 0, e: 1 });
		expect(tally.rounds).toEqual([
			// c, d and e hold 1 together, fewer than a or b: they leave together.
			{ totals: { a: 2, b: 2, c: 0, d: 0, e: 1 }, eliminated: ['c', 'd', 'e'], exhausted: 0 },
			{ totals: { a: 2, b: 3 }, eliminated: [], exhausted: 0 }
		]);
		expect(pollOutcome('ranked', ['a', 'b', 'c', 'd', 'e'], tally, 'simple', 0).winner).toBe('b');
	});

	it('a tie among all remaining options ends the count without a winner', () => {
		const tally = ranked(
			['a', 'b', 'c'],
			[...times(3, ['a', 'b']), ...times(3, ['b', 'a']), ...times(2, ['c'])]
		);
		expect(tally.rounds).toEqual([
			{ totals: { a: 3, b: 3, c: 2 }, eliminated: ['c'], exhausted: 0 },
			{ totals: { a: 3, b: 3 }, eliminated: [], exhausted: 2 }
		]);
		expect(pollOutcome('ranked', ['a', 'b', 'c'], tally, 'simple', 0)).toEqual({
			winner: null,
			tie: ['a', 'b'],
			quorumMet: true,
			majorityReached: false
		});
	});

	it('zero ballots: one round of zeros, no elimination, no winner and no tie', () => {
		const tally = ranked(['a', 'b', 'c'], []);
		expect(tally).toEqual({
			totals: { a: 0, b: 0, c: 0 },
			turnout: 0,
			rounds: [{ totals: { a: 0, b: 0, c: 0 }, eliminated: [], exhausted: 0 }]
		});
		expect(pollOutcome('ranked', ['a', 'b', 'c'], tally, 'simple', 0)).toEqual({
			winner: null,
			tie: [],
			quorumMet: true,
			majorityReached: false
		});
	});

	it('property: every round accounts for every ballot; a winner holds a majority of continuing ballots', () => {
		const options = ['a', 'b', 'c', 'd', 'e'];
		const election = fc.integer({ min: 1, max: options.length }).chain((n) =>
			fc.tuple(
				fc.constant(options.slice(0, n)),
				fc.array(fc.shuffledSubarray(options.slice(0, n), { minLength: 1 }), {
					maxLength: 40
				})
			)
		);
		fc.assert(
			fc.property(
				election,
				fc.option(fc.stringMatching(/^[0-9a-f]{64}$/)),
				([optionIds, ballots], seed) => {
					const tally = countBallots(rules('ranked'), optionIds, ballots, { seed });
					const rounds = tally.rounds ?? [];
					expect(rounds.length).toBeGreaterThan(0);
					expect(tally.turnout).toBe(ballots.length);
					let previousExhausted = 0;
					for (const [index, round] of rounds.entries()) {
						const counted = Object.values(round.totals).reduce((sum, v) => sum + v, 0);
						expect(counted + round.exhausted).toBe(tally.turnout);
						expect(round.exhausted).toBeGreaterThanOrEqual(previousExhausted);
						previousExhausted = round.exhausted;
						// Only the final round eliminates nobody; eliminated options never come back.
						const final = index === rounds.length - 1;
						expect(round.eliminated.length === 0).toBe(final);
						if (!final) {
							const next = Object.keys(rounds[index + 1].totals);
							expect(next.length).toBeGreaterThan(0);
							for (const id of round.eliminated) expect(next).not.toContain(id);
						}
					}
					const last = rounds[rounds.length - 1];
					const result = pollOutcome('ranked', optionIds, tally, 'simple', 0);
					if (result.winner !== null) {
						expect(last.totals[result.winner] * 2).toBeGreaterThan(tally.turnout - last.exhausted);
					}
					// Any ballot at all leaves a winner or a tie, or while open, a tie left to the lot.
					if (ballots.length > 0) {
						const pending = (last.pendingLot ?? []).length > 1;
						expect(result.winner !== null || result.tie.length > 1 || pending).toBe(true);
						if (seed !== null) expect(pending).toBe(false);
					}
				}
			)
		);
	});
});

describe('pollOutcome: single and multiple', () => {
	it('single is exactly outcome()', () => {
		const ids = ['a', 'b', 'c'];
		const tally = countBallots(rules('single'), ids, [
			...times(5, ['a']),
			...times(3, ['b']),
			...times(4, ['c'])
		]);
		for (const majority of ['simple', 'absolute', 'two-thirds'] as const) {
			expect(pollOutcome('single', ids, tally, majority, 0)).toEqual(
				outcome(tally.totals, tally.turnout, majority, 0)
			);
		}
		expect(pollOutcome('single', ids, tally, 'simple', 0).winner).toBe('a');
		expect(pollOutcome('single', ids, tally, 'absolute', 0).winner).toBeNull();
	});

	it('multiple: absolute majority means more than half of the voters approve', () => {
		const ids = ['a', 'b', 'c'];
		// a is approved by 3 of 5 voters.
		const tally = countBallots(rules('multiple'), ids, [
			['a', 'b'],
			['a', 'c'],
			['a'],
			['b'],
			['c']
		]);
		expect(pollOutcome('multiple', ids, tally, 'absolute', 0)).toEqual({
			winner: 'a',
			tie: [],
			quorumMet: true,
			majorityReached: true
		});
		// 3 of 5 is less than two thirds.
		expect(pollOutcome('multiple', ids, tally, 'two-thirds', 0).winner).toBeNull();
	});

	it('multiple: the most approvals win a simple majority, but half of the voters is not absolute', () => {
		const ids = ['a', 'b', 'c', 'd'];
		const tally = countBallots(rules('multiple'), ids, [
			['a', 'b'],
			['a'],
			['b', 'c'],
			['c'],
			['a'],
			['d']
		]);
		expect(tally.totals).toEqual({ a: 3, b: 2, c: 2, d: 1 });
		expect(pollOutcome('multiple', ids, tally, 'simple', 0).winner).toBe('a');
		expect(pollOutcome('multiple', ids, tally, 'absolute', 0)).toMatchObject({
			winner: null,
			majorityReached: false
		});
	});
});

describe('pollOutcome: yes-no', () => {
	const ids = ['y', 'n', 'x'];
	const vote = (yes: number, no: number, abstain: number) =>
		countBallots(rules('yes-no'), ids, [
			...times(yes, ['y']),
			...times(no, ['n']),
			...times(abstain, ['x'])
		]);

	it('abstentions count against an absolute majority but not against two thirds', () => {
		const tally = vote(6, 3, 5);
		expect(pollOutcome('yes-no', ids, tally, 'simple', 0)).toEqual({
			winner: 'y',
			tie: [],
			quorumMet: true,
			majorityReached: true
		});
		// 6 of 14 ballots is not more than half.
		expect(pollOutcome('yes-no', ids, tally, 'absolute', 0)).toMatchObject({
			winner: null,
			majorityReached: false
		});
		// 6 of 9 Yes-or-No is exactly two thirds.
		expect(pollOutcome('yes-no', ids, tally, 'two-thirds', 0).winner).toBe('y');
	});

	it('absolute passes with more than half of all ballots; two thirds fails just below', () => {
		expect(pollOutcome('yes-no', ids, vote(8, 3, 4), 'absolute', 0).winner).toBe('y');
		expect(pollOutcome('yes-no', ids, vote(8, 7, 0), 'absolute', 0).winner).toBe('y');
		expect(pollOutcome('yes-no', ids, vote(7, 7, 1), 'absolute', 0).winner).toBeNull();
		expect(pollOutcome('yes-no', ids, vote(19, 11, 0), 'two-thirds', 0).winner).toBeNull();
		expect(pollOutcome('yes-no', ids, vote(20, 10, 50), 'two-thirds', 0).winner).toBe('y');
	});

	it('more No than Yes rejects the motion under every rule', () => {
		for (const majority of ['simple', 'absolute', 'two-thirds'] as const) {
			expect(pollOutcome('yes-no', ids, vote(2, 5, 1), majority, 0)).toEqual({
				winner: null,
				tie: [],
				quorumMet: true,
				majorityReached: false
			});
		}
	});

	it('Yes equal to No is a tie and the motion fails', () => {
		for (const majority of ['simple', 'absolute', 'two-thirds'] as const) {
			expect(pollOutcome('yes-no', ids, vote(4, 4, 1), majority, 0)).toEqual({
				winner: null,
				tie: ['y', 'n'],
				quorumMet: true,
				majorityReached: false
			});
		}
	});

	it('only abstentions: nothing passes, no tie', () => {
		for (const majority of ['simple', 'absolute', 'two-thirds'] as const) {
			expect(pollOutcome('yes-no', ids, vote(0, 0, 5), majority, 0)).toEqual({
				winner: null,
				tie: [],
				quorumMet: true,
				majorityReached: false
			});
		}
	});
});

describe('pollOutcome: score', () => {
	const ids = ['a', 'b', 'c'];

	it('the highest total wins, whatever the majority rule', () => {
		const tally = countBallots(rules('score'), ids, [
			{ a: 5, b: 3, c: 0 },
			{ a: 2, b: 4, c: 1 },
			{ a: 0, b: 5, c: 5 }
		]);
		for (const majority of ['simple', 'absolute', 'two-thirds'] as const) {
			expect(pollOutcome('score', ids, tally, majority, 0)).toEqual({
				winner: 'b',
				tie: [],
				quorumMet: true,
				majorityReached: true
			});
		}
	});

	it('a shared highest total is a tie; all zeros decide nothing', () => {
		const tied = countBallots(rules('score'), ids, [
			{ a: 3, b: 1, c: 0 },
			{ a: 1, b: 3, c: 2 }
		]);
		expect(tied.totals).toEqual({ a: 4, b: 4, c: 2 });
		expect(pollOutcome('score', ids, tied, 'simple', 0)).toEqual({
			winner: null,
			tie: ['a', 'b'],
			quorumMet: true,
			majorityReached: false
		});
		const zeros = countBallots(rules('score'), ids, [{ a: 0, b: 0, c: 0 }]);
		expect(pollOutcome('score', ids, zeros, 'simple', 0)).toMatchObject({
			winner: null,
			tie: []
		});
	});
});

describe('pollOutcome: quorum', () => {
	// Three ballots that would elect `a` (Yes) under every kind.
	const cases: [PollKind, string[], Choice[]][] = [
		['single', ['a', 'b'], [['a'], ['a'], ['b']]],
		['multiple', ['a', 'b'], [['a'], ['a', 'b'], ['a']]],
		['yes-no', ['a', 'b', 'c'], [['a'], ['a'], ['c']]],
		[
			'ranked',
			['a', 'b'],
			[
				['a', 'b'],
				['a', 'b'],
				['b', 'a']
			]
		],
		[
			'score',
			['a', 'b'],
			[
				{ a: 3, b: 1 },
				{ a: 2, b: 2 },
				{ a: 0, b: 1 }
			]
		]
	];

	it.each(cases)('%s: below quorum nothing wins; at quorum it does', (kind, ids, ballots) => {
		const tally = countBallots(rules(kind), ids, ballots);
		expect(pollOutcome(kind, ids, tally, 'simple', 4)).toEqual({
			winner: null,
			tie: [],
			quorumMet: false,
			majorityReached: true
		});
		expect(pollOutcome(kind, ids, tally, 'simple', 3)).toMatchObject({
			winner: 'a',
			quorumMet: true
		});
	});
});
