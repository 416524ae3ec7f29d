/**
 * What each result bar on the projector shows: count, share, colour role, and whether the option
 * wins (or leads) or left an instant-runoff count. Pure, so the rules are tested apart from the
 * layout.
 */
import { pollOutcome } from '$lib/core/counting.ts';
import type { PollRules } from '$lib/core/poll.ts';
import { weightPercent } from '$lib/core/weights.ts';
import type { TopicMeta, TopicResults, TopicState } from '$lib/shared/documents.ts';

/** `yes`, `no`, `abstain` on a yes / no / abstain topic; `plain` elsewhere. */
export type Tone = 'yes' | 'no' | 'abstain' | 'plain';

export interface ProjectorRow {
	id: string;
	label: string;
	/** Ballots (ranked: in the final round, or when eliminated), or points (score). */
	count: number;
	/** Whole percent of the ballots the count is measured against (0 when there are none). */
	percent: number;
	/** Score topics: average points per ballot. */
	average: number | null;
	tone: Tone;
	/** The option the outcome names (it wins once closed, leads while open), or one elected. */
	winner: boolean;
	/** Ranked: the round in which the option left the count. */
	eliminatedIn: number | null;
	/** Weighted topics: the option's weight (exact decimal); the percent is then of the weight cast. */
	weight: string | null;
}

const TONES: Tone[] = ['yes', 'no', 'abstain'];

export function projectorRows(
	options: TopicMeta['options'],
	results: TopicResults,
	rules: PollRules,
	state: Pick<TopicState, 'majority' | 'quorum'>
): ProjectorRow[] {
	const kind = rules.kind;
	// Several seats: bars show first preferences (STV) or approvals; the elected are marked.
	const several = (results.seats ?? 1) > 1;
	const finalRound = kind === 'ranked' && !several ? results.rounds?.at(-1) : undefined;
	const leftAt = new Map<string, { round: number; votes: number }>();
	results.rounds?.forEach((round, index) => {
		for (const id of round.eliminated) {
			leftAt.set(id, { round: index + 1, votes: round.totals[id] ?? 0 });
		}
	});
	const decided =
		results.turnout > 0
			? pollOutcome(
					kind,
					options.map((option) => option.id),
					results,
					state.majority,
					state.quorum
				)
			: null;
	const named = new Set(decided?.elected ?? (decided?.winner ? [decided.winner] : []));
	return options.map((option, index) => {
		const left = finalRound ? leftAt.get(option.id) : undefined;
		const count = finalRound
			? (left?.votes ?? finalRound.totals[option.id] ?? 0)
			: (results.totals[option.id] ?? 0);
		// Ranked: the continuing ballots of the round the count is from.
		const base = finalRound
			? Object.values(left ? results.rounds![left.round - 1].totals : finalRound.totals).reduce(
					(sum, votes) => sum + votes,
					0
				)
			: kind === 'score'
				? results.turnout * rules.scoreMax
				: results.turnout;
		const weight = results.weight ? (results.weight.totals[option.id] ?? '0') : null;
		return {
			id: option.id,
			label: option.label,
			count,
			weight,
			percent:
				weight !== null
					? weightPercent(weight, results.weight!.turnout)
					: base > 0
						? Math.round((count / base) * 100)
						: 0,
			average: kind === 'score' && results.turnout > 0 ? count / results.turnout : null,
			tone: kind === 'yes-no' ? (TONES[index] ?? 'plain') : 'plain',
			winner: named.has(option.id),
			eliminatedIn: left?.round ?? null
		};
	});
}

/** Options per column before the bars split into two columns. */
export const ROWS_PER_COLUMN = 10;

/** Up to this many options, each label sits above its bar, which then has the whole width. */
export const STACKED_UP_TO = 5;

/** How the bars are laid out: columns, rows per column, and labels above or beside the bars. */
export function barGrid(count: number) {
	const columns = count > ROWS_PER_COLUMN ? 2 : 1;
	return {
		columns,
		rows: Math.max(1, Math.ceil(count / columns)),
		stacked: count <= STACKED_UP_TO
	};
}
