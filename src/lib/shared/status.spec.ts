import { describe, expect, it } from 'vitest';
import { quantile } from './status.ts';

describe('quantile from histogram buckets', () => {
	const bounds = [0.01, 0.1, 1];

	it('interpolates inside the bucket that holds the rank', () => {
		// 10 within 10 ms, 90 more within 100 ms, none slower.
		expect(quantile(0.5, bounds, [10, 100, 100], 100)).toBeCloseTo(0.01 + 0.09 * (40 / 90));
		expect(quantile(0.05, bounds, [10, 100, 100], 100)).toBeCloseTo(0.005);
	});

	it('answers the last bound for observations beyond it, and null for none', () => {
		expect(quantile(0.99, bounds, [0, 0, 0], 10)).toBe(1);
		expect(quantile(0.5, bounds, [0, 0, 0], 0)).toBeNull();
	});
});
