import { describe, expect, it } from 'vitest';
import { batchPacing } from './batch-pacing.ts';
import { manualClock } from './manual-clock.ts';

/** `now` replaces the clock's time where a test moves time without firing its timers. */
function setup(spacingMs = 8, target = 4, now?: () => number) {
	const clock = manualClock(1_000);
	const time = now ?? clock.now;
	/** Runs handed to the next turn, run by `turn()`. */
	const soon: (() => void)[] = [];
	const ran: number[] = [];
	const pacing = batchPacing(
		{ spacingMs, target },
		{ now: time, timers: clock.timers, soon: (run) => void soon.push(run) }
	);
	/** Schedules a batch that, when it runs, records the time and tells the pacing it started. */
	const schedule = () =>
		pacing.schedule(() => {
			ran.push(time());
			pacing.started();
		});
	const turn = () => {
		for (const run of soon.splice(0)) run();
	};
	return { clock, pacing, schedule, turn, ran, soon };
}

describe('batchPacing', () => {
	it('starts the first batch on the next turn', () => {
		const { schedule, turn, ran, clock } = setup();
		schedule();
		expect(ran).toEqual([]);
		turn();
		expect(ran).toEqual([1_000]);
		expect(clock.pending()).toBe(0);
	});

	it('holds a batch until the spacing from the previous start has passed', async () => {
		const { schedule, turn, ran, clock } = setup();
		schedule();
		turn();
		await clock.advance(3);
		schedule();
		turn();
		expect(ran).toEqual([1_000]);
		expect(clock.waits()).toEqual([5]);
		await clock.advance(5);
		expect(ran).toEqual([1_000, 1_008]);
	});

	it('starts a held batch at once when the target of waiting ballots is reached', async () => {
		const { schedule, turn, ran, clock, pacing } = setup(8, 4);
		schedule();
		turn();
		await clock.advance(1);
		schedule();
		pacing.waiting(3);
		turn();
		expect(ran).toEqual([1_000]);
		pacing.waiting(4);
		expect(clock.pending()).toBe(0);
		turn();
		expect(ran).toEqual([1_000, 1_001]);
		// Its timer was called off: nothing runs twice.
		await clock.advance(20);
		expect(ran).toEqual([1_000, 1_001]);
	});

	it('starts a held batch with the first ballot that comes after the spacing ended', () => {
		// A busy loop: the held batch's timer is due, but the loop has not come round to it yet.
		let now = 1_000;
		const { schedule, turn, ran, clock, pacing, soon } = setup(8, 4, () => now);
		schedule();
		turn();
		schedule();
		pacing.waiting(1);
		expect(soon).toHaveLength(0);
		now = 1_009;
		pacing.waiting(2);
		turn();
		expect(ran).toEqual([1_000, 1_009]);
		// Its timer was called off.
		expect(clock.pending()).toBe(0);
	});

	it('starts on the next turn once the spacing has passed since the last start', async () => {
		const { schedule, turn, ran, clock } = setup();
		schedule();
		turn();
		await clock.advance(8);
		schedule();
		expect(clock.pending()).toBe(0);
		turn();
		expect(ran).toEqual([1_000, 1_008]);
	});

	it('never holds a batch without spacing', async () => {
		const { schedule, turn, ran, clock } = setup(0, 4);
		for (let i = 0; i < 3; i++) {
			schedule();
			expect(clock.pending()).toBe(0);
			turn();
		}
		expect(ran).toEqual([1_000, 1_000, 1_000]);
	});
});
