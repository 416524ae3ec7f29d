import { describe, expect, it } from 'vitest';
import {
	checkRollImport,
	formatInvitation,
	keepsDoor,
	keepsRoll,
	onRollAt,
	parseInvitation,
	parseRollEntry,
	ROLL_MAX
} from './roll-rules.ts';
import { eligibility } from './vote-rules.ts';
import type { Voter } from './types.ts';

describe('roll entries', () => {
	it('cleans a typed member and keeps empty optional fields as null', () => {
		expect(parseRollEntry({ name: '  Ann   Lee ', contact: ' ', memberNumber: '0042' })).toEqual({
			ok: true,
			entry: { name: 'Ann Lee', contact: null, memberNumber: '0042', weight: '1' }
		});
	});

	it('reads a weight exactly, keeps the fallback when none is given, and refuses a bad one', () => {
		expect(parseRollEntry({ name: 'Ann', weight: '0,250' })).toMatchObject({
			entry: { weight: '0.25' }
		});
		expect(parseRollEntry({ name: 'Ann', weight: '' }, '3.5')).toMatchObject({
			entry: { weight: '3.5' }
		});
		expect(parseRollEntry({ name: 'Ann', weight: 0.1 })).toMatchObject({
			entry: { weight: '0.1' }
		});
		for (const weight of ['0', '-2', '1e-7', 'x', 1e-7]) {
			expect(parseRollEntry({ name: 'Ann', weight })).toMatchObject({
				ok: false,
				code: 'roll-weight-invalid'
			});
		}
	});

	it('refuses a member without a name or with overlong fields', () => {
		expect(parseRollEntry({ name: ' ' })).toMatchObject({ ok: false, code: 'roll-name-missing' });
		expect(parseRollEntry(null)).toMatchObject({ ok: false, code: 'roll-name-missing' });
		expect(parseRollEntry({ name: 'x'.repeat(500) })).toMatchObject({
			ok: false,
			code: 'roll-name-too-long'
		});
		expect(parseRollEntry({ name: 'A', memberNumber: '9'.repeat(41) })).toMatchObject({
			ok: false,
			code: 'roll-number-too-long'
		});
	});

	it('refuses a whole import with every bad line, duplicates in the file or on the roll included', () => {
		const check = checkRollImport(
			[
				{ line: 2, raw: { name: 'Ann', memberNumber: '1' } },
				{ line: 3, raw: { name: 'Ben', memberNumber: '1' } },
				{ line: 4, raw: { name: '', memberNumber: '2' } },
				{ line: 5, raw: { name: 'Cy', memberNumber: '9' } }
			],
			new Set(['9']),
			0
		);
		expect(check).toMatchObject({
			ok: false,
			errors: [
				{ line: 3, code: 'roll-number-duplicate' },
				{ line: 4, code: 'roll-name-missing' },
				{ line: 5, code: 'roll-number-duplicate' }
			]
		});
	});

	it('refuses an empty import and one that outgrows the roll', () => {
		expect(checkRollImport([], new Set(), 0)).toMatchObject({
			ok: false,
			errors: [{ code: 'roll-csv-empty' }]
		});
		expect(checkRollImport([{ line: 1, raw: { name: 'A' } }], new Set(), ROLL_MAX)).toMatchObject({
			ok: false,
			errors: [{ code: 'roll-too-many' }]
		});
	});

	it('counts an entry on the roll between the version that added it and the one that removed it', () => {
		const entry = { addedVersion: 2, removedVersion: 5 };
		expect([1, 2, 4, 5, 6].map((v) => onRollAt(entry, v))).toEqual([
			false,
			true,
			true,
			false,
			false
		]);
		expect(onRollAt({ addedVersion: 1, removedVersion: null }, 99)).toBe(true);
	});

	it('lets hosts and co-hosts keep the roll, and door helpers check in only', () => {
		const meeting = { ownerId: 'host' };
		expect(keepsRoll(meeting, 'host', null)).toBe(true);
		expect(keepsRoll(meeting, 'co', 'cohost')).toBe(true);
		expect(keepsRoll(meeting, 'door', 'door')).toBe(false);
		expect(keepsDoor(meeting, 'door', 'door')).toBe(true);
		expect(keepsDoor(meeting, 'obs', 'observer')).toBe(false);
	});
});

describe('invitation codes', () => {
	it('reads codes forgivingly and refuses anything else', () => {
		const raw = 'K7QM2XDA9PRTHW4C';
		expect(formatInvitation(raw)).toBe('K7QM-2XDA-9PRT-HW4C');
		expect(parseInvitation(' k7qm-2xda 9prt-hw4c ')).toBe(raw);
		expect(parseInvitation('K7QM-2XDA-9PRT')).toBeNull();
		expect(parseInvitation('K7QM-2XDA-9PRT-HW40')).toBeNull();
		expect(parseInvitation(42)).toBeNull();
	});
});

describe('eligibility in a roll meeting', () => {
	const meeting = { id: 'm1', access: 'roll' as const };
	const topic = { meetingId: 'm1', rollVersion: 3 };
	const voter = (rollEntry: Voter['rollEntry'], guestOf: string | null = null): Voter => ({
		guestOf,
		role: null,
		rollEntry
	});

	it('refuses anyone not bound to an entry on the roll the topic opened with', () => {
		expect(eligibility(topic, meeting, voter(null))).toBe('not-eligible');
		expect(eligibility(topic, meeting, voter(null, 'm1'))).toBe('not-eligible');
		const late = { id: 'e', addedVersion: 4, removedVersion: null };
		expect(eligibility(topic, meeting, voter(late))).toBe('not-eligible');
		const gone = { id: 'e', addedVersion: 1, removedVersion: 2 };
		expect(eligibility(topic, meeting, voter(gone))).toBe('not-eligible');
	});

	it('lets a bound member vote, from an account or a guest device of the meeting', () => {
		const entry = { id: 'e', addedVersion: 1, removedVersion: 4 };
		expect(eligibility(topic, meeting, voter(entry))).toBeNull();
		expect(eligibility(topic, meeting, voter(entry, 'm1'))).toBeNull();
		expect(eligibility(topic, meeting, voter(entry, 'other'))).toBe('not-a-participant');
		expect(eligibility(topic, meeting, { ...voter(entry), role: 'observer' })).toBe('observer');
	});
});
