import type { Tally } from './poll.ts';
import type { TopicStatus } from './types.ts';

/**
 * Majority rules for a single-choice topic, applied to the votes cast:
 * - `simple`: the option with the most votes wins (a tie for first place decides nothing);
 * - `absolute`: more than half of the votes cast;
 * - `two-thirds`: at least two thirds of the votes cast.
 * The quorum is the minimum turnout for any result to stand.
 */
export type Majority = 'simple' | 'absolute' | 'two-thirds';
export const MAJORITIES: Majority[] = ['simple', 'absolute', 'two-thirds'];

/**
 * The result of a topic. `outcome()` decides single-choice topics; `pollOutcome()` in
 * `counting.ts` decides every poll kind with the same fields.
 */
export interface Outcome {
	/** The option that meets the majority rule, if one does and the quorum is met. */
	winner: string | null;
	/** Options sharing the most votes, when more than one does. */
	tie: string[];
	quorumMet: boolean;
	/** The leading option reaches the majority rule (regardless of quorum). */
	majorityReached: boolean;
}

export function outcome(
	totals: Record<string, number>,
	turnout: number,
	majority: Majority,
	quorum: number
): Outcome {
	const quorumMet = turnout >= quorum;
	const ranked = Object.entries(totals).sort((a, b) => b[1] - a[1]);
	const top = ranked[0]?.[1] ?? 0;
	const leaders = ranked.filter(([, votes]) => votes === top && top > 0).map(([id]) => id);
	const tie = leaders.length > 1 ? leaders : [];
	const leader = leaders.length === 1 ? leaders[0] : null;
	const majorityReached =
		leader !== null &&
		(majority === 'simple' ||
			(majority === 'absolute' && top * 2 > turnout) ||
			(majority === 'two-thirds' && top * 3 >= turnout * 2));
	return { winner: majorityReached && quorumMet ? leader : null, tie, quorumMet, majorityReached };
}

/**
 * Whether a topic's totals may be shown: always once it closed; while open only if the host did
 * not hide them (so early results cannot sway later voters).
 */
export function resultsVisible(topic: { status: TopicStatus; hideResults: boolean }): boolean {
	return !topic.hideResults || topic.status === 'closed';
}

/**
 * The part of a topic's results that may be shown now: all of it, or while the host hides them
 * only the turnout, marked `hidden` (totals and runoff rounds withheld).
 */
export function shownResults<T extends Tally>(
	topic: { status: TopicStatus; hideResults: boolean },
	results: T
): T & { hidden?: true } {
	if (resultsVisible(topic)) return results;
	return { ...results, totals: {}, rounds: undefined, hidden: true };
}
