/**
 * The roll of a meeting: the people who may vote in a meeting whose access is `roll`. Pure rules
 * over plain data: what a roll entry may hold, whether someone is on the roll a topic opened with,
 * and who may keep the roll and the door. The store keeps the rows; these functions decide.
 *
 * Versions: every change to a roll (an entry added, edited or removed, an import) raises the
 * meeting's roll version by one, and each entry records the version that added it and the one
 * that removed it. A topic opened at version v counts as eligible exactly the entries on the roll
 * at v, so "eligible" means the same thing before and after later changes.
 */
import { CODE_ALPHABET } from './meeting-rules.ts';
import { cleanLine } from './topic-rules.ts';
import type { MemberRole } from './types.ts';
import { formatWeight, parseWeight, WEIGHT_MAX } from './weights.ts';

export const ROLL_NAME_MAX = 120;
export const ROLL_CONTACT_MAX = 200;
export const ROLL_NUMBER_MAX = 40;
/** Most entries one roll may hold (and one import may bring). */
export const ROLL_MAX = 20_000;
/** The longest OpenID group name a meeting can put on its roll. */
export const ROLL_GROUP_MAX = 200;

/** What a host types or imports for one member. */
export interface RollEntryInput {
	name: string;
	/** An e-mail address or a username, to tell people of the same name apart; optional. */
	contact: string | null;
	/** The organisation's own member number; unique within the roll when given. */
	memberNumber: string | null;
	/**
	 * The member's weight in weighted votes (shares, ownership fractions) as an exact decimal
	 * string ("1", "0.25"; see `weights.ts`); 1 unless the host gives another.
	 */
	weight: string;
}

export interface RollEntry extends RollEntryInput {
	id: string;
	meetingId: string;
	/** The roll version that added the entry, and the one that removed it (null: still on it). */
	addedVersion: number;
	removedVersion: number | null;
	/** When the door marked the member present (null: not checked in). */
	checkedInAt: number | null;
	/** Whether someone (an account or a device) holds a binding to this entry now. */
	bound: boolean;
	/** Whether an invitation not yet used is out for the entry. */
	invited: boolean;
}

/** Where the meeting's "present" comes from: open connections, or the door's check-in. */
export type PresentFrom = 'connections' | 'check-in';
export const PRESENT_FROM: readonly PresentFrom[] = ['connections', 'check-in'];

/** Why a roll entry (typed or imported) was refused. */
export const ROLL_INPUT_ERRORS = [
	'roll-name-missing',
	'roll-name-too-long',
	'roll-contact-too-long',
	'roll-number-too-long',
	'roll-number-duplicate',
	'roll-weight-invalid',
	'roll-too-many',
	'roll-csv-unreadable',
	'roll-csv-empty',
	'roll-group-too-long'
] as const;
export type RollInputError = (typeof ROLL_INPUT_ERRORS)[number];

/** Why the store refused a roll change, an invitation or a check-in. */
export const ROLL_CHANGE_ERRORS = [
	'roll-entry-not-found',
	'roll-not-allowed',
	'invitation-unknown',
	'invitation-used',
	'invitation-other-entry',
	'invitation-meeting-ended',
	'roll-weight-locked'
] as const;
export type RollChangeError = (typeof ROLL_CHANGE_ERRORS)[number];

export const rollInputMessages: Record<RollInputError, string> = {
	'roll-name-missing': 'Give the member’s name.',
	'roll-name-too-long': `Keep the name under ${ROLL_NAME_MAX} characters.`,
	'roll-contact-too-long': `Keep the e-mail or username under ${ROLL_CONTACT_MAX} characters.`,
	'roll-number-too-long': `Keep the member number under ${ROLL_NUMBER_MAX} characters.`,
	'roll-number-duplicate': 'Another member already has this member number.',
	'roll-weight-invalid': `Give the weight as a number above 0 and at most ${WEIGHT_MAX}, with at most 6 decimals (e.g. 0.25).`,
	'roll-too-many': `A roll holds at most ${ROLL_MAX} members.`,
	'roll-csv-unreadable': 'This line could not be read as CSV.',
	'roll-csv-empty': 'The file holds no members.',
	'roll-group-too-long': `Keep the group under ${ROLL_GROUP_MAX} characters.`
};

/**
 * The OpenID group a host typed for the roll: trimmed, compared exactly (case and all) with the
 * provider's group names; empty clears it.
 */
export function parseRollGroup(
	value: unknown
): { ok: true; group: string | null } | { ok: false; code: RollInputError; message: string } {
	const group = typeof value === 'string' ? cleanLine(value) : '';
	if (group.length > ROLL_GROUP_MAX) {
		const code = 'roll-group-too-long';
		return { ok: false, code, message: rollInputMessages[code] };
	}
	return { ok: true, group: group === '' ? null : group };
}

export type RollEntryCheck =
	{ ok: true; entry: RollEntryInput } | { ok: false; code: RollInputError; message: string };

const optional = (value: unknown) => {
	const clean = typeof value === 'string' ? cleanLine(value) : '';
	return clean === '' ? null : clean;
};

/**
 * Validates and normalises one member as typed or imported (untrusted input). A missing or empty
 * weight is `fallbackWeight` (1 for a new member, the current weight when editing).
 */
