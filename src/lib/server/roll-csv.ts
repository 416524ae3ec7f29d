/**
 * Reads a roll import (CSV) into rows for `checkRollImport`: name, then optionally an e-mail or
 * username, a member number and a weight (`weight`/`Gewicht`; exact decimals, point or comma). A first line naming the columns (in English or German) sets their
 * order; without one the columns are taken in that order. Commas, semicolons (spreadsheets in
 * German) or tabs separate fields, told from the first line. Parsing is `csv-parse`'s; a file it
 * cannot read is refused at the line where it stopped.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { rollInputMessages, type RollRowError } from '../core/roll-rules.ts';
import type { RollRow } from './storage/roll-store.ts';

/** Largest file accepted (about 20,000 members with long names). */
export const ROLL_CSV_MAX_BYTES = 4 * 1024 * 1024;

type Column = 'name' | 'contact' | 'memberNumber' | 'weight';

const HEADERS: Record<string, Column> = {
	name: 'name',
	'full name': 'name',
	member: 'name',
	mitglied: 'name',
	email: 'contact',
	'e-mail': 'contact',
	mail: 'contact',
	username: 'contact',
	'user name': 'contact',
	contact: 'contact',
	benutzername: 'contact',
	kontakt: 'contact',
	number: 'memberNumber',
	'member number': 'memberNumber',
	member_number: 'memberNumber',
	'member no': 'memberNumber',
	'member no.': 'memberNumber',
	no: 'memberNumber',
	'no.': 'memberNumber',
	nr: 'memberNumber',
	'nr.': 'memberNumber',
	mitgliedsnummer: 'memberNumber',
	'mitglieds-nr.': 'memberNumber',
	'mitglieds-nr': 'memberNumber',
	weight: 'weight',
	gewicht: 'weight',
	shares: 'weight',
	anteile: 'weight'
};

const POSITIONAL: Column[] = ['name', 'contact', 'memberNumber', 'weight'];

function delimiterOf(text: string): string {
	const first = text.split('\n', 1)[0];
	if (first.includes('\t')) return '\t';
	if (first.includes(';') && !first.includes(',')) return ';';
	return ',';
}

export type RollCsv = { ok: true; rows: RollRow[] } | { ok: false; errors: RollRowError[] };

export function readRollCsv(text: string): RollCsv {
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(text, {
			bom: true,
			info: true,
			trim: true,
			skip_empty_lines: true,
			relax_column_count: true,
			delimiter: delimiterOf(text),
			max_record_size: 4096
		}) as unknown as { record: string[]; info: { lines: number } }[];
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		const line = typeof error.lines === 'number' ? error.lines : 1;
		return {
			ok: false,
			errors: [
				{ line, code: 'roll-csv-unreadable', message: rollInputMessages['roll-csv-unreadable'] }
			]
		};
	}
	let columns = POSITIONAL;
	const first = records[0]?.record.map((cell) => HEADERS[cell.toLowerCase()] ?? null);
	if (first && first.includes('name')) {
		columns = first as Column[];
		records = records.slice(1);
	}
	const rows = records.map(({ record, info }) => {
		const raw: Record<string, string> = {};
		columns.forEach((column, index) => {
			if (column && record[index] !== undefined) raw[column] = record[index];
		});
		return { line: info.lines, raw };
	});
	return { ok: true, rows };
}
