import { sha256 as portableSha256 } from '@oslojs/crypto/sha2';

/** A SHA-256 function: bytes in, 32-byte digest out. */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

let implementation: Sha256 = portableSha256;

/**
 * SHA-256 for the audit chain and ballot trackers. Pure JavaScript by default, so the same chain
 * checks run in the browser; the server swaps in Node's own at boot (`useSha256` in
 * `server/compose.ts`): the same digest, about 2 µs instead of 18 µs, once per vote on the vote
 * path. Only the speed differs, so whichever copy of this module a bundle holds hashes alike.
 */
export function sha256(bytes: Uint8Array): Uint8Array {
	return implementation(bytes);
}

/** Replaces the SHA-256 implementation; it must give the same digest as `portableSha256`. */
export function useSha256(hash: Sha256): void {
	implementation = hash;
}

export { portableSha256 };
