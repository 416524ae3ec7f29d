/**
 * One-time sign-up codes for `REGISTRATION=invitation`: 160 random bits written in lower-case
 * base32, shown once to the operator who issues them; the database keeps only their SHA-256.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

export function newSignupCode(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** The stored form of a code; spaces, dashes and case typed around it do not matter. */
export function hashSignupCode(code: string): string {
	const normal = code.toLowerCase().replace(/[\s-]+/g, '');
	return encodeHexLowerCase(sha256(new TextEncoder().encode(normal)));
}
