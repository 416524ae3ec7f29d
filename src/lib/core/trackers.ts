import { sha256 } from './sha256.ts';

/** The tracker alphabet (as `randomTracker`): 32 letters, so each byte maps evenly. */
const ALPHABET = 'ABCDEFGHIJKMNPQRSTUVWXYZ23456789';

/**
 * The tracker of a ballot on a secret topic, derived from the topic and the ballot's id, e.g.
 * `K7QM-2XDA-9PRT` (60 bits). The ballot id is a random value made by the voter's device and
 * stored nowhere on the server for such a topic, so only that device can recompute the tracker:
 * a ballot sent again after a lost receipt gets its receipt back without the database keeping
 * anything that leads from the voter to the ballot (`docs/SECURITY.md`).
 */
export function ballotTracker(topicId: string, ballotId: string): string {
	const digest = sha256(new TextEncoder().encode(`plenum-tracker\0${topicId}\0${ballotId}`));
	let code = '';
	for (const byte of digest.subarray(0, 12)) code += ALPHABET[byte % ALPHABET.length];
	return (code.match(/.{4}/g) ?? []).join('-');
}
