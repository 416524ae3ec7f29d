/**
 * The message rate limit of a WebSocket endpoint: a token bucket per socket, `burst` messages at
 * once, refilled at `rate` a second. Used by `/collab` and the results feed alike. A socket's
 * burst may be raised (`raise`): a proxy opens a ballot per member they carry, all at once.
 */
export function messageRateLimit(rate: number, burst: number, now: () => number = Date.now) {
	const buckets = new WeakMap<object, { tokens: number; at: number; burst: number }>();

	function bucketOf(peer: object) {
		const at = now();
		let bucket = buckets.get(peer);
		if (!bucket) {
			bucket = { tokens: burst, at, burst };
			buckets.set(peer, bucket);
		}
		bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((at - bucket.at) / 1000) * rate);
		bucket.at = at;
		return bucket;
	}

	return {
		/** Takes one message's token for this socket; false when it is over its rate. */
		take(peer: object): boolean {
			const bucket = bucketOf(peer);
			if (bucket.tokens < 1) return false;
			bucket.tokens -= 1;
			return true;
		},
		/**
		 * Lets this socket send up to `to` messages at once from now on, with the difference to its
		 * burst so far added to what it may send now. Never lowers a burst.
		 */
		raise(peer: object, to: number) {
			const bucket = bucketOf(peer);
			if (to <= bucket.burst) return;
			bucket.tokens += to - bucket.burst;
			bucket.burst = to;
		}
	};
}
