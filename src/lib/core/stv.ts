import { drawLot, type LotDraw } from './lot.ts';
import type { RunoffRound } from './poll.ts';
import { breakTieBackwards, groupRankings } from './rounds.ts';

/**
 * The single transferable vote as the Scottish Local Government Elections Order 2007 (SSI 2007/42,
 * schedule 1, rules 45 to 52) counts it:
 * - quota (rule 46): floor(valid ballots / (seats + 1)) + 1;
 * - an option whose votes reach the quota at the end of a stage is elected (rule 47); several at
 *   once in order of their votes;
 * - a surplus is transferred before any exclusion, the largest first (rule 49): every ballot the
 *   elected option holds goes to its next continuing preference at the transfer value
 *   surplus x (the ballot's value) / (the option's votes), to 5 decimal places with any remainder
 *   ignored (rule 48); ballots with no continuing preference are non-transferable;
 * - with no surplus to transfer, the option with the fewest votes is excluded, one per stage, and
 *   every ballot it holds moves on at the value it came with (rule 50);
 * - ties (equal surpluses, or equal fewest votes): the stage before where they differed decides
 *   (the most votes transfer first, the fewest are excluded), and where they never differed, the
 *   lot (rules 49(3), 50(3));
 * - when as many options continue as seats remain, they are elected; with one seat left, an option
 *   holding at least the votes of all other continuing options together with any surplus not yet
 *   transferred is elected (rule 51); no further transfer is made.
 * Values are kept as integers of 1/100,000 of a vote, so the arithmetic is exact.
 */

const UNIT = 100_000;

interface Parcel {
	ranking: string[];
	count: number;
	/** Value of each ballot in units of 1/100,000. */
	value: number;
	holder: string | null;
}

export interface StvCount {
	quota: number;
	elected: string[];
	rounds: RunoffRound[];
	lots: LotDraw[];
}

const votesOf = (units: number) => Number((units / UNIT).toFixed(5));

export function scottishStv(
	optionIds: string[],
	rankings: string[][],
	seats: number,
	seed: string | null
): StvCount {
	const known = new Set(optionIds);
	const valid = rankings.filter((ranking) => ranking.some((id) => known.has(id))).length;
	const quota = Math.floor(valid / (seats + 1)) + 1;
	const quotaUnits = quota * UNIT;
	const continuing = new Set(optionIds);
	const votes = new Map(optionIds.map((id) => [id, 0]));
	const elected: string[] = [];
	const unsettled: string[] = []; // elected options whose surplus is not transferred yet
	const rounds: RunoffRound[] = [];
	const lots: LotDraw[] = [];
	const next = (ranking: string[]) => ranking.find((id) => continuing.has(id)) ?? null;

	const parcels: Parcel[] = groupRankings(rankings).map(({ ranking, count }) => {
		const holder = next(ranking);
		if (holder) votes.set(holder, votes.get(holder)! + count * UNIT);
		return { ranking, count, value: UNIT, holder };
	});
	const units = (id: string) => votes.get(id)!;

	/** Moves every ballot `from` holds to its next continuing preference, at `valueOf` each. */
	function moveOn(from: string, valueOf: (parcel: Parcel) => number) {
		for (const parcel of parcels) {
			if (parcel.holder !== from) continue;
			parcel.value = valueOf(parcel);
			parcel.holder = next(parcel.ranking);
			if (parcel.holder)
				votes.set(parcel.holder, units(parcel.holder) + parcel.count * parcel.value);
		}
	}

	function snapshot(transfer?: RunoffRound['transfer']): RunoffRound {
		const totals: Record<string, number> = {};
		let held = 0;
		for (const id of optionIds) {
			if (continuing.has(id) || elected.includes(id)) totals[id] = votesOf(units(id));
			held += units(id);
		}
		const round: RunoffRound = {
			totals,
			eliminated: [],
			exhausted: votesOf(rankings.length * UNIT - held)
		};
		if (transfer) round.transfer = transfer;
		return round;
	}

	/** Separates tied options by the stages before, then by lot; null while the lot is pending. */
	function settleTie(tied: string[], keep: 'fewest' | 'most', round: RunoffRound): string | null {
		const left = breakTieBackwards(tied, rounds, keep);
		if (left.length === 1) return left[0];
		if (seed === null) {
			round.pendingLot = left;
			return null;
		}
		const draw = drawLot(seed, `stage ${rounds.length}`, left);
		lots.push(draw);
		round.lot = draw.tied;
		return draw.order[0];
	}

	let round = snapshot();
	for (;;) {
		rounds.push(round);
		const reached = [...continuing]
			.filter((id) => units(id) >= quotaUnits)
			.sort((a, b) => units(b) - units(a));
		for (const id of reached.slice(0, seats - elected.length)) {
			continuing.delete(id);
			elected.push(id);
			unsettled.push(id);
			(round.elected ??= []).push(id);
		}
		const vacancies = seats - elected.length;
		if (vacancies === 0 || continuing.size === 0) break;
		if (continuing.size <= vacancies) {
			// Rule 51(1): as many continuing options as seats left.
			for (const id of continuing) {
				elected.push(id);
				(round.elected ??= []).push(id);
			}
			continuing.clear();
			break;
		}
		const surplus = (id: string) => units(id) - quotaUnits;
		if (vacancies === 1) {
			// Rule 51(2): one option holds at least all the others and the surpluses together.
			const pending = unsettled.reduce((sum, id) => sum + Math.max(0, surplus(id)), 0);
			const all = [...continuing].reduce((sum, id) => sum + units(id), 0);
			const ahead = [...continuing].filter((id) => units(id) >= all - units(id) + pending);
			if (ahead.length === 1) {
				elected.push(ahead[0]);
				(round.elected ??= []).push(ahead[0]);
				continuing.delete(ahead[0]);
				break;
			}
		}
		const surpluses = unsettled.filter((id) => surplus(id) > 0);
		if (surpluses.length > 0) {
			const largest = Math.max(...surpluses.map(surplus));
			const from = settleTie(
				surpluses.filter((id) => surplus(id) === largest),
				'most',
				round
			);
			if (from === null) break;
			const total = units(from);
			const excess = surplus(from);
			unsettled.splice(unsettled.indexOf(from), 1);
			moveOn(from, (parcel) => Number((BigInt(excess) * BigInt(parcel.value)) / BigInt(total)));
			votes.set(from, quotaUnits);
			const value = votesOf(Number((BigInt(excess) * BigInt(UNIT)) / BigInt(total)));
			round = snapshot({ from, kind: 'surplus', value });
			continue;
		}
		unsettled.length = 0; // surpluses of exactly nothing
		const fewest = Math.min(...[...continuing].map(units));
		const out = settleTie(
			[...continuing].filter((id) => units(id) === fewest),
			'fewest',
			round
		);
		if (out === null) break;
		round.eliminated = [out];
		continuing.delete(out);
		moveOn(out, (parcel) => parcel.value);
		votes.set(out, 0);
		round = snapshot({ from: out, kind: 'exclusion' });
	}
	return { quota, elected, rounds, lots };
}
