import { outcome, type Majority, type Outcome } from './outcome.ts';
import type { Choice, PollKind, PollRules, RunoffRound, Tally } from './poll.ts';

/**
 * Counting rules for every poll type. Pure: ballots in, aggregates out.
 *
 * Counting (`countBallots`), for ballots already checked by `validChoice`:
 * - `single`, `yes-no`, `multiple`: each option's total is the number of ballots naming it. With
 *   `multiple` a voter approves several options, so totals add up to more than the turnout.
 * - `score`: each option's total is the sum of the points it was given.
 * - `ranked`: totals are first preferences, and the instant-runoff rounds are recorded. In each
 *   round every continuing ballot counts for its highest-ranked option still in the count; a
 *   ballot naming no such option is exhausted and counts for nobody from then on. The count stops
 *   when an option has more than half of the continuing ballots, when one option remains, or when
 *   all remaining options have the same number of votes (a tie). Otherwise the option with the
 *   fewest votes is eliminated (options nobody ranked first are the lowest, with zero). If several
 *   share the fewest, the one with fewer votes in the most recent earlier round where they
 *   differed is eliminated (backward tie-breaking); if they were level in every earlier round,
 *   they are all eliminated together.
 *
 * Outcome (`pollOutcome`). The quorum is a minimum turnout (every ballot counts, abstentions
 * included); below it nothing wins, whatever the votes.
 * - `single`, `multiple`: the majority rule applies to the option with the most votes, measured
 *   against the ballots cast: `simple` the most votes, `absolute` more than half of the ballots,
 *   `two-thirds` at least two thirds of the ballots. For `multiple` that is the share of voters
 *   approving the option. A tie for first place decides nothing.
 * - `yes-no`: the motion passes with `simple` if Yes outnumbers No; with `absolute` if Yes is more
 *   than half of all ballots (so abstaining counts against); with `two-thirds` if Yes is at least
 *   two thirds of Yes plus No (abstentions left out) and at least one voter said Yes. The winner
 *   is then the Yes option. Equal Yes and No (above zero) is reported as a tie.
 * - `ranked`: the option holding more than half of the continuing ballots in the final round
 *   wins; instant runoff is itself a majority rule, so the chosen majority does not apply. Options
 *   left level at the end are reported as a tie.
 * - `score`: the highest total wins; the majority rule does not apply. A tie for first decides
 *   nothing.
 */

/**
 * Counts validated ballots; `optionIds` are the topic's options in display order, and every one of
 * them has a total (0 if no ballot names it). Ids that are not the topic's are ignored.
 */
export function countBallots(rules: PollRules, optionIds: string[], ballots: Choice[]): Tally {
	const totals = zeros(optionIds);
	const turnout = ballots.length;
	switch (rules.kind) {
		case 'single':
		case 'yes-no':
		case 'multiple':
			for (const ballot of ballots) {
				if (!Array.isArray(ballot)) continue;
				for (const id of new Set(ballot)) if (Object.hasOwn(totals, id)) totals[id] += 1;
			}
			return { totals, turnout };
		case 'score':
			for (const ballot of ballots) {
				if (Array.isArray(ballot)) continue;
				for (const [id, points] of Object.entries(ballot)) {
					if (Object.hasOwn(totals, id)) totals[id] += points;
				}
			}
			return { totals, turnout };
		case 'ranked': {
			const rounds = instantRunoff(
				optionIds,
				ballots.map((ballot) => (Array.isArray(ballot) ? ballot : []))
			);
			return { totals: { ...rounds[0].totals }, turnout, rounds };
		}
	}
}

/**
 * Runs the instant-runoff count. Always returns at least one round; the last one eliminates
 * nobody. Identical rankings are grouped so each round costs one pass over distinct rankings.
 */
