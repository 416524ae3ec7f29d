import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESSURE, fanoutPressure, nextShare } from './fanout-pressure.ts';
import { manualClock } from './manual-clock.ts';

describe('nextShare', () => {
	const settings = DEFAULT_PRESSURE;

	it('gives way above the high mark, down to the floor', () => {
		expect(nextShare(1, 0.95, settings)).toBeCloseTo(0.7);
		let share = 1;
		for (let i = 0; i < 20; i++) share = nextShare(share, 1, settings);
		expect(share).toBe(settings.floor);
	});

	it('takes the budget back below the low mark, never above all of it', () => {
		expect(nextShare(0.5, 0.3, settings)).toBeCloseTo(0.6);
		expect(nextShare(0.95, 0.1, settings)).toBe(1);
	});

	it('holds between the marks', () => {
		expect(nextShare(0.4, 0.8, settings)).toBe(0.4);
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