export function parseRollEntry(raw: unknown, fallbackWeight = '1'): RollEntryCheck {
	const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const fail = (code: RollInputError): RollEntryCheck => ({
		ok: false,
		code,
		message: rollInputMessages[code]
	});
	const name = typeof value.name === 'string' ? cleanLine(value.name) : '';
	if (name === '') return fail('roll-name-missing');
	if (name.length > ROLL_NAME_MAX) return fail('roll-name-too-long');
	const contact = optional(value.contact);
	if (contact !== null && contact.length > ROLL_CONTACT_MAX) return fail('roll-contact-too-long');
	const memberNumber = optional(value.memberNumber);
	if (memberNumber !== null && memberNumber.length > ROLL_NUMBER_MAX) {
		return fail('roll-number-too-long');
	}
	let weight = fallbackWeight;
	const rawWeight = typeof value.weight === 'number' ? String(value.weight) : value.weight;
	if (rawWeight !== undefined && rawWeight !== null && rawWeight !== '') {
		const units = parseWeight(rawWeight);
		if (units === null) return fail('roll-weight-invalid');
		weight = formatWeight(units);
	}
	return { ok: true, entry: { name, contact, memberNumber, weight } };
}

/** One refused line of an import: its line number in the file (1 is the first line). */
export interface RollRowError {
	line: number;
	code: RollInputError;
	message: string;
}

export type RollImportCheck =
	{ ok: true; entries: RollEntryInput[] } | { ok: false; errors: RollRowError[] };

/**
 * Checks a whole import: every row valid, no member number twice (in the file, or already on the
 * roll: `taken`), and the roll not grown beyond `ROLL_MAX`. Any error refuses the whole import,
 * so a roll is never half imported; every error is reported with its line.
 */
export function checkRollImport(
	rows: { line: number; raw: unknown }[],
	taken: ReadonlySet<string>,
	onRoll: number
): RollImportCheck {
	const errors: RollRowError[] = [];
	const entries: RollEntryInput[] = [];
	const seen = new Set(taken);
	for (const { line, raw } of rows) {
		const check = parseRollEntry(raw);
		if (!check.ok) {
			errors.push({ line, code: check.code, message: check.message });
			continue;
		}
		const number = check.entry.memberNumber;
		if (number !== null) {
			if (seen.has(number)) {
				const code = 'roll-number-duplicate';
				errors.push({ line, code, message: rollInputMessages[code] });
				continue;
			}
			seen.add(number);
		}
		entries.push(check.entry);
	}
	if (errors.length === 0 && entries.length === 0) {
		errors.push({ line: 1, code: 'roll-csv-empty', message: rollInputMessages['roll-csv-empty'] });
	}
	if (errors.length === 0 && onRoll + entries.length > ROLL_MAX) {
		errors.push({ line: 1, code: 'roll-too-many', message: rollInputMessages['roll-too-many'] });
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** Whether an entry was on the roll at `version` (a topic's, or the current one). */
export function onRollAt(
	entry: Pick<RollEntry, 'addedVersion' | 'removedVersion'>,
	version: number
): boolean {
	return (
		entry.addedVersion <= version &&
		(entry.removedVersion === null || entry.removedVersion > version)
	);
}

/** Who keeps the roll and issues invitations: whoever runs the meeting. */
export function keepsRoll(
	meeting: { ownerId: string },
	actorId: string,
	role: MemberRole | null
): boolean {
	return meeting.ownerId === actorId || role === 'cohost';
}

/** Who may check members in: whoever runs the meeting, and the door helpers. */
export function keepsDoor(
	meeting: { ownerId: string },
	actorId: string,
	role: MemberRole | null
): boolean {
	return keepsRoll(meeting, actorId, role) || role === 'door';
}

/** The electorate figures a topic shows: eligible, present (checked in), voted, roll version. */
export interface Electorate {
	/** Entries on the roll the topic opened with (the current roll while it is a draft). */
	eligible: number;
	/** Of those, checked in at the door now. */
	checkedIn: number;
	/** The roll version the topic opened with (the current one while it is a draft). */
	rollVersion: number;
	/**
	 * Weighted topics: the weight of the eligible roll as an exact decimal string (for a draft in
	 * a weighted meeting, the roll now). Absent: the topic counts heads only.
	 */
	eligibleWeight?: string;
	/**
	 * Meetings that take proxies: members whose vote a proxy carries now (`represented`), and of
	 * the topic's counted ballots those a proxy cast (`byProxy`, also in the turnout). Absent
	 * where the meeting takes no proxies.
	 */
	represented?: number;
	byProxy?: number;
	/**
	 * The meeting document only, in meetings that take proxies: how many changes the delegations
	 * have seen (each request, approval and end counts), so a member's page asks again who carries
	 * whom as soon as it moves instead of polling.
	 */
	delegationChanges?: number;
}

/**
 * Invitation codes: 16 characters from the join-code alphabet (about 79 bits), shown in groups of
 * four (`K7QM-2XDA-9PRT-HW4C`) to type, and carried whole in the personal link. Only their SHA-256
 * is stored. Typing is forgiving about case, spaces and dashes, as with join codes.
 */
export const INVITATION_LENGTH = 16;
const INVITATION = new RegExp(`^[${CODE_ALPHABET}]{${INVITATION_LENGTH}}$`);

export function formatInvitation(raw: string): string {
	return (raw.match(/.{1,4}/g) ?? []).join('-');
}

/** Reads a typed or linked invitation code as its compact form; null when it cannot be one. */
export function parseInvitation(input: unknown): string | null {
	if (typeof input !== 'string' || input.length > 64) return null;
	const compact = input.toUpperCase().replace(/[\s-]/g, '');
	return INVITATION.test(compact) ? compact : null;
}
