import { describe, expect, it } from 'vitest';
import { messageRateLimit } from './message-rate.ts';

describe('message rate limit', () => {
	it('allows a burst, then refills at the rate, per socket', () => {
		let now = 0;
		const take = messageRateLimit(10, 3, () => now);
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
});
