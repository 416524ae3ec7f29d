import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESSURE, fanoutPressure, nextShare } from './fanout-pressure.ts';
import { manualClock } from './manual-clock.ts';

describe('nextShare', () => {
	const settings = DEFAULT_PRESSURE;
	const waiting = (utilization: number) => ({ utilization, waitMs: settings.waitHighMs });

	it('gives way while the loop is busy and votes wait, down to the floor', () => {
		expect(nextShare(1, waiting(0.95), settings)).toBeCloseTo(0.7);
		let share = 1;
		for (let i = 0; i < 20; i++) share = nextShare(share, waiting(1), settings);
		expect(share).toBe(settings.floor);
	});

	it('takes the budget back below the low mark, never above all of it', () => {
		expect(nextShare(0.5, waiting(0.3), settings)).toBeCloseTo(0.6);
		expect(nextShare(0.95, waiting(0.1), settings)).toBe(1);
	});

	it('holds between the marks', () => {
		expect(nextShare(0.4, waiting(0.8), settings)).toBe(0.4);
	});

	it('does not give way to a busy loop while votes keep their pace', () => {
		// Busy, ballots decided within the wait mark but over half of it: hold.
		expect(nextShare(0.4, { utilization: 0.99, waitMs: 30 }, settings)).toBe(0.4);
		// Busy, ballots decided quickly: the busy loop is the fan-out itself, so it grows.
		expect(nextShare(0.4, { utilization: 0.99, waitMs: 5 }, settings)).toBeCloseTo(0.48);
		// A loop that idles grows whatever the wait.
		expect(nextShare(0.4, { utilization: 0.5, waitMs: 500 }, settings)).toBeCloseTo(0.48);
	});
});

describe('fanoutPressure', () => {
	it('samples the event loop every period and follows it both ways', async () => {
		const clock = manualClock();
		const loads = [0.93, 0.95, 0.99, 0.8, 0.2, 0.2, 0.2, 0.2, 0.2];
		const shares: number[] = [];
		const pressure = fanoutPressure({
			utilization: () => loads.shift() ?? 0,
			timers: clock.timers,
			onShare: (share) => shares.push(share)
		});
		expect(pressure.share()).toBe(1);
		await clock.advance(DEFAULT_PRESSURE.periodMs - 1);
		expect(pressure.share()).toBe(1);
		await clock.advance(1);
		expect(pressure.share()).toBeCloseTo(0.7);
		await clock.advance(2 * DEFAULT_PRESSURE.periodMs);
		expect(pressure.share()).toBeCloseTo(0.343);
		await clock.advance(DEFAULT_PRESSURE.periodMs); // 0.8: between the marks
		expect(pressure.share()).toBeCloseTo(0.343);
		await clock.advance(10 * DEFAULT_PRESSURE.periodMs);
		expect(pressure.share()).toBe(1);
		expect(shares.length).toBeGreaterThan(4);

		pressure.stop();
		expect(clock.pending()).toBe(0);
	});

	it('gives way only while a ballot waits as long as the mark', async () => {
		const clock = manualClock();
		const waits = [200, 10, 30, 200, 200];
		const pressure = fanoutPressure({
			utilization: () => 0.99,
			voteWait: () => waits.shift() ?? 0,
			timers: clock.timers
		});
		const shares: number[] = [];
		for (let i = 0; i < 5; i++) {
			await clock.advance(DEFAULT_PRESSURE.periodMs);
			shares.push(Math.round(pressure.share() * 1000) / 1000);
		}
		expect(shares).toEqual([0.7, 0.84, 0.84, 0.588, 0.412]);
		pressure.stop();
	});

	it('measures the real event loop by default', async () => {
		const pressure = fanoutPressure({ settings: { periodMs: 20, high: 0.5, floor: 0.25 } });
		// Keep the loop busy for a while: the share drops.
		const until = performance.now() + 120;
		while (performance.now() < until) {
			await new Promise<void>((resolve) => {
				const busy = performance.now() + 15;
				while (performance.now() < busy);
				setImmediate(resolve);
			});
		}
		expect(pressure.share()).toBeLessThan(1);
		pressure.stop();
	});
});
