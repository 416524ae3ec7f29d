import { describe, expect, it } from 'vitest';
import { outcome, resultsVisible, shownResults } from './outcome.ts';

describe('outcome', () => {
	it('simple majority: the most votes win, a tie for first decides nothing', () => {
		expect(outcome({ a: 5, b: 3, c: 4 }, 12, 'simple', 0)).toMatchObject({ winner: 'a', tie: [] });
		expect(outcome({ a: 4, b: 4, c: 1 }, 9, 'simple', 0)).toMatchObject({
			winner: null,
			tie: ['a', 'b'],
			majorityReached: false
		});
		expect(outcome({ a: 0, b: 0 }, 0, 'simple', 0)).toMatchObject({ winner: null, tie: [] });
	});

	it('absolute majority needs more than half of the votes cast', () => {
		expect(outcome({ a: 6, b: 5 }, 11, 'absolute', 0).winner).toBe('a');
		expect(outcome({ a: 5, b: 3, c: 2 }, 10, 'absolute', 0)).toMatchObject({
			winner: null,
			majorityReached: false
		});
	});

	it('two thirds: exactly two thirds is enough, less is not', () => {
		expect(outcome({ yes: 20, no: 10 }, 30, 'two-thirds', 0).winner).toBe('yes');
		expect(outcome({ yes: 19, no: 11 }, 30, 'two-thirds', 0).winner).toBeNull();
	});

	it('no result stands without quorum', () => {
		expect(outcome({ yes: 9, no: 1 }, 10, 'simple', 12)).toEqual({
			winner: null,
			tie: [],
			quorumMet: false,
			majorityReached: true
		});
		expect(outcome({ yes: 9, no: 3 }, 12, 'simple', 12).winner).toBe('yes');
	});
});

describe('resultsVisible', () => {
	it('hides totals of an open topic only when the host chose to', () => {
		expect(resultsVisible({ status: 'open', hideResults: false })).toBe(true);
		expect(resultsVisible({ status: 'open', hideResults: true })).toBe(false);
		expect(resultsVisible({ status: 'closed', hideResults: true })).toBe(true);
	});
});

describe('shownResults', () => {
	const results = {
		status: 'open' as const,
		turnout: 3,
		totals: { a: 2, b: 1 },
		rounds: [{ totals: { a: 2, b: 1 }, eliminated: [], exhausted: 0 }]
	};
	it('shows everything unless the host hides an open topic', () => {
		expect(shownResults({ status: 'open', hideResults: false }, results)).toBe(results);
		expect(shownResults({ status: 'closed', hideResults: true }, results)).toBe(results);
	});
	it('keeps only the turnout while hidden: no totals, no runoff rounds', () => {
		const shown = shownResults({ status: 'open', hideResults: true }, results);
		expect(JSON.parse(JSON.stringify(shown))).toEqual({
			status: 'open',
			turnout: 3,
			totals: {},
			hidden: true
		});
	});
});
