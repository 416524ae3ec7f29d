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
	/** Topics electing several options: those elected (none below the quorum). */
	elected?: string[];
	/** While voting is open: options tied so that only the lot at close can separate them. */
	pendingLot?: string[];
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
const hasPaper = (results: object): results is { paper: import('./paper.ts').PaperTotals } =>
	'paper' in results && results.paper !== undefined && results.paper !== null;

export function shownResults<T extends Tally>(
	topic: { status: TopicStatus; hideResults: boolean },
	results: T
): T & { hidden?: true } {
	if (resultsVisible(topic)) return results;
	return {
		...results,
		totals: {},
		rounds: undefined,
		elected: undefined,
		pendingLot: undefined,
		lots: undefined,
		// Weighted topics: the weight cast, like the turnout, stays; the weight per option goes.
		...(results.weight ? { weight: { totals: {}, turnout: results.weight.turnout } } : {}),
		// How many paper ballots is part of the turnout, which stays shown; what they say is not.
		...(hasPaper(results) ? { paper: { ...results.paper, totals: {} } } : {}),
		hidden: true
	};
}

/**
 * When voters see a topic's live results: `before-voting` (always), `after-voting` (once they
 * have voted: the default) or `at-close` (nobody until voting closes). `at-close` is the host's
 * `hideResults`, which withholds the totals from everyone (see `shownResults`); `after-voting` is
 * a choice of the voter's own page only, since the totals are in the topic document every
 * viewer receives.
 */
export type ResultsVisibility = 'before-voting' | 'after-voting' | 'at-close';
export const RESULTS_VISIBILITIES: ResultsVisibility[] = [
	'before-voting',
	'after-voting',
	'at-close'
];

export interface VisibilityRules {
	hideResults: boolean;
	/** Voters see the live results before they vote. */
	resultsBeforeVoting: boolean;
}

/** A topic's visibility choice, from its two stored flags. */
export function resultsVisibility(topic: VisibilityRules): ResultsVisibility {
	if (topic.hideResults) return 'at-close';
	return topic.resultsBeforeVoting ? 'before-voting' : 'after-voting';
}

/** The stored flags for a visibility choice. */
export function visibilityRules(visibility: ResultsVisibility): VisibilityRules {
	return {
		hideResults: visibility === 'at-close',
		resultsBeforeVoting: visibility === 'before-voting'
	};
}

/**
 * Whether one viewer's page shows a topic's totals now. Never what `resultsVisible` withholds;
 * otherwise always once closed, to the people who manage the topic and to those who cannot vote
 * on it (observers), and to a voter before they vote only where the topic allows it.
 */
export function viewerSeesResults(
	topic: VisibilityRules & { status: TopicStatus },
	viewer: { manages: boolean; mayVote: boolean; hasVoted: boolean }
): boolean {
	if (!resultsVisible(topic)) return false;
	if (topic.status === 'closed' || viewer.manages || !viewer.mayVote) return true;
	return topic.resultsBeforeVoting || viewer.hasVoted;
}
