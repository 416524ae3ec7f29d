import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Drawing lots that everyone can check. A count that cannot separate tied options by their votes
 * orders them by HMAC-SHA-256, keyed with a seed, of the draw's label, the tied options and each
 * option's id; the lowest digest is drawn first. The seed is the hash of the topic's closing audit
 * entry: it exists only once voting has closed (so nobody can know the draw while ballots may still
 * change it) and it is in the audit export (so anyone can recompute the draw).
 */
export function lotOrder(seed: string, label: string, tied: string[]): string[] {
	const key = new TextEncoder().encode(seed);
	const group = [...tied].sort().join(',');
	const digest = (id: string) =>
		encodeHexLowerCase(
			hmac(SHA256, key, new TextEncoder().encode(`${label}\u0000${group}\u0000${id}`))
		);
	const keyed = tied.map((id) => ({ id, digest: digest(id) }));
	keyed.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
	return keyed.map(({ id }) => id);
}

/** One lot drawn in a count: among `tied`, `order` as drawn (the first is the one chosen). */
export interface LotDraw {
	/** What the draw decided, e.g. `round 2` (which option leaves) or `seats` (who is elected). */
	label: string;
	tied: string[];
	order: string[];
}

/** Draws a lot: `tied` ordered by the seed (see `lotOrder`), recorded as a `LotDraw`. */
export function drawLot(seed: string, label: string, tied: string[]): LotDraw {
	return { label, tied: [...tied].sort(), order: lotOrder(seed, label, tied) };
}
