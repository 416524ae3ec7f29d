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
				options: [
					{ id: 'a', label: 'Soup' },
					{ id: 'b', label: 'Salad' }
				]
			},
			{ turnout: 4, totals: { a: 3, b: 1 } }
		);
		expect(toCsv(rows)).toBe(
			'"topic","status","option","votes","share"\r\n' +
				'"Lunch","closed","Soup","3","0.7500"\r\n' +
				'"Lunch","closed","Salad","1","0.2500"\r\n'
		);
	});
});
