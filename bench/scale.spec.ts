import { describe, expect, it } from 'vitest';
import { formatMs, formatRate, logScale, logTicks, niceLogDomain } from './scale.ts';

describe('log axes', () => {
	it('tick at 1, 2 and 5 of every decade in the domain', () => {
		expect(logTicks(10, 1000)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
		expect(logTicks(20, 500)).toEqual([20, 50, 100, 200, 500]);
	});

	it('widen a domain to the 1-2-5 values around the data', () => {
		expect(niceLogDomain(37, 1800)).toEqual([20, 2000]);
		expect(niceLogDomain(100, 5000)).toEqual([100, 5000]);
		expect(niceLogDomain(0.4, 9.1)).toEqual([0.2, 10]);
	});

	it('map decades to equal distances and clamp what lies outside', () => {
		const x = logScale([10, 1000], [0, 200]);
		expect(x(10)).toBe(0);
		expect(x(100)).toBeCloseTo(100);
		expect(x(1000)).toBe(200);
		expect(x(1e6)).toBe(200);
		expect(x(0)).toBe(0);
		expect(x(Infinity)).toBe(200);
		const y = logScale([1, 100], [300, 100]); // SVG y grows downwards
		expect(y(10)).toBeCloseTo(200);
	});

	it('label rates and durations briefly', () => {
		expect(formatRate(500)).toBe('500');
		expect(formatRate(2000)).toBe('2k');
		expect(formatRate(2500)).toBe('2.5k');
		expect(formatMs(250)).toBe('250 ms');
		expect(formatMs(2000)).toBe('2 s');
	});
});
