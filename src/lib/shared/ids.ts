/** Random URL-safe ids, from the platform's CSPRNG (browser and Node alike). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function randomId(length = 12): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	let id = '';
	for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
	return id;
}

/** A vote's public tracker code, e.g. `K7QM-2XDA-9PRT`: easy to read aloud and to find in an export. */
export function randomTracker(): string {
	return (randomId(12).toUpperCase().match(/.{4}/g) ?? []).join('-');
}
