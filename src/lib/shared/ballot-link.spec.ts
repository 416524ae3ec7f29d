import { describe, expect, it } from 'vitest';
import {
	BALLOT_IDLE_CLOSE_MS,
	ballotLinkKeeper,
	ballotLinkStep,
	type BallotLinkState,
	type BallotLinkStep
} from './ballot-link.ts';

const settled: BallotLinkState = {
	open: true,
	settled: true,
	loaded: true,
	status: 'accepted',
	allowChange: false
};

describe('ballotLinkStep', () => {
	it.each(['accepted', 'refused', 'sealed'] as const)(
		'closes a settled %s ballot at once where votes cannot change',
		(status) => {
			expect(ballotLinkStep({ ...settled, status })).toEqual({ kind: 'close', afterMs: 0 });
		}
	);

	it('keeps a ballot open for a short idle time where votes may change', () => {
		expect(ballotLinkStep({ ...settled, allowChange: true })).toEqual({
			kind: 'close',
			afterMs: BALLOT_IDLE_CLOSE_MS
		});
	});

	it('keeps a pending vote open until its answer is in', () => {
		expect(ballotLinkStep({ ...settled, status: 'pending' })).toEqual({ kind: 'stay' });
	});

	it('keeps the ballot of a voter who has not voted open, ready for their vote', () => {
		expect(ballotLinkStep({ ...settled, status: 'none' })).toEqual({ kind: 'stay' });
		expect(ballotLinkStep({ ...settled, status: 'none', allowChange: true })).toEqual({
			kind: 'stay'
		});
	});

	it('keeps a ballot open until the server has its state and has answered it', () => {
		expect(ballotLinkStep({ ...settled, settled: false })).toEqual({ kind: 'stay' });
	});

	it("keeps a ballot open until the device's own copy is read (a vote cast offline may be in it)", () => {
		expect(ballotLinkStep({ ...settled, loaded: false })).toEqual({
			kind: 'stay'
		});
	});

	it('opens a closed ballot again when a vote is pending on the device', () => {
		expect(ballotLinkStep({ ...settled, open: false, settled: false, status: 'pending' })).toEqual({
			kind: 'open'
		});
	});

	it('leaves a closed ballot closed while nothing is pending', () => {
		for (const status of ['accepted', 'refused', 'sealed', 'none'] as const) {
			expect(ballotLinkStep({ ...settled, open: false, settled: false, status })).toEqual({
				kind: 'stay'
			});
		}
	});
});

describe('ballotLinkKeeper', () => {
	/** Timers run by hand: `due()` lists what is set, `run()` fires them all. */
	function handTimers() {
		const set = new Map<number, { run: () => void; ms: number }>();
		let next = 0;
		return {
			timers: {
				set: (run: () => void, ms: number) => (set.set(++next, { run, ms }), next),
				clear: (id: unknown) => void set.delete(id as number)
			},
			due: () => [...set.values()].map((timer) => timer.ms),
			run() {
				const all = [...set.values()];
				set.clear();
				for (const timer of all) timer.run();
			}
		};
	}

	function keeper(steps: { now: BallotLinkStep; then?: BallotLinkStep }) {
		const clock = handTimers();
		const calls: string[] = [];
		const keep = ballotLinkKeeper({
			step: () => steps.now,
			recheck: steps.then ? () => steps.then! : undefined,
			open: () => calls.push('open'),
			close: () => calls.push('close'),
			timers: clock.timers
		});
		return { keep, clock, calls };
	}

	it("closes after the step's delay, once, however often it is reviewed meanwhile", () => {
		const { keep, clock, calls } = keeper({ now: { kind: 'close', afterMs: 30_000 } });
		keep.review();
		keep.review();
		expect(clock.due()).toEqual([30_000]);
		clock.run();
		expect(calls).toEqual(['close']);
	});

	it('calls a close off when the step changes before it is due, and opens when told', () => {
		const steps: { now: BallotLinkStep } = { now: { kind: 'close', afterMs: 1000 } };
		const { keep, clock, calls } = keeper(steps);
		keep.review();
		steps.now = { kind: 'stay' };
		keep.review();
		expect(clock.due()).toEqual([]);
		steps.now = { kind: 'open' };
		keep.review();
		expect(calls).toEqual(['open']);
	});

	it('asks again when the close is due, and keeps the ballot open if that says otherwise', () => {
		const steps = {
			now: { kind: 'close', afterMs: 1000 } as BallotLinkStep,
			then: { kind: 'stay' } as BallotLinkStep
		};
		const { keep, clock, calls } = keeper(steps);
		keep.review();
		clock.run();
		expect(calls).toEqual([]);
		steps.then = { kind: 'close', afterMs: 0 };
		keep.review();
		clock.run();
		expect(calls).toEqual(['close']);
	});

	it('cancel calls off a close not yet due', () => {
		const { keep, clock, calls } = keeper({ now: { kind: 'close', afterMs: 0 } });
		keep.review();
		keep.cancel();
		clock.run();
		expect(calls).toEqual([]);
	});
});
