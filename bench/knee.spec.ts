import { describe, expect, it } from 'vitest';
import { KneeSearch, roundRate } from './knee.ts';
import { misses, targetsFor } from './targets.ts';

/** Runs a search against a server whose true capacity is `capacity`. */
function search(capacity: number, options = { start: 100, ceiling: 10_000 }) {
	const knee = new KneeSearch(options);
	const tried: number[] = [];
	for (let rate = knee.next(); rate !== null; rate = knee.next()) {
		tried.push(rate);
		knee.record(rate, rate <= capacity);
	}
	return { tried, pass: knee.pass, fail: knee.fail };
}

describe('KneeSearch', () => {
	it('doubles while points pass, then narrows the gap to within the resolution', () => {
		const { tried, pass, fail } = search(1000);
		expect(tried.slice(0, 5)).toEqual([100, 200, 400, 800, 1600]);
		expect(pass).toBeGreaterThanOrEqual(800);
		expect(pass).toBeLessThanOrEqual(1000);
		expect(fail! / pass!).toBeLessThan(1.2);
	});

	it('stops at the ceiling when everything passes', () => {
		const { tried, pass, fail } = search(Infinity, { start: 1000, ceiling: 5000 });
		expect(tried).toEqual([1000, 2000, 4000, 5000]);
		expect(pass).toBe(5000);
		expect(fail).toBeNull();
	});

	it('goes down when even the first rate fails, and says so when nothing passes', () => {
		expect(search(30).tried.slice(0, 3)).toEqual([100, 50, 25]);
		expect(search(30).pass).toBeGreaterThanOrEqual(25);
		const none = search(0);
		expect(none.pass).toBeNull();
		expect(none.tried.length).toBeLessThanOrEqual(10);
	});

	it('never measures more points than allowed', () => {
		const knee = new KneeSearch({ start: 1, ceiling: 1e9, maxPoints: 3 });
		let count = 0;
		for (let rate = knee.next(); rate !== null; rate = knee.next()) {
			knee.record(rate, true);
			count++;
		}
		expect(count).toBe(3);
	});
});

describe('roundRate', () => {
	it('keeps two significant digits', () => {
		expect(roundRate(1414.2)).toBe(1400);
		expect(roundRate(70.7)).toBe(71);
		expect(roundRate(5)).toBe(5);
		expect(roundRate(0)).toBe(0);
	});
});

describe('targets', () => {
	const good = {
		offeredPerSecond: 1000,
		acceptedPerSecond: 990,
		receiptP99: 80,
		fanoutP99: 120,
		presenterP99: 100,
		lost: 0,
		refused: 0,
		errors: 0
	};

	it('take the goals of the nearest listed hall size at or above N', () => {
		expect(targetsFor(100).goalRate).toBe(5000);
		expect(targetsFor(500)).toEqual(targetsFor(1000));
		expect(targetsFor(20_000)).toEqual(targetsFor(10_000));
	});

	it('pass a point within every limit and name each limit a point misses', () => {
		expect(misses(good, targetsFor(1000))).toEqual([]);
		expect(misses({ ...good, fanoutP99: 151 }, targetsFor(1000))).toEqual([
			'fan-out p99 151 ms > 150 ms'
		]);
		expect(misses({ ...good, acceptedPerSecond: 900, lost: 2 }, targetsFor(1000))).toEqual([
			'accepted 900/s < 95% of offered 1000/s',
			'2 lost'
		]);
	});

	it('count a fan-out that never arrived as a miss', () => {
		expect(misses({ ...good, fanoutP99: Infinity }, targetsFor(3000))).toHaveLength(1);
		expect(misses({ ...good, receiptP99: NaN }, targetsFor(100))).toHaveLength(1);
	});

	it('hold only the limits a hall size has', () => {
		expect(misses({ ...good, receiptP99: 1000 }, targetsFor(3000))).toEqual([]);
	});
});
