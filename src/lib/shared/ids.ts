import { CODE_ALPHABET, formatCode } from '../core/meeting-rules.ts';

/** Random URL-safe ids, from the platform's CSPRNG (browser and Node alike). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * Bytes from the CSPRNG, fetched 4 KB at a time: each `getRandomValues` call costs about 20 µs in
 * Node whatever its size, which a vote (its tracker) paid on the server's one thread. Each byte is
 * handed out once.
 */
const pool = new Uint8Array(4096);
let used = pool.length;

function randomBytes(length: number): Uint8Array {
	if (length > pool.length) return crypto.getRandomValues(new Uint8Array(length));
	if (used + length > pool.length) {
		crypto.getRandomValues(pool);
		used = 0;
	}
	const bytes = pool.slice(used, used + length);
	used += length;
	return bytes;
}

export function randomId(length = 12): string {
	const bytes = randomBytes(length);
	let id = '';
	// 256 is a multiple of the alphabet's 32 letters: every letter equally likely.
	for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
	return id;
}

/** A vote's public tracker code, e.g. `K7QM-2XDA-9PRT`: easy to read aloud and to find in an export. */
export function randomTracker(): string {
	return (randomId(12).toUpperCase().match(/.{4}/g) ?? []).join('-');
}

/** A meeting's join code, e.g. `K7Q-2XD` (see `lib/core/meeting-rules.ts`). */
export function randomCode(): string {
	let raw = '';
	while (raw.length < 6) {
		// Rejection sampling keeps every character equally likely.
		const [byte] = crypto.getRandomValues(new Uint8Array(1));
		if (byte < 248) raw += CODE_ALPHABET[byte % CODE_ALPHABET.length];
	}
	return formatCode(raw);
}
