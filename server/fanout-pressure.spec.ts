import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESSURE, fanoutPressure, nextShare } from './fanout-pressure.ts';
import { manualClock } from './manual-clock.ts';

describe('nextShare', () => {
	const settings = DEFAULT_PRESSURE;
	const late = settings.lateMs + 1;
	const onTime = settings.lateMs / 2;

	it('gives way while the loop is busy and votes are late, down to the floor', () => {
		expect(nextShare(1, { utilization: 0.95, slowestVoteMs: late }, settings)).toBeCloseTo(0.7);
		let share = 1;
		for (let i = 0; i < 20; i++)
			share = nextShare(share, { utilization: 1, slowestVoteMs: 500 }, settings);
		expect(share).toBe(settings.floor);
	});

	it('keeps its budget on a busy loop while every vote is on time', () => {
		expect(nextShare(1, { utilization: 0.99, slowestVoteMs: onTime }, settings)).toBe(1);
		expect(nextShare(0.4, { utilization: 0.99, slowestVoteMs: 0 }, settings)).toBeCloseTo(0.6);
	});

	it('does not give way for late votes on an idle loop (a slow disk)', () => {
		expect(nextShare(1, { utilization: 0.3, slowestVoteMs: 2000 }, settings)).toBe(1);
		expect(nextShare(0.4, { utilization: 0.3, slowestVoteMs: 2000 }, settings)).toBeCloseTo(0.6);
	});

	it('holds while votes are somewhat late on a fairly busy loop', () => {
		expect(nextShare(0.4, { utilization: 0.8, slowestVoteMs: late }, settings)).toBe(0.4);
		expect(
			nextShare(0.4, { utilization: 0.95, slowestVoteMs: settings.lateMs * 0.75 }, settings)
		).toBe(0.4);
	});

	it('never grows above the whole budget', () => {
		expect(nextShare(0.95, { utilization: 0.1, slowestVoteMs: 0 }, settings)).toBe(1);
	});
});

describe('fanoutPressure', () => {
	it('samples every period, with the slowest vote answered since the last sample', async () => {
		const clock = manualClock();
		const period = DEFAULT_PRESSURE.periodMs;
		const shares: number[] = [];
		const pressure = fanoutPressure({
			utilization: () => 0.97,
			timers: clock.timers,
			onShare: (share) => shares.push(share)
		});
		expect(pressure.share()).toBe(1);
		// A busy loop, votes on time: nothing gives way.
		pressure.voteAnswered(20);
		await clock.advance(period);
		expect(pressure.share()).toBe(1);
		// One late vote among many on time: the slowest counts.
		pressure.voteAnswered(30);
		pressure.voteAnswered(DEFAULT_PRESSURE.lateMs + 50);
		pressure.voteAnswered(10);
		await clock.advance(period - 1);
		expect(pressure.share()).toBe(1);
		await clock.advance(1);
		expect(pressure.share()).toBeCloseTo(0.7);
		pressure.voteAnswered(DEFAULT_PRESSURE.lateMs * 3);
		await clock.advance(period);
		expect(pressure.share()).toBeCloseTo(0.49);
		// Each sample starts afresh: no vote since, none late.
		await clock.advance(period);
		expect(pressure.share()).toBeCloseTo(0.735);
		await clock.advance(period);
		expect(pressure.share()).toBe(1);
		expect(shares).toHaveLength(4);

		pressure.stop();
		expect(clock.pending()).toBe(0);
	});

	it('measures the real event loop by default', async () => {
		const pressure = fanoutPressure({ settings: { periodMs: 20, high: 0.5, floor: 0.25 } });
		// Keep the loop busy for a while, with votes late: the share drops.
		const until = performance.now() + 120;
		while (performance.now() < until) {
			pressure.voteAnswered(DEFAULT_PRESSURE.lateMs * 2);
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
