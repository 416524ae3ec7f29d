import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/server/log.ts';
import { manualClock } from './manual-clock.ts';
import { createTimers } from './timers.ts';

function setup(timed: { id: string; ownerId: string; closesAt: number }[] = []) {
	const clock = manualClock(10_000);
	const closed: string[] = [];
	const timers = createTimers({
		topics: { listTimed: async () => timed as never },
		close: async (topicId) => void closed.push(topicId),
		now: clock.now,
		log: createLogger({ level: 'silent' }),
		timers: clock.timers
	});
	return { clock, closed, timers };
}

describe('topic timers', () => {
	it('close a topic when its deadline comes, not before', async () => {
		const { clock, closed, timers } = setup();
		timers.schedule('t1', 'owner', 10_000 + 60_000);
		await clock.advance(59_999);
		expect(closed).toEqual([]);
		await clock.advance(1);
		expect(closed).toEqual(['t1']);
		expect(timers.count()).toBe(0);
	});

	it('forget a deadline that was cancelled (closed and reopened by hand)', async () => {
		const { clock, closed, timers } = setup();
		timers.schedule('t1', 'owner', 10_000 + 1_000);
		timers.schedule('t1', 'owner', null);
		await clock.advance(5_000);
		expect(closed).toEqual([]);
	});

	it('keep only the latest deadline of a topic', async () => {
		const { clock, closed, timers } = setup();
		timers.schedule('t1', 'owner', 10_000 + 1_000);
		timers.schedule('t1', 'owner', 10_000 + 3_000);
		await clock.advance(2_000);
		expect(closed).toEqual([]);
		await clock.advance(1_000);
		expect(closed).toEqual(['t1']);
	});

	it('resume stored deadlines after a restart; one that passed meanwhile closes at once', async () => {
		const { clock, closed, timers } = setup([
			{ id: 'late', ownerId: 'o', closesAt: 5_000 },
			{ id: 'later', ownerId: 'o', closesAt: 12_000 }
		]);
		await timers.resume();
		await clock.advance(0);
		expect(closed).toEqual(['late']);
		await clock.advance(2_000);
		expect(closed).toEqual(['late', 'later']);
	});

	it('stop every countdown on shutdown', async () => {
		const { clock, closed, timers } = setup();
		timers.schedule('t1', 'owner', 11_000);
		timers.stop();
		await clock.advance(5_000);
		expect(closed).toEqual([]);
		expect(clock.pending()).toBe(0);
	});
});
