import type { LotDraw } from './lot.ts';
import type { WeightTally } from './weights.ts';

/**
 * Poll types: what a ballot may say for each kind of topic, and the shapes counting works on.
 *
 * - `single`: one option.
 * - `multiple`: between `minChoices` and `maxChoices` distinct options (approval style). With
 *   `seats` above 1 it elects that many options: the highest approval totals.
 * - `yes-no`: one of three fixed options, in order Yes, No, Abstain.
 * - `ranked`: distinct options in order of preference (at least one), counted by instant runoff;
 *   with `seats` above 1, by the single transferable vote (Scottish rules).
 * - `score`: points from 0 to `scoreMax` for every option.
 */
export type PollKind = 'single' | 'multiple' | 'yes-no' | 'ranked' | 'score';
export const POLL_KINDS: PollKind[] = ['single', 'multiple', 'yes-no', 'ranked', 'score'];

export interface PollRules {
	kind: PollKind;
	/** `multiple`: fewest options a ballot names (1 or more). */
	minChoices: number;
	/** `multiple`: most options a ballot names. */
	maxChoices: number;
	/** `score`: highest points per option (points run from 0). */
	scoreMax: number;
	/**
	 * `multiple` and `ranked`: how many options the topic elects (1 to `SEATS_LIMIT`). Rules
	 * stored before seats existed elect one, as does an absent value.
	 */
	seats?: number;
}

export const SEATS_LIMIT = 20;

/** A topic's poll type with its limits, and whether it is secret and votes may change. */
export interface PollSettings extends PollRules {
	/** Nobody sees who voted what (true); the hosts do (false). */
	secret: boolean;
	/** Voters may replace their vote until the topic closes; the last one counts. */
	allowChange: boolean;
}

/** The poll settings of a stored topic (or anything that carries them). */
export const pollSettings = (topic: PollSettings): PollSettings => ({
	...pollRules(topic),
	secret: topic.secret,
	allowChange: topic.allowChange
});

export const SCORE_MAX_LIMIT = 10;

/**
 * What one ballot says. Option ids (one for `single` and `yes-no`, several for `multiple`, in
 * order of preference for `ranked`), or points per option id for `score`.
 */
export type Choice = string[] | Record<string, number>;

/**
 * One round of an instant-runoff count, or one stage of a single-transferable-vote count (where
 * values carry up to 5 decimals).
 */
export interface RunoffRound {
	/** Votes per option still in the count (continuing, and with several seats, elected). */
	totals: Record<string, number>;
	/** Options eliminated (excluded) at the end of this round (none in the final round). */
	eliminated: string[];
	/**
	 * Ballots that named no option still in the count, up to this round. With several seats: the
	 * non-transferable value, including the fractions lost by rounding transfer values down.
	 */
	exhausted: number;
	/** Several seats: options that reached the quota (or were left to fill the seats) this round. */
	elected?: string[];
	/** Several seats: whose votes this round moved on, a surplus (at its transfer value) or an exclusion. */
	transfer?: { from: string; kind: 'surplus' | 'exclusion'; value?: number };
	/** Options tied for last that neither their votes nor earlier rounds separated: the lot decided. */
	lot?: string[];
	/**
	 * While voting is open: options tied for last that only the lot at close can separate. The
	 * provisional count stops here.
	 */
	pendingLot?: string[];
}

/** The counted result of a topic: aggregates only, small whatever the number of voters. */
export interface Tally {
	/**
	 * Per option: ballots naming it (`single`, `multiple`, `yes-no`), first preferences
	 * (`ranked`) or the sum of points (`score`).
	 */
	totals: Record<string, number>;
	/** Ballots counted. */
	turnout: number;
	/** `ranked`: the instant-runoff rounds (or STV stages), first to last. */
	rounds?: RunoffRound[];
	/** Several seats: how many the topic elects. */
	seats?: number;
	/** Several seats, `ranked`: the Droop quota, floor(ballots / (seats + 1)) + 1. */
	quota?: number;
	/** Several seats: the options elected, in the order they were elected. */
	elected?: string[];
	/** `multiple` with several seats, while voting is open: options tied for the last seats. */
	pendingLot?: string[];
	/** Lots drawn in this count (only with a seed, once voting has closed). */
	lots?: LotDraw[];
	/**
	 * Topics counting weight (`weights.ts`): the weight per option and of all ballots cast, as
	 * exact decimal strings, beside the head counts above; the outcome is decided on these.
	 */
	weight?: WeightTally;
}

export const YES_NO_LABELS = ['Yes', 'No', 'Abstain'] as const;

/** Whether `choice` is a ballot the topic accepts; `optionIds` are the topic's options in order. */
export function validChoice(rules: PollRules, optionIds: string[], choice: Choice): boolean {
	const known = new Set(optionIds);
	if (rules.kind === 'score') {
		if (Array.isArray(choice)) return false;
		const entries = Object.entries(choice);
		return (
			entries.length === optionIds.length &&
			entries.every(
				([id, points]) =>
					known.has(id) && Number.isInteger(points) && points >= 0 && points <= rules.scoreMax
			)
		);
	}
	if (!Array.isArray(choice)) return false;
	if (new Set(choice).size !== choice.length || !choice.every((id) => known.has(id))) return false;
	switch (rules.kind) {
		case 'single':
		case 'yes-no':
			return choice.length === 1;
		case 'multiple':
			return choice.length >= rules.minChoices && choice.length <= rules.maxChoices;
		case 'ranked':
			return choice.length >= 1;
	}
}

/**
 * Reads an untrusted value as a choice's shape (ids or points); `validChoice` checks the rest.
 * `allowEmpty` reads `[]` and `{}` as (empty) choices, for ballots, where the poll type refuses
 * them as `invalid-choice`; elsewhere an empty choice is no choice.
 */
export function parseChoice(value: unknown, { allowEmpty = false } = {}): Choice | null {
	const min = allowEmpty ? 0 : 1;
	if (Array.isArray(value)) {
		if (value.length < min || value.length > 64) return null;
		return value.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 64)
			? (value as string[])
			: null;
	}
	if (typeof value !== 'object' || value === null) return null;
	const entries = Object.entries(value);
	if (entries.length < min || entries.length > 64) return null;
	return entries.every(
		([id, points]) =>
			id.length > 0 && id.length <= 64 && typeof points === 'number' && Number.isFinite(points)
	)
		? (value as Record<string, number>)
		: null;
}

/** Canonical form, so equal ballots store and compare equal. */
export function sameChoice(a: Choice, b: Choice): boolean {
	if (Array.isArray(a) || Array.isArray(b)) {
		return Array.isArray(a) && Array.isArray(b) && a.join('\u0000') === b.join('\u0000');
	}
	const keys = Object.keys(a).sort();
	return keys.length === Object.keys(b).length && keys.every((key) => (a as never)[key] === b[key]);
}

/** The rules of a stored topic. */
export const pollRules = (topic: PollRules): PollRules => ({
	kind: topic.kind,
	minChoices: topic.minChoices,
	maxChoices: topic.maxChoices,
	scoreMax: topic.scoreMax,
	seats: topic.seats ?? 1
});

/** Whether a topic elects several options (approval with seats, or STV). */
export const electsSeveral = (rules: Pick<PollRules, 'kind' | 'seats'>): boolean =>
	(rules.kind === 'multiple' || rules.kind === 'ranked') && (rules.seats ?? 1) > 1;
