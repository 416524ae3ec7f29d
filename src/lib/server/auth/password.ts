import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

/**
 * Thrown when more hashes wait than the queue holds: the caller answers 503 and Retry-After.
 * Recognised by `isHashingBusy`, not `instanceof`: the SvelteKit bundle and the Node entry each
 * load their own copy of this module.
 */
export class HashingBusy extends Error {
	readonly code = 'hashing-busy';
	constructor() {
		super('password hashing is busy');
	}
}

export const isHashingBusy = (error: unknown) =>
	(error as { code?: unknown } | null)?.code === 'hashing-busy';

/**
 * Password hashing behind a cap: at most `concurrency` argon2id hashes run at once (each takes
 * 19 MiB and a core for tens of ms) and at most `queue` wait; a flood of sign-ins or registrations
 * is refused rather than exhausting memory and stalling every voter.
 */
export function createPasswords({ concurrency, queue }: { concurrency: number; queue: number }) {
	const limit = pLimit(concurrency);
	function gated<T>(run: () => Promise<T>): Promise<T> {
		if (limit.activeCount >= concurrency && limit.pendingCount >= queue) {
			return Promise.reject(new HashingBusy());
		}
		return limit(run);
	}
	let decoy: Promise<string> | null = null;
	return {
		hash: (password: string) => gated(() => hash(password, OPTIONS)),
		verify: (hashed: string, password: string) =>
			gated(async () => {
				try {
					return await verify(hashed, password);
				} catch {
					return false;
				}
			}),
		/**
		 * A hash of a random password, checked against when the username is unknown, so a failed
		 * sign-in takes as long whether or not the account exists.
		 */
		decoyHash(): Promise<string> {
			decoy ??= hash(crypto.randomUUID(), OPTIONS);
			return decoy;
		},
		/** Hashes running and waiting now. */
		load: () => ({ active: limit.activeCount, pending: limit.pendingCount })
	};
}

export type Passwords = ReturnType<typeof createPasswords>;
