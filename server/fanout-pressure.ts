/**
 * Fan-out gives way when votes wait. Tallies sent to every phone are the one cost that can wait: a
 * receipt must reach its voter, and the room's screen gets previews between writes
 * (`publisher.ts`), but a phone's own view of the tally is as good a second later. So the share of
 * the frame budget fan-out may use follows two signals sampled every `periodMs`: how busy the
 * event loop was (`eventLoopUtilization`) and the longest a ballot waited for its batch
 * (`voteWait`). Above `high` utilisation, with a ballot that waited `waitHighMs` or more, the share
 * shrinks (multiplied by `down`, never under `floor`); below `low` utilisation, or with every
 * ballot decided within half of `waitHighMs`, it grows back (`up`) to the whole budget. Between
 * the two it holds.
 *
 * A loop that is busy while votes keep their pace is busy with fan-out itself, and giving way then
 * only made phones wait: at 3,000 phones and 500 votes/s the share sank while receipts came within
 * 250 ms, and phones saw the tally ~560 ms late instead of ~250 ms. Writes get rarer and larger
 * only while the hall votes faster than the server can also tell everyone. The rule (`nextShare`)
 * is pure.
 */
import { performance } from 'node:perf_hooks';
import { realTimers, type Timers } from './publisher.ts';

export interface PressureSettings {
	/** Utilisation above which fan-out gives way, if votes wait too. */
	high: number;
	/** A ballot's wait for its batch, in ms, that lets fan-out give way; under half of it, it grows. */
	waitHighMs: number;
	/** Utilisation below which it takes its budget back. */
	low: number;
	/** Factor applied to the share per sample above `high` (< 1). */
	down: number;
	/** Factor applied per sample below `low` (> 1). */
	up: number;
	/** Smallest share of the budget fan-out keeps. */
	floor: number;
	periodMs: number;
}

export const DEFAULT_PRESSURE: PressureSettings = {
	high: 0.9,
	waitHighMs: 50,
	low: 0.7,
	down: 0.7,
	up: 1.2,
	floor: 0.1,
	periodMs: 500
};

/** One sample: the loop's busy share (0–1) and the longest a ballot waited, in ms. */
export interface PressureSample {
	utilization: number;
	waitMs: number;
}

/** The share of the frame budget after one sample. */
export function nextShare(
	share: number,
	{ utilization, waitMs }: PressureSample,
	settings: PressureSettings
): number {
	if (utilization > settings.high && waitMs >= settings.waitHighMs) {
		return Math.max(settings.floor, share * settings.down);
	}
	if (utilization < settings.low || waitMs < settings.waitHighMs / 2) {
		return Math.min(1, share * settings.up);
	}
	return share;
}

export interface FanoutPressure {
	/** The share (`floor`–1) of the frame budget fan-out may use now. */
	share(): number;
	stop(): void;
}

/** A share that never changes (`TALLY_LOAD_SHEDDING=false`, specs). */
export const fullShare: FanoutPressure = { share: () => 1, stop() {} };

export function fanoutPressure(
	deps: {
		/** Busy share of the event loop since the previous call (0–1). */
		utilization?: () => number;
		/**
		 * The longest a ballot waited for its batch since the previous call, in ms (the votes
		 * extension's `longestWait`). Without it every sample counts as votes waiting: the loop's
		 * utilisation alone decides.
		 */
		voteWait?: () => number;
		/** Real timers by default (unref'd: sampling never keeps the process alive). */
		timers?: Timers;
		settings?: Partial<PressureSettings>;
		/** Told each new share (a metric). */
		onShare?: (share: number) => void;
	} = {}
): FanoutPressure {
	const settings = { ...DEFAULT_PRESSURE, ...deps.settings };
	const utilization = deps.utilization ?? loopUtilization();
	const timers = deps.timers ?? unrefTimers;
	let share = 1;
	let timer: unknown = null;

	function sample() {
		const reading = {
			utilization: utilization(),
			waitMs: deps.voteWait ? deps.voteWait() : Number.POSITIVE_INFINITY
		};
		const next = nextShare(share, reading, settings);
		if (next !== share) deps.onShare?.(next);
		share = next;
		timer = timers.set(sample, settings.periodMs);
	}
	timer = timers.set(sample, settings.periodMs);

	return {
		share: () => share,
		stop() {
			if (timer !== null) timers.clear(timer);
			timer = null;
		}
	};
}

const unrefTimers: Timers = {
	set: (run, ms) => setTimeout(run, ms).unref(),
	clear: realTimers.clear
};

/** The event loop's utilisation since the previous call. */
function loopUtilization(): () => number {
	let last = performance.eventLoopUtilization();
	return () => {
		const now = performance.eventLoopUtilization();
		const delta = performance.eventLoopUtilization(now, last);
		last = now;
		return delta.utilization;
	};
}
