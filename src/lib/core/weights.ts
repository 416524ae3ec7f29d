/**
 * Weighted votes: each member of a roll carries a weight (shares, ownership fractions), and a
 * topic opened with weighted voting on counts every ballot with its member's weight. Weights are
 * exact decimals, never floating point: held as a whole number of millionths (`WEIGHT_SCALE`
 * decimals), summed with BigInt and shown as decimal strings ("0.25", "12.5").
 *
 * Which poll types count weight: `single`, `yes-no` and `multiple` with one seat, where a total is
 * the sum of the weights of the ballots naming the option. Ranked choice (instant runoff, STV),
 * score and elections of several seats count heads even in a weighted meeting: a topic of those
 * kinds records at opening that it does not count weight.
 *
 * Outcome on weight: the majority rules of `counting.ts` apply with weights in place of ballots
 * (the weight of the leading option against the weight of all ballots cast, or for `yes-no`
 * against Yes plus No under two thirds), and the quorum is a weight: the ballots cast must carry
 * at least `quorum` (in whole units of weight).
 */
import type { Majority, Outcome } from './outcome.ts';
import type { PollRules } from './poll.ts';

/** Decimals a weight may carry. */
export const WEIGHT_SCALE = 6;
const UNIT = 10n ** BigInt(WEIGHT_SCALE);
/** One, in millionths: the weight of a member nobody gave another. */
export const WEIGHT_ONE = Number(UNIT);
/** Largest weight (one billion), so a weight in millionths stays a safe integer. */
export const WEIGHT_MAX = 1_000_000_000;
export const WEIGHT_MAX_UNITS = WEIGHT_MAX * WEIGHT_ONE;

const DECIMAL = new RegExp(`^(\\d{1,10})(?:[.,](\\d{1,${WEIGHT_SCALE}}))?$`);

/**
 * Reads a typed or imported weight: digits, optionally a decimal point or comma and at most
 * `WEIGHT_SCALE` decimals ("2", "0.25", "0,125"); no sign, exponent, thousands separator or spaces
 * inside. Above 0 and at most `WEIGHT_MAX`. Returns millionths, or null when it is no weight.
 */
export function parseWeight(input: unknown): number | null {
	if (typeof input !== 'string') return null;
	const match = DECIMAL.exec(input.trim());
	if (!match) return null;
	const units = BigInt(match[1]) * UNIT + BigInt((match[2] ?? '').padEnd(WEIGHT_SCALE, '0'));
	if (units <= 0n || units > BigInt(WEIGHT_MAX_UNITS)) return null;
	return Number(units);
}

/** A weight (or a sum of weights) in millionths as a decimal string, without trailing zeros. */
export function formatWeight(units: bigint | number): string {
	const value = BigInt(units);
	const sign = value < 0n ? '-' : '';
	const abs = value < 0n ? -value : value;
	const whole = abs / UNIT;
	const fraction = (abs % UNIT).toString().padStart(WEIGHT_SCALE, '0').replace(/0+$/, '');
	return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Reads a decimal string made by `formatWeight` back into millionths (exact). */
export function weightUnits(decimal: string): bigint {
	const negative = decimal.startsWith('-');
	const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
	const units = BigInt(whole) * UNIT + BigInt(fraction.padEnd(WEIGHT_SCALE, '0'));
	return negative ? -units : units;
}

/** The sum of weights in millionths, exactly. */
export function sumWeights(weights: Iterable<number | bigint>): bigint {
	let sum = 0n;
	for (const weight of weights) sum += BigInt(weight);
	return sum;
}

/** Whether a topic with these rules counts weight when its meeting votes weighted. */
export function countsWeight(rules: Pick<PollRules, 'kind' | 'seats'>): boolean {
	return (
		rules.kind === 'single' ||
		rules.kind === 'yes-no' ||
		(rules.kind === 'multiple' && (rules.seats ?? 1) <= 1)
	);
}

/**
 * The weighted part of a count, beside the head counts: per option the weight of the ballots
 * naming it, and the weight of all ballots cast, as decimal strings (aggregates only).
 */
export interface WeightTally {
	totals: Record<string, string>;
	turnout: string;
}

/** A ballot with its member's weight (millionths). */
export interface WeightedBallot {
	choice: string[] | Record<string, number>;
	weight: number;
}

/** Sums the weights per option (ballots already checked by `validChoice`). */
export function countWeights(optionIds: string[], ballots: WeightedBallot[]): WeightTally {
	const totals = new Map<string, bigint>(optionIds.map((id) => [id, 0n]));
	let turnout = 0n;
	for (const { choice, weight } of ballots) {
		turnout += BigInt(weight);
		if (!Array.isArray(choice)) continue;
		for (const id of new Set(choice)) {
			const sum = totals.get(id);
			if (sum !== undefined) totals.set(id, sum + BigInt(weight));
		}
	}
	return {
		totals: Object.fromEntries([...totals].map(([id, sum]) => [id, formatWeight(sum)])),
		turnout: formatWeight(turnout)
	};
}

/**
 * The outcome of a weighted topic (`countsWeight`): the majority rule on weight, and the quorum
 * as a weight (whole units). `optionIds` in display order (for `yes-no`: Yes, No, Abstain).
 */
export function weightedOutcome(
	kind: PollRules['kind'],
	optionIds: string[],
	weights: WeightTally,
	majority: Majority,
	quorum: number
): Outcome {
	const turnout = weightUnits(weights.turnout);
	const quorumMet = turnout >= BigInt(quorum) * UNIT;
	const of = (id: string) => (weights.totals[id] ? weightUnits(weights.totals[id]) : 0n);
	if (kind === 'yes-no') {
		const [yesId, noId] = optionIds;
		const yes = of(yesId);
		const no = of(noId);
		const passes =
			majority === 'simple'
				? yes > no
				: majority === 'absolute'
					? yes * 2n > turnout
					: yes > 0n && yes * 3n >= (yes + no) * 2n;
		return {
			winner: passes && quorumMet ? yesId : null,
			tie: yes === no && yes > 0n ? [yesId, noId] : [],
			quorumMet,
			majorityReached: passes
		};
	}
	let top = 0n;
	for (const id of optionIds) if (of(id) > top) top = of(id);
	const leaders = top > 0n ? optionIds.filter((id) => of(id) === top) : [];
	const leader = leaders.length === 1 ? leaders[0] : null;
	const majorityReached =
		leader !== null &&
		(majority === 'simple' ||
			(majority === 'absolute' && top * 2n > turnout) ||
			(majority === 'two-thirds' && top * 3n >= turnout * 2n));
	return {
		winner: majorityReached && quorumMet ? leader : null,
		tie: leaders.length > 1 ? leaders : [],
		quorumMet,
		majorityReached
	};
}

/** `part` as a whole percent of `whole` (decimal strings), rounded half up, exactly; 0 of 0. */
export function weightPercent(part: string | undefined, whole: string): number {
	const of = weightUnits(whole);
	if (of <= 0n) return 0;
	return Number((weightUnits(part ?? '0') * 200n + of) / (2n * of));
}
