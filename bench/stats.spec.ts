import { describe, expect, it } from 'vitest';
import { firstAtLeast, percentile, slope, summarize } from './stats.ts';

describe('percentile', () => {
	it('takes the nearest rank of unsorted values', () => {
		const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
		expect(percentile(values, 50)).toBe(50);
		expect(percentile(values, 99)).toBe(99);
		expect(percentile(values, 100)).toBe(100);
		expect(percentile(values, 0)).toBe(1);
	});

	it('is the one value for one sample and NaN for none', () => {
		expect(percentile([7], 99)).toBe(7);
		expect(percentile([], 50)).toBeNaN();
	});

	it('lets one slow vote in a hundred set p99 but not p90', () => {
		const values = [...Array(99).fill(10), 5000];
		expect(percentile(values, 99)).toBe(10);
		expect(percentile([...values, 5000], 99)).toBe(5000);
		expect(percentile(values, 90)).toBe(10);
	});
});

describe('summarize', () => {
	it('counts and rounds to a tenth of a millisecond, never-shown votes as Infinity', () => {
		const summary = summarize([1.234, 2.345, Infinity]);
		expect(summary).toEqual({ count: 3, p50: 2.3, p90: Infinity, p99: Infinity, max: Infinity });
	});
});

describe('slope', () => {
	it('is the least-squares growth per unit', () => {
		expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 100 + 2 * x })))).toBeCloseTo(2);
		expect(slope([0, 1, 2].map((x) => ({ x, y: 5 })))).toBe(0);
		expect(slope([{ x: 1, y: 1 }])).toBe(0);
	});
});

describe('firstAtLeast', () => {
	it('finds the first entry at or above a value, or the length', () => {
		const sorted = [10, 20, 20, 30];
		expect(firstAtLeast(sorted, 5)).toBe(0);
		expect(firstAtLeast(sorted, 20)).toBe(1);
		expect(firstAtLeast(sorted, 21)).toBe(3);
		expect(firstAtLeast(sorted, 31)).toBe(4);
		expect(firstAtLeast([], 1)).toBe(0);
	});
});
