import { describe, expect, it } from 'vitest';
import {
	outcome,
	resultsVisibility,
	resultsVisible,
	shownResults,
	viewerSeesResults,
	visibilityRules,
	RESULTS_VISIBILITIES
} from './outcome.ts';

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

describe('when a viewer sees the live results', () => {
	it('turns each visibility choice into its flags and back', () => {
		for (const visibility of RESULTS_VISIBILITIES) {
			expect(resultsVisibility(visibilityRules(visibility))).toBe(visibility);
		}
		expect(resultsVisibility({ hideResults: true, resultsBeforeVoting: true })).toBe('at-close');
	});

	const voter = { manages: false, mayVote: true, hasVoted: false };
	const sees = (
		visibility: 'before-voting' | 'after-voting' | 'at-close',
		status: 'draft' | 'open' | 'closed',
		viewer: Partial<typeof voter> = {}
	) => viewerSeesResults({ ...visibilityRules(visibility), status }, { ...voter, ...viewer });

	it('after voting (the default): a voter sees them once they voted, or once it closed', () => {
		expect(sees('after-voting', 'open')).toBe(false);
		expect(sees('after-voting', 'open', { hasVoted: true })).toBe(true);
		expect(sees('after-voting', 'closed')).toBe(true);
	});

	it('before voting: every voter sees them live', () => {
		expect(sees('before-voting', 'open')).toBe(true);
		expect(sees('before-voting', 'draft')).toBe(true);
	});

	it('at close: nobody sees them while open, hosts included, since the document has none', () => {
		expect(sees('at-close', 'open')).toBe(false);
		expect(sees('at-close', 'open', { hasVoted: true })).toBe(false);
		expect(sees('at-close', 'open', { manages: true })).toBe(false);
		expect(sees('at-close', 'closed')).toBe(true);
	});

	it('hosts and people who cannot vote (observers) see them whenever they exist', () => {
		expect(sees('after-voting', 'open', { manages: true })).toBe(true);
		expect(sees('after-voting', 'open', { mayVote: false })).toBe(true);
	});
});
