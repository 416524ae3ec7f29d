import { describe, expect, it } from 'vitest';
import { checkRollImport } from '../core/roll-rules.ts';
import { readRollCsv } from './roll-csv.ts';

const rows = (text: string) => {
	const csv = readRollCsv(text);
	if (!csv.ok) throw new Error(JSON.stringify(csv.errors));
	return csv.rows;
};

describe('roll CSV', () => {
	it('reads a header in any order, and German spreadsheets with semicolons and a BOM', () => {
		expect(rows('Member number,Name,Email\n7,Ann Lee,ann@x.org\n')).toEqual([
			{ line: 2, raw: { memberNumber: '7', name: 'Ann Lee', contact: 'ann@x.org' } }
		]);
		expect(rows('\uFEFFName;E-Mail;Mitgliedsnummer\r\n"Müller, Anna";a@x.de;0042\r\n')).toEqual([
			{ line: 2, raw: { name: 'Müller, Anna', contact: 'a@x.de', memberNumber: '0042' } }
		]);
	});

	it('takes columns in order without a header, skips blank lines and keeps line numbers', () => {
		expect(rows('Ann\n\nBen,ben@x.org\nCy,,12\n')).toEqual([
			{ line: 1, raw: { name: 'Ann' } },
			{ line: 3, raw: { name: 'Ben', contact: 'ben@x.org' } },
			{ line: 4, raw: { name: 'Cy', contact: '', memberNumber: '12' } }
		]);
	});

	it('names the line where the file stops being CSV', () => {
		expect(readRollCsv('name\nAnn\n"Ben\nCy\n')).toMatchObject({
			ok: false,
			errors: [{ line: 4, code: 'roll-csv-unreadable' }]
		});
	});

	it('refuses the whole file with every bad line', () => {
		const check = checkRollImport(rows('name,number\nAnn,1\n,2\nBen,1\n'), new Set(), 0);
		expect(check).toMatchObject({
			ok: false,
			errors: [
				{ line: 3, code: 'roll-name-missing' },
				{ line: 4, code: 'roll-number-duplicate' }
			]
		});
	});

	it('reads an optional weight column (weight or Gewicht, point or comma) and refuses bad weights by line', () => {
		const check = checkRollImport(rows('Name;Gewicht\nAnn;0,5\nBen;0.25\nCy;\n'), new Set(), 0);
		expect(check).toMatchObject({
			ok: true,
			entries: [
				{ name: 'Ann', weight: '0.5' },
				{ name: 'Ben', weight: '0.25' },
				{ name: 'Cy', weight: '1' }
			]
		});
		const bad = checkRollImport(rows('name,weight\nAnn,1e3\nBen,-1\nCy,0\nDee,2\n'), new Set(), 0);
		expect(bad).toMatchObject({
			ok: false,
			errors: [
				{ line: 2, code: 'roll-weight-invalid' },
				{ line: 3, code: 'roll-weight-invalid' },
				{ line: 4, code: 'roll-weight-invalid' }
			]
		});
	});
});
