import { drawLot, type LotDraw } from './lot.ts';
import { outcome, type Majority, type Outcome } from './outcome.ts';
import type { Choice, PollKind, PollRules, RunoffRound, Tally } from './poll.ts';
import { breakTieBackwards, groupRankings } from './rounds.ts';
import { scottishStv } from './stv.ts';
import { countsWeight, weightedOutcome } from './weights.ts';

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
 *   all remaining options have the same number of votes (a tie). Otherwise the lowest options
 *   leave: together, the largest set of lowest options whose combined votes are fewer than the
 *   next option's (so none of them could overtake it, and leaving one by one would end the same
 *   way); else the single option with the fewest votes. If several share the fewest, the one
 *   with fewer votes in the most recent earlier round where they differed leaves (backward
 *   tie-breaking); if they were level in every earlier round, the lot decides (`lot.ts`: seeded
 *   by the hash of the topic's closing audit entry). While voting is open there is no seed: the
 *   provisional count stops at such a tie and marks it `pendingLot`.
 * - `ranked` with `seats` above 1: the single transferable vote under the Scottish rules
 *   (`stv.ts`), every stage recorded with its transfer; `quota` and `elected` in the tally.
 * - `multiple` with `seats` above 1: the `seats` highest approval totals are elected; options
 *   level at the last seat that do not all fit are separated by the same lot.
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
 * - Weighted topics (`tally.weight`, see `weights.ts`): the same rules on weight, the quorum a
 *   weight.
 * - Several seats (`ranked` or `multiple`): `elected` lists who the count elected, none below the
 *   quorum; the majority rule does not apply and `winner` stays null.
 */

/** What a count may know beyond the ballots. */
export interface CountContext {
	/**
	 * The seed of the lots (the hash of the topic's closing audit entry), once voting has closed;
	 * null while it is open: a tie only a lot can break is then reported as pending.
	 */
	seed?: string | null;
}

/** A distinct ballot and how many counted ballots say exactly that. */
export interface BallotGroup {
	choice: Choice;
	count: number;
}

/**
 * Whether a kind's count depends only on how many ballots say what (`countGroups`), not on each
 * ballot in turn: every kind but `ranked`, whose rounds follow each ballot's preferences.
 */
export const countsGroups = (kind: PollKind): boolean => kind !== 'ranked';

/**
 * Counts validated ballots; `optionIds` are the topic's options in display order, and every one of
 * them has a total (0 if no ballot names it). Ids that are not the topic's are ignored.
 */
export function countBallots(
	rules: PollRules,
	optionIds: string[],
	ballots: Choice[],
	{ seed = null }: CountContext = {}
): Tally {
	if (countsGroups(rules.kind)) {
		const groups = ballots.map((choice) => ({ choice, count: 1 }));
		return countGroups(rules, optionIds, groups, { seed });
	}
	const turnout = ballots.length;
	const seats = rules.seats ?? 1;
	const rankings = ballots.map((ballot) => (Array.isArray(ballot) ? ballot : []));
	if (seats > 1) {
		const count = scottishStv(optionIds, rankings, seats, seed);
		return {
			totals: { ...count.rounds[0].totals },
			turnout,
			rounds: count.rounds,
			seats,
			quota: count.quota,
			elected: count.elected,
			...(count.lots.length > 0 ? { lots: count.lots } : {})
		};
	}
	const { rounds, lots } = instantRunoff(optionIds, rankings, seed);
	return {
		totals: { ...rounds[0].totals },
		turnout,
		rounds,
		...(lots.length > 0 ? { lots } : {})
	};
}

/**
 * Counts ballots of a kind that `countsGroups`, given as groups of identical ballots: the tally
 * `countBallots` gives for the same ballots one by one, in work that grows with the number of
 * distinct ballots instead of the number cast (a hall of 10,000 voting on four options is four
 * groups at every tally write).
 */
export function countGroups(
	rules: PollRules,
	optionIds: string[],
	groups: BallotGroup[],
	{ seed = null }: CountContext = {}
): Tally {
	if (!countsGroups(rules.kind)) throw new Error(`a ${rules.kind} count needs every ballot`);
	const totals = zeros(optionIds);
	let turnout = 0;
	for (const { count } of groups) turnout += count;
	const seats = rules.seats ?? 1;
	if (rules.kind === 'score') {
		for (const { choice, count } of groups) {
			if (Array.isArray(choice)) continue;
			for (const [id, points] of Object.entries(choice)) {
				if (Object.hasOwn(totals, id)) totals[id] += points * count;
			}
		}
		return { totals, turnout };
	}
	for (const { choice, count } of groups) {
		if (!Array.isArray(choice)) continue;
		// One choice (every single and yes-no ballot) needs no set.
		if (choice.length === 1) {
			if (Object.hasOwn(totals, choice[0])) totals[choice[0]] += count;
			continue;
		}
		for (const id of new Set(choice)) if (Object.hasOwn(totals, id)) totals[id] += count;
	}
	if (rules.kind === 'multiple' && seats > 1) {
		return { totals, turnout, seats, ...highestTotals(optionIds, totals, seats, seed) };
	}
	return { totals, turnout };
}

/**
 * Approval electing `seats` options: the highest totals. Options level at the last seat's total
 * that do not all fit are separated by lot (once voting has closed; before, they are pending).
 */
function highestTotals(
	optionIds: string[],
	totals: Record<string, number>,
	seats: number,
	seed: string | null
): Pick<Tally, 'elected' | 'pendingLot' | 'lots'> {
	const order = [...optionIds].sort((a, b) => totals[b] - totals[a]);
	const candidates = order.filter((id) => totals[id] > 0);
	if (candidates.length <= seats) return { elected: candidates };
	const boundary = totals[candidates[seats - 1]];
	const sure = candidates.filter((id) => totals[id] > boundary);
	const level = candidates.filter((id) => totals[id] === boundary);
	if (sure.length + level.length <= seats) return { elected: [...sure, ...level] };
	if (seed === null) return { elected: sure, pendingLot: level };
	const draw = drawLot(seed, 'seats', level);
	return { elected: [...sure, ...draw.order.slice(0, seats - sure.length)], lots: [draw] };
}

/**
 * Runs the instant-runoff count. Always returns at least one round; the last one eliminates
 * nobody. Identical rankings are grouped so each round costs one pass over distinct rankings.
 */
function instantRunoff(
	optionIds: string[],
	rankings: string[][],
	seed: string | null
): { rounds: RunoffRound[]; lots: LotDraw[] } {
	const groups = groupRankings(rankings);
	const rounds: RunoffRound[] = [];
	const lots: LotDraw[] = [];
	let remaining = [...optionIds];
	for (;;) {
		// Each continuing ballot counts for its highest-ranked option still in the count.
		const totals = zeros(remaining);
		let exhausted = 0;
		for (const { ranking, count } of groups) {
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
			return { rounds, lots };
		}

		let lowest = safeBatch(remaining, totals);
		if (lowest.length === 0) {
			// One option leaves: the fewest votes, then the fewest in earlier rounds, then the lot.
			const tied = breakTieBackwards(
				remaining.filter((id) => totals[id] === fewest),
				rounds.slice(0, -1),
				'fewest'
			);
			if (tied.length === 1) lowest = tied;
			else if (seed === null) {
				round.pendingLot = tied;
				return { rounds, lots };
			} else {
				const draw = drawLot(seed, `round ${rounds.length}`, tied);
				lots.push(draw);
				round.lot = draw.tied;
				lowest = [draw.order[0]];
			}
		}
		round.eliminated = lowest;
		remaining = remaining.filter((id) => !lowest.includes(id));
	}
}

/**
 * The largest set of lowest options that may leave together: their combined votes are fewer than
 * the next option's, so transfers among them could never lift one of them past it, and
 * eliminating them one at a time would end the same way. At least two options stay. Empty when
 * the lowest options are tied and together not fewer than the next (then one leaves at a time).
 */
function safeBatch(remaining: string[], totals: Record<string, number>): string[] {
	const ascending = [...remaining].sort((a, b) => totals[a] - totals[b]);
	let best = 0;
	let sum = 0;
	for (let j = 1; j <= ascending.length - 2; j++) {
		sum += totals[ascending[j - 1]];
		if (sum < totals[ascending[j]]) best = j;
	}
	if (best === 0) return [];
	// In display order.
	const leaving = new Set(ascending.slice(0, best));
	return remaining.filter((id) => leaving.has(id));
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
	if (tally.weight && countsWeight({ kind, seats: tally.seats })) {
		return weightedOutcome(kind, optionIds, tally.weight, majority, quorum);
	}
	const quorumMet = tally.turnout >= quorum;
	if ((tally.seats ?? 1) > 1 && (kind === 'ranked' || kind === 'multiple')) {
		const elected = tally.elected ?? [];
		const pendingLot = tally.pendingLot ?? tally.rounds?.at(-1)?.pendingLot;
		return {
			winner: null,
			tie: [],
			quorumMet,
			majorityReached: elected.length > 0,
			elected: quorumMet ? elected : [],
			...(pendingLot ? { pendingLot } : {})
		};
	}
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
		majorityReached: leader !== null,
		...(final.pendingLot ? { pendingLot: final.pendingLot } : {})
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
