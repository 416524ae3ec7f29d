import { describe, expect, it } from 'vitest';
import { pollOutcome } from './counting.ts';
import {
	countsWeight,
	countWeights,
	formatWeight,
	parseWeight,
	sumWeights,
	weightedOutcome,
	weightPercent,
	WEIGHT_MAX_UNITS,
	weightUnits
} from './weights.ts';

describe('parseWeight', () => {
	it('reads whole numbers and up to six decimals, with a point or a comma, as millionths', () => {
		expect(parseWeight('1')).toBe(1_000_000);
		expect(parseWeight('0.5')).toBe(500_000);
		expect(parseWeight('0,25')).toBe(250_000);
		expect(parseWeight(' 12.000001 ')).toBe(12_000_001);
		expect(parseWeight('1000000000')).toBe(WEIGHT_MAX_UNITS);
	});

	it('refuses zero, signs, exponents, separators, too many decimals and non-strings', () => {
		for (const bad of [
			'0',
			'0.000000',
			'-1',
			'+1',
			'1e3',
			'1.0000001',
			'1 000',
			'1.000.000',
			'.5',
			'5.',
			'',
			'abc',
			'1000000000.000001',
			'0x10',
			'Infinity',
			'NaN'
		]) {
			expect(parseWeight(bad), bad).toBeNull();
		}
		expect(parseWeight(1)).toBeNull();
		expect(parseWeight(null)).toBeNull();
	});
});

describe('formatWeight and sums', () => {
	it('writes millionths as decimals without trailing zeros, and reads them back', () => {
		expect(formatWeight(1_000_000)).toBe('1');
		expect(formatWeight(250_000)).toBe('0.25');
		expect(formatWeight(0)).toBe('0');
		expect(formatWeight(12_000_001n)).toBe('12.000001');
		for (const text of ['1', '0.25', '12.000001', '0', '20000000000000']) {
			expect(formatWeight(weightUnits(text))).toBe(text);
		}
	});

	it('sums exactly where floating point does not: 0.1 + 0.2 is 0.3', () => {
		expect(0.1 + 0.2).not.toBe(0.3);
		expect(formatWeight(sumWeights([parseWeight('0.1')!, parseWeight('0.2')!]))).toBe('0.3');
	});

	it('sums 20,000 of the largest weights beyond the safe integers, exactly', () => {
		const sum = sumWeights(Array.from({ length: 20_000 }, () => WEIGHT_MAX_UNITS));
		expect(sum > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(formatWeight(sum)).toBe('20000000000000');
	});
});

describe('countWeights', () => {
	it('sums the weights per option and of every ballot, abstentions included', () => {
		const tally = countWeights(
			['y', 'n', 'a'],
			[
				{ choice: ['y'], weight: 500_000 },
				{ choice: ['n'], weight: 250_000 },
				{ choice: ['a'], weight: 250_000 }
			]
		);
		expect(tally).toEqual({ totals: { y: '0.5', n: '0.25', a: '0.25' }, turnout: '1' });
	});

	it('multiple: each approved option gets the whole weight', () => {
		const tally = countWeights(
			['a', 'b'],
			[
				{ choice: ['a', 'b'], weight: 1_500_000 },
				{ choice: ['b'], weight: 1_000_000 }
			]
		);
		expect(tally).toEqual({ totals: { a: '1.5', b: '2.5' }, turnout: '2.5' });
	});
});

describe('weightedOutcome: three members weighing 0.5, 0.25 and 0.25', () => {
	const yesNo = ['yes', 'no', 'abstain'];
	const count = (ballots: [string, number][]) =>
		countWeights(
			yesNo,
			ballots.map(([id, weight]) => ({ choice: [id], weight }))
		);

	it('simple: 0.5 against 0.25 + 0.25 is a tie, not a pass, though two heads say No', () => {
		const result = weightedOutcome(
			'yes-no',
			yesNo,
			count([
				['yes', 500_000],
				['no', 250_000],
				['no', 250_000]
			]),
			'simple',
			0
		);
		expect(result).toMatchObject({ winner: null, majorityReached: false, tie: ['yes', 'no'] });
	});

	it('absolute: exactly half the weight is not more than half', () => {
		const half = count([
			['yes', 500_000],
			['abstain', 250_000],
			['no', 250_000]
		]);
		expect(weightedOutcome('yes-no', yesNo, half, 'absolute', 0).winner).toBeNull();
		const more = count([
			['yes', 500_000],
			['yes', 250_000],
			['no', 250_000]
		]);
		expect(weightedOutcome('yes-no', yesNo, more, 'absolute', 0).winner).toBe('yes');
	});

	it('two thirds: 0.5 of 0.75 (Yes + No) is exactly two thirds and passes', () => {
		const result = weightedOutcome(
			'yes-no',
			yesNo,
			count([
				['yes', 500_000],
				['no', 250_000],
				['abstain', 250_000]
			]),
			'two-thirds',
			0
		);
		expect(result.winner).toBe('yes');
	});

	it('the quorum is a weight: 1 is met only when all three vote', () => {
		const two = count([
			['yes', 500_000],
			['yes', 250_000]
		]);
		expect(weightedOutcome('yes-no', yesNo, two, 'simple', 1)).toMatchObject({
			quorumMet: false,
			winner: null,
			majorityReached: true
		});
		const all = count([
			['yes', 500_000],
			['yes', 250_000],
			['no', 250_000]
		]);
		expect(weightedOutcome('yes-no', yesNo, all, 'simple', 1)).toMatchObject({
			quorumMet: true,
			winner: 'yes'
		});
	});

	it('single: the heaviest option wins though fewer heads chose it', () => {
		const ids = ['a', 'b'];
		const weight = countWeights(ids, [
			{ choice: ['a'], weight: 500_000 },
			{ choice: ['b'], weight: 250_000 },
			{ choice: ['b'], weight: 240_000 }
		]);
		const tally = { totals: { a: 1, b: 2 }, turnout: 3, weight };
		expect(pollOutcome('single', ids, tally, 'simple', 0).winner).toBe('a');
		expect(pollOutcome('single', ids, tally, 'absolute', 0).winner).toBe('a');
		expect(
			pollOutcome('single', ids, { totals: tally.totals, turnout: 3 }, 'simple', 0).winner
		).toBe('b');
	});
});

describe('countsWeight', () => {
	it('single, yes-no and one-seat multiple count weight; ranked, score and seats count heads', () => {
		expect(countsWeight({ kind: 'single' })).toBe(true);
		expect(countsWeight({ kind: 'yes-no' })).toBe(true);
		expect(countsWeight({ kind: 'multiple', seats: 1 })).toBe(true);
		expect(countsWeight({ kind: 'multiple', seats: 2 })).toBe(false);
		expect(countsWeight({ kind: 'ranked' })).toBe(false);
		expect(countsWeight({ kind: 'score' })).toBe(false);
	});
});

describe('weightPercent', () => {
	it('rounds the exact share half up, and is 0 of nothing', () => {
		expect(weightPercent('0.5', '1')).toBe(50);
		expect(weightPercent('1', '3')).toBe(33);
		expect(weightPercent('2', '3')).toBe(67);
		expect(weightPercent('0.005', '1')).toBe(1);
		expect(weightPercent(undefined, '1')).toBe(0);
		expect(weightPercent('0', '0')).toBe(0);
	});
});
