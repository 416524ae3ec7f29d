import { sha256 } from './sha256.ts';

/** The tracker alphabet (as `randomTracker`): 32 letters, so each byte maps evenly. */
const ALPHABET = 'ABCDEFGHIJKMNPQRSTUVWXYZ23456789';

/** The last tracker derived: deciding one vote asks for its ballot's tracker up to three times. */
let last: { topicId: string; ballotId: string; tracker: string } | null = null;

/**
 * The tracker of a ballot on a secret topic, derived from the topic and the ballot's id, e.g.
 * `K7QM-2XDA-9PRT` (60 bits). The ballot id is a random value made by the voter's device and
 * stored nowhere on the server for such a topic, so only that device can recompute the tracker:
 * a ballot sent again after a lost receipt gets its receipt back without the database keeping
 * anything that leads from the voter to the ballot (`docs/SECURITY.md`).
 */
export function ballotTracker(topicId: string, ballotId: string): string {
	if (last?.topicId === topicId && last.ballotId === ballotId) return last.tracker;
	const digest = sha256(new TextEncoder().encode(`plenum-tracker\0${topicId}\0${ballotId}`));
	let tracker = '';
	for (let i = 0; i < 12; i++) {
		if (i > 0 && i % 4 === 0) tracker += '-';
		tracker += ALPHABET[digest[i] % ALPHABET.length];
	}
	last = { topicId, ballotId, tracker };
	return tracker;
}
