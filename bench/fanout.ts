/**
 * Fan-out latency from the logs: a vote is shown on a screen by the first tally written at or
 * after its acceptance (`results.at` >= the receipt's `acceptedAt`, both the server's clock: tallies
 * are recounted from the votes table, so a later write includes every earlier vote). For the
 * sample, a vote counts as shown when the LAST observing phone shows it. Pure.
 */
import type { TallySeen } from './phone.ts';
import { OUTCOME_FIELDS as F } from './protocol.ts';
import { firstAtLeast } from './stats.ts';

/** The outcomes of the votes cast in one room (`OUTCOME_FIELDS` index 4). */
export function inRoom(outcomes: Float64Array, room: number): Float64Array {
	const kept: number[] = [];
	for (let i = 0; i < outcomes.length; i += F) {
		if (outcomes[i + 4] === room) kept.push(...outcomes.subarray(i, i + F));
	}
	return Float64Array.from(kept);
}

/** Per vote (flat `RunResult.outcomes`): ms until every screen showed it. */
export function fanoutLatencies(outcomes: Float64Array, screens: TallySeen[][]): Float64Array {
	const logs = screens.map((log) => ({
		at: Float64Array.from(log, (t) => t.at),
		shownAt: Float64Array.from(log, (t) => t.shownAt)
	}));
	const count = outcomes.length / F;
	const out = new Float64Array(count);
	for (let i = 0; i < count; i++) {
		const sentAt = outcomes[F * i];
		const acceptedAt = outcomes[F * i + 2];
		let latest = -Infinity;
		for (const log of logs) {
			const index = firstAtLeast(log.at, acceptedAt);
			latest = Math.max(latest, index < log.at.length ? log.shownAt[index] : Infinity);
		}
		out[i] = logs.length ? latest - sentAt : NaN;
	}
	return out;
}
