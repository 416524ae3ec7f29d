/**
 * The message rate limit of a WebSocket endpoint: a token bucket per socket, `burst` messages at
 * once, refilled at `rate` a second. Used by `/collab` and the results feed alike.
 */
export function messageRateLimit(rate: number, burst: number, now: () => number = Date.now) {
	const buckets = new WeakMap<object, { tokens: number; at: number }>();
	/** Takes one message's token for this socket; false when it is over its rate. */
	return function takeToken(peer: object): boolean {
		const at = now();
		const bucket = buckets.get(peer) ?? { tokens: burst, at };
		bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * rate);
		bucket.at = at;
		buckets.set(peer, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	};
}
