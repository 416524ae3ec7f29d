/**
 * A fixed-window counter per key (e.g. address + username for sign-in). In memory: with several
 * instances each keeps its own count, which still bounds guessing per instance.
 */
export function createRateLimiter(limit: number, windowMs: number) {
	const windows = new Map<string, { start: number; count: number }>();
	return {
		/** Records an attempt; returns how many ms to wait, or 0 when it is allowed. */
		hit(key: string, now: number): number {
			const current = windows.get(key);
			if (!current || now - current.start >= windowMs) {
				if (windows.size > 10_000) {
					for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
				}
				windows.set(key, { start: now, count: 1 });
				return 0;
			}
			current.count += 1;
			return current.count > limit ? current.start + windowMs - now : 0;
		},
		reset(key: string) {
			windows.delete(key);
		}
	};
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
