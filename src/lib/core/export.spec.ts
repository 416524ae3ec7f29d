import { describe, expect, it } from 'vitest';
import { csvCell, resultRows, toCsv } from './export.ts';

describe('CSV export', () => {
	it('quotes cells and defuses formulas', () => {
		expect(csvCell('Plain')).toBe('"Plain"');
		expect(csvCell('Say "yes"')).toBe('"Say ""yes"""');
		expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
		expect(csvCell('-1')).toBe('"\'-1"');
		expect(csvCell(-1)).toBe('"-1"');
	});

	it('writes one row per option with its share of the turnout', () => {
		const rows = resultRows(
			{
				title: 'Lunch',
				status: 'closed',
				kind: 'single',
				scoreMax: 5,
				options: [
					{ id: 'a', label: 'Soup' },
					{ id: 'b', label: 'Salad' }
				]
			},
			{ turnout: 4, totals: { a: 3, b: 1 } }
		);
		expect(toCsv(rows)).toBe(
			'"topic","kind","status","option","measure","value","share","last_round","eliminated_in_round"\r\n' +
				'"Lunch","single","closed","Soup","ballots","3","0.7500","",""\r\n' +
				'"Lunch","single","closed","Salad","ballots","1","0.2500","",""\r\n'
		);
	});

	it('gives points as a share of the most possible, and where each option left a runoff', () => {
		const score = resultRows(
			{
				title: 'Venues',
				status: 'closed',
				kind: 'score',
				scoreMax: 5,
				options: [{ id: 'a', label: 'Hall' }]
			},
			{ turnout: 2, totals: { a: 7 } }
		);
		expect(score[0]).toMatchObject({ measure: 'points', value: 7, share: 0.7 });
		const ranked = resultRows(
			{
				title: 'Capital',
				status: 'closed',
				kind: 'ranked',
				scoreMax: 5,
				options: [
					{ id: 'm', label: 'Memphis' },
					{ id: 'c', label: 'Chattanooga' }
				]
			},
			{
				turnout: 3,
				totals: { m: 2, c: 1 },
				rounds: [
					{ totals: { m: 2, c: 1 }, eliminated: ['c'], exhausted: 0 },
					{ totals: { m: 2 }, eliminated: [], exhausted: 1 }
				]
			}
		);
		expect(ranked.map((row) => [row.measure, row.lastRound, row.eliminatedInRound])).toEqual([
			['first preferences', 2, null],
			['first preferences', 1, 1]
		]);
	});
});
