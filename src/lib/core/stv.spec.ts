import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBallots } from './counting.ts';
import type { PollRules, Tally } from './poll.ts';
import { scottishStv } from './stv.ts';

const rules = (seats: number): PollRules => ({
	kind: 'ranked',
	minChoices: 1,
	maxChoices: 1,
	scoreMax: 5,
	seats
});

const times = (n: number, ballot: string[]): string[][] => Array.from({ length: n }, () => ballot);

const SEED = 'a'.repeat(64);

const stv = (optionIds: string[], ballots: string[][], seats: number, seed: string | null = SEED) =>
	countBallots(rules(seats), optionIds, ballots, { seed });

describe('single transferable vote (Scottish rules)', () => {
	it('the food election (Wikipedia, "Single transferable vote"): Chocolate, Oranges and Strawberries', () => {
		// 20 voters, 3 seats, Droop quota floor(20 / 4) + 1 = 6.
		const [O, P, C, S, H] = ['oranges', 'pears', 'chocolate', 'strawberries', 'hamburgers'];
		const tally = stv(
			[O, P, C, S, H],
			[...times(4, [O]), ...times(2, [P, O]), ...times(8, [C, S]), ...times(4, [C, H]), [S], [H]],
			3
		);
		expect(tally.quota).toBe(6);
		expect(tally.totals).toEqual({ [O]: 4, [P]: 2, [C]: 12, [S]: 1, [H]: 1 });
		expect(tally.rounds).toEqual([
			{
				totals: { [O]: 4, [P]: 2, [C]: 12, [S]: 1, [H]: 1 },
				eliminated: [],
				exhausted: 0,
				elected: [C]
			},
			// Chocolate's surplus of 6 moves at 6/12 = 0.5: 8 ballots to Strawberries, 4 to Hamburgers.
			{
				totals: { [O]: 4, [P]: 2, [C]: 6, [S]: 5, [H]: 3 },
				eliminated: [P],
				exhausted: 0,
				transfer: { from: C, kind: 'surplus', value: 0.5 }
			},
			// Pears excluded: both ballots go on to Oranges, who reaches the quota; Strawberries
			// then holds more than Hamburgers with no surplus pending, and takes the last seat
			// (Scottish rule 51; the article excludes Hamburgers first, with the same result).
			{
				totals: { [O]: 6, [C]: 6, [S]: 5, [H]: 3 },
				eliminated: [],
				exhausted: 0,
				elected: [O, S],
				transfer: { from: P, kind: 'exclusion' }
			}
		]);
		expect(tally.elected).toEqual([C, O, S]);
	});

	it('transfer values are cut to 5 decimal places, and what is cut off is non-transferable', () => {
		// 10 ballots, 3 seats: quota 3. A's surplus of 4 out of 7 moves at 4/7 = 0.571428..., cut
		// (not rounded) to 0.57142: B receives 7 x 0.57142 = 3.99994, and 0.00006 is lost. B is
		// elected; with one seat left D (2) holds at least C (1) and B's surplus (0.99994) together.
		const tally = stv(
			['a', 'b', 'c', 'd'],
			[...times(7, ['a', 'b']), ['c'], ...times(2, ['d'])],
			3
		);
		expect(tally.quota).toBe(3);
		expect(tally.rounds?.[1]).toEqual({
			totals: { a: 3, b: 3.99994, c: 1, d: 2 },
			eliminated: [],
			exhausted: 0.00006,
			transfer: { from: 'a', kind: 'surplus', value: 0.57142 },
			elected: ['b', 'd']
		});
		expect(tally.elected).toEqual(['a', 'b', 'd']);
	});

	it('a tie for exclusion goes to the stage before, then to the lot, which the seed fixes', () => {
		// 9 ballots, 2 seats: quota 4. After a's surplus (1 at 0.2) b and c are level at 2; in
		// stage 1 b had fewer (1 against 2), so b is excluded and c takes the last seat.
		const ballots = [...times(5, ['a', 'b']), ...times(1, ['b']), ...times(2, ['c']), ['d']];
		const tally = stv(['a', 'b', 'c', 'd'], ballots, 2);
		expect(tally.rounds?.[1].totals).toEqual({ a: 4, b: 2, c: 2, d: 1 });
		expect(tally.rounds?.[1].eliminated).toEqual(['d']);
		expect(tally.rounds?.[2].totals).toEqual({ a: 4, b: 2, c: 2 });
		expect(tally.rounds?.[2].eliminated).toEqual(['b']);
		expect(tally.elected).toEqual(['a', 'c']);
		expect(tally.lots).toBeUndefined();

		// Two options level at every stage: the lot decides, the same way for the same seed.
		const level = [...times(4, ['a']), ...times(2, ['b']), ...times(2, ['c'])];
		const open = stv(['a', 'b', 'c'], level, 2, null);
		expect(open.rounds?.at(-1)?.pendingLot).toEqual(['b', 'c']);
		expect(open.elected).toEqual(['a']);
		const closed = stv(['a', 'b', 'c'], level, 2);
		expect(closed.lots).toHaveLength(1);
		expect(closed.elected).toHaveLength(2);
		expect(stv(['a', 'b', 'c'], level, 2)).toEqual(closed);
	});

	it('property: seats filled, values never negative, every stage accounts for every ballot', () => {
		const options = ['a', 'b', 'c', 'd', 'e', 'f'];
		const election = fc
			.integer({ min: 2, max: options.length })
			.chain((n) =>
				fc.tuple(
					fc.constant(options.slice(0, n)),
					fc.array(fc.shuffledSubarray(options.slice(0, n), { minLength: 1 }), { maxLength: 40 }),
					fc.integer({ min: 2, max: 4 })
				)
			);
		fc.assert(
			fc.property(election, ([optionIds, ballots, seats]) => {
				const tally = stv(optionIds, ballots, seats);
				expect(tally.quota).toBe(Math.floor(ballots.length / (seats + 1)) + 1);
				expect(tally.elected).toHaveLength(Math.min(seats, optionIds.length));
				expect(new Set(tally.elected).size).toBe(tally.elected?.length);
				let exhausted = 0;
				for (const round of tally.rounds ?? []) {
					const values = Object.values(round.totals);
					for (const value of values) expect(value).toBeGreaterThanOrEqual(0);
					const held = values.reduce((sum, v) => sum + v, 0);
					// Values are exact to 5 decimals; the sum in floating point to about 1e-9.
					expect(held + round.exhausted).toBeCloseTo(ballots.length, 6);
					expect(round.exhausted).toBeGreaterThanOrEqual(exhausted - 1e-9);
					exhausted = round.exhausted;
					for (const id of round.eliminated) expect(tally.elected).not.toContain(id);
				}
			})
		);
	});

	it('property: with one seat, STV elects the instant-runoff winner where no lot is drawn', () => {
		const options = ['a', 'b', 'c', 'd', 'e'];
		const election = fc.integer({ min: 2, max: options.length }).chain((n) =>
			fc.tuple(
				fc.constant(options.slice(0, n)),
				fc.array(fc.shuffledSubarray(options.slice(0, n), { minLength: 1 }), {
					minLength: 1,
					maxLength: 40
				})
			)
		);
		fc.assert(
			fc.property(election, ([optionIds, ballots]) => {
				const irv: Tally = countBallots(rules(1), optionIds, ballots, { seed: SEED });
				const single = scottishStv(optionIds, ballots, 1, SEED);
				const last = irv.rounds!.at(-1)!;
				const continuing = ballots.length - last.exhausted;
				const winner = Object.keys(last.totals).find((id) => last.totals[id] * 2 > continuing);
				if (winner === undefined || irv.lots || single.lots.length > 0) return;
				expect(single.elected).toEqual([winner]);
			})
		);
	});
});