function instantRunoff(optionIds: string[], rankings: string[][]): RunoffRound[] {
	const groups = new Map<string, { ranking: string[]; count: number }>();
	for (const ranking of rankings) {
		const key = ranking.join('\u0000');
		const group = groups.get(key);
		if (group) group.count += 1;
		else groups.set(key, { ranking, count: 1 });
	}

	const rounds: RunoffRound[] = [];
	let remaining = [...optionIds];
	for (;;) {
		// Each continuing ballot counts for its highest-ranked option still in the count.
		const totals = zeros(remaining);
		let exhausted = 0;
		for (const { ranking, count } of groups.values()) {
			const choice = ranking.find((id) => Object.hasOwn(totals, id));
			if (choice === undefined) exhausted += count;
			else totals[choice] += count;
		}
		const round: RunoffRound = { totals, eliminated: [], exhausted };
		rounds.push(round);

		const continuing = rankings.length - exhausted;
		const votes = remaining.map((id) => totals[id]);
		const fewest = Math.min(...votes);
		if (
			votes.some((v) => v * 2 > continuing) || // a majority of the continuing ballots
			remaining.length <= 1 || // nothing left to eliminate
			votes.every((v) => v === fewest) // all remaining options tie
		) {
			return rounds;
		}

		const lowest = breakTieBackwards(
			remaining.filter((id) => totals[id] === fewest),
			rounds.slice(0, -1)
		);
		// Never eliminate everything (cannot happen after the all-tie stop above, kept as a guard).
		if (lowest.length >= remaining.length) return rounds;
		round.eliminated = lowest;
		remaining = remaining.filter((id) => !lowest.includes(id));
	}
}

/**
 * Narrows options tied for fewest votes by looking back: in the most recent earlier round where
 * they differed, only those with the fewest votes stay candidates for elimination; repeated on
 * older rounds until one is left or the rounds run out. Returns the options to eliminate.
 */
function breakTieBackwards(tied: string[], earlier: RunoffRound[]): string[] {
	let candidates = tied;
	for (let i = earlier.length - 1; i >= 0 && candidates.length > 1; i--) {
		const { totals } = earlier[i];
		const fewest = Math.min(...candidates.map((id) => totals[id]));
		candidates = candidates.filter((id) => totals[id] === fewest);
	}
	return candidates;
}

/**
 * The result of a counted topic under its majority rule and quorum (see the rules above).
 * `optionIds` are the topic's options in display order (for `yes-no`: Yes, No, Abstain).
 */
export function pollOutcome(
	kind: PollKind,
	optionIds: string[],
	tally: Tally,
	majority: Majority,
	quorum: number
): Outcome {
	const quorumMet = tally.turnout >= quorum;
	switch (kind) {
		case 'single':
		case 'multiple':
			return outcome(tally.totals, tally.turnout, majority, quorum);
		case 'yes-no':
			return yesNoOutcome(optionIds, tally, majority, quorumMet);
		case 'ranked':
			return rankedOutcome(tally, quorumMet);
		case 'score':
			return leaderOutcome(tally.totals, quorumMet);
	}
}

function yesNoOutcome(
	optionIds: string[],
	tally: Tally,
	majority: Majority,
	quorumMet: boolean
): Outcome {
	const [yesId, noId] = optionIds;
	const yes = tally.totals[yesId] ?? 0;
	const no = tally.totals[noId] ?? 0;
	const passes =
		majority === 'simple'
			? yes > no
			: majority === 'absolute'
				? yes * 2 > tally.turnout
				: yes > 0 && yes * 3 >= (yes + no) * 2;
	return {
		winner: passes && quorumMet ? yesId : null,
		tie: yes === no && yes > 0 ? [yesId, noId] : [],
		quorumMet,
		majorityReached: passes
	};
}

function rankedOutcome(tally: Tally, quorumMet: boolean): Outcome {
	// Without recorded rounds, first preferences stand for the only round.
	const final = tally.rounds?.at(-1) ?? { totals: tally.totals, eliminated: [], exhausted: 0 };
	const continuing = tally.turnout - final.exhausted;
	const entries = Object.entries(final.totals);
	const leader = entries.find(([, votes]) => votes * 2 > continuing)?.[0] ?? null;
	const top = Math.max(0, ...entries.map(([, votes]) => votes));
	const level = entries.filter(([, votes]) => votes === top && top > 0).map(([id]) => id);
	return {
		winner: leader !== null && quorumMet ? leader : null,
		tie: leader === null && level.length > 1 ? level : [],
		quorumMet,
		majorityReached: leader !== null
	};
}

/** The single highest total wins (`score`); a shared first place is a tie. */
function leaderOutcome(totals: Record<string, number>, quorumMet: boolean): Outcome {
	const entries = Object.entries(totals);
	const top = Math.max(0, ...entries.map(([, total]) => total));
	const leaders = entries.filter(([, total]) => total === top && top > 0).map(([id]) => id);
	const leader = leaders.length === 1 ? leaders[0] : null;
	return {
		winner: leader !== null && quorumMet ? leader : null,
		tie: leaders.length > 1 ? leaders : [],
		quorumMet,
		majorityReached: leader !== null
	};
}

function zeros(ids: string[]): Record<string, number> {
	return Object.fromEntries(ids.map((id) => [id, 0]));
}
