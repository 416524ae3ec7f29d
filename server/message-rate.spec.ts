import { describe, expect, it } from 'vitest';
import { messageRateLimit } from './message-rate.ts';

describe('message rate limit', () => {
	it('allows a burst, then refills at the rate, per socket', () => {
		let now = 0;
		const { take } = messageRateLimit(10, 3, () => now);
		const socket = {};
		expect([take(socket), take(socket), take(socket), take(socket)]).toEqual([
			true,
			true,
			true,
			false
		]);
		expect(take({})).toBe(true); // another socket has its own bucket
		now += 100; // one token back at 10 a second
		expect([take(socket), take(socket)]).toEqual([true, false]);
		now += 10_000; // never more than the burst
		expect([take(socket), take(socket), take(socket), take(socket)]).toEqual([
			true,
			true,
			true,
			false
		]);
	});

	it("raises one socket's burst, adding the difference to what it may send now", () => {
		let now = 0;
		const limit = messageRateLimit(10, 3, () => now);
		const proxy = {};
		const other = {};
		limit.take(proxy);
		limit.take(proxy); // one left
		limit.raise(proxy, 6); // three more now, and a burst of 6 from now on
		const taken = Array.from({ length: 5 }, () => limit.take(proxy));
		expect(taken).toEqual([true, true, true, true, false]);
		limit.raise(proxy, 4); // never lowered
		now += 10_000;
		expect(Array.from({ length: 7 }, () => limit.take(proxy)).filter(Boolean)).toHaveLength(6);
		// Other sockets keep the burst they had.
		expect(Array.from({ length: 4 }, () => limit.take(other)).filter(Boolean)).toHaveLength(3);
	});
});
