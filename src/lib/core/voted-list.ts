/**
 * "Who has voted, not what": the list a chair reads to call for the missing. Pure rules over
 * plain data. It names people and whether they voted, never what they chose, on secret topics
 * too, and it carries no times (a time beside a name could be matched with the audit log's
 * times, which sit beside choices). Only those who manage the topic get it (`managesTopic`).
 *
 * - Roll meetings: every member on the roll the topic opened with (the roll now while it is a
 *   draft), voted or not, with whether the door checked them in.
 * - Elsewhere there is no list of who may vote, so only who voted: accounts by username, guests
 *   by the display name they typed.
 */
import { onRollAt, type RollEntry } from './roll-rules.ts';

/** Why the list was refused (besides `topic-not-found`). */
export const VOTED_LIST_ERRORS = ['topic-not-found', 'voters-hosts-only'] as const;

export interface RollVoter {
	id: string;
	name: string;
	memberNumber: string | null;
	checkedIn: boolean;
	voted: boolean;
	/** Voted by proxy: the proxy's name on the roll. */
	byProxy?: string;
}

export interface Participant {
	name: string;
	guest: boolean;
}

export type VotedList =
	| {
			mode: 'roll';
			rollVersion: number;
			eligible: number;
			voted: number;
			/** Not voted first (whom the chair calls for), then voted; each by name. */
			members: RollVoter[];
	  }
	| {
			mode: 'participants';
			voted: number;
			/** Who voted, by name. */
			voters: Participant[];
	  };

const byName = (a: { name: string }, b: { name: string }) =>
	a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) ||
	(a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The roll list: the entries on the roll at `version`, each marked voted when a counted ballot
 * belongs to it (`votedEntryIds`).
 */
export function rollVotedList(
	entries: Pick<
		RollEntry,
		'id' | 'name' | 'memberNumber' | 'checkedInAt' | 'addedVersion' | 'removedVersion'
	>[],
	version: number,
	votedEntryIds: Iterable<string>,
	/** Ballots a proxy cast: the member's entry and the proxy's. */
	proxyCasts: { entryId: string; castBy: string }[] = []
): VotedList {
	const voted = new Set(votedEntryIds);
	const names = new Map(entries.map((entry) => [entry.id, entry.name]));
	const proxies = new Map(proxyCasts.map((c) => [c.entryId, names.get(c.castBy) ?? '']));
	const members = entries
		.filter((entry) => onRollAt(entry, version))
		.map((entry) => ({
			id: entry.id,
			name: entry.name,
			memberNumber: entry.memberNumber,
			checkedIn: entry.checkedInAt !== null,
			voted: voted.has(entry.id),
			...(proxies.has(entry.id) ? { byProxy: proxies.get(entry.id) } : {})
		}))
		.sort((a, b) => Number(a.voted) - Number(b.voted) || byName(a, b));
	return {
		mode: 'roll',
		rollVersion: version,
		eligible: members.length,
		voted: members.filter((member) => member.voted).length,
		members
	};
}

/** The list outside roll meetings: who voted, by name. */
export function participantVotedList(voters: Participant[]): VotedList {
	return { mode: 'participants', voted: voters.length, voters: [...voters].sort(byName) };
}
