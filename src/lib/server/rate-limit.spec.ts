import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('rate limiter', () => {
	it('allows the limit per window, then says how long to wait', () => {
		const limiter = createRateLimiter(2, 1000);
		expect(limiter.hit('k', 0)).toBe(0);
		expect(limiter.hit('k', 100)).toBe(0);
		expect(limiter.hit('k', 200)).toBe(800);
		expect(limiter.hit('other', 200)).toBe(0);
		expect(limiter.hit('k', 1000)).toBe(0);
	});

	it('forgets a key on reset', () => {
		const limiter = createRateLimiter(1, 1000);
		limiter.hit('k', 0);
		expect(limiter.hit('k', 1)).toBeGreaterThan(0);
		limiter.reset('k');
		expect(limiter.hit('k', 2)).toBe(0);
	});
});
