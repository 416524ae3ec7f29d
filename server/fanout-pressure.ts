/**
 * Fan-out gives way when votes wait for it. Tallies sent to every phone are the one cost that can
 * wait: a receipt must reach its voter, and the room's screen gets previews between writes
 * (`publisher.ts`), but a phone's own view of the tally is as good a second later. So the share
 * of the frame budget fan-out may use follows two signs of harm, sampled every `periodMs`: the
 * event loop's busy share (`eventLoopUtilization`) and how long the slowest vote answered since
 * the last sample waited, from being read to its answer (`voteAnswered`). When the loop is busy
 * (above `high`) and a vote waited longer than `lateMs`, the share shrinks (multiplied by `down`,
 * never under `floor`); when the loop is idle enough (below `low`) or every vote was answered
 * within half of `lateMs`, it grows back (`up`) to the whole budget. In between it holds.
 *
 * A busy loop alone is no harm: a hall of 10,000 keeps the core 80-90% busy at 1,000 votes a
 * second while most receipts come within tens of milliseconds, and its samples often pass 90%. Nor is a late vote alone:
 * a slow disk makes votes wait on an idle loop, and fewer tally frames would not help them. A hall
 * that is still joining casts no votes, so its fan-out keeps its budget for when voting begins.
 *
 * The rule itself (`nextShare`) is pure.
 */
import { performance } from 'node:perf_hooks';
import { realTimers, type Timers } from './publisher.ts';

export interface PressureSettings {
	/** Utilisation above which fan-out gives way, if votes are late too. */
	high: number;
	/** Utilisation below which it takes its budget back. */
	low: number;
	/** A vote answered later than this (ms from being read) is late. */
	lateMs: number;
	/** Factor applied to the share per sample that gives way (< 1). */
	down: number;
	/** Factor applied per sample that takes the budget back (> 1). */
	up: number;
	/** Smallest share of the budget fan-out keeps. */
	floor: number;
	periodMs: number;
}

export const DEFAULT_PRESSURE: PressureSettings = {
	high: 0.9,
	low: 0.7,
	lateMs: 100,
	down: 0.7,
	up: 1.5,
	floor: 0.1,
	periodMs: 500
};

/** One sample: the loop's busy share (0–1) and the slowest vote's wait (ms; 0 if none). */
export interface LoadSample {
	utilization: number;
	slowestVoteMs: number;
}

/** The share of the frame budget after one sample. */
export function nextShare(share: number, sample: LoadSample, settings: PressureSettings): number {
	const { utilization, slowestVoteMs } = sample;
	if (utilization > settings.high && slowestVoteMs > settings.lateMs) {
		return Math.max(settings.floor, share * settings.down);
	}
	if (utilization < settings.low || slowestVoteMs <= settings.lateMs / 2) {
		return Math.min(1, share * settings.up);
	}
	return share;
}

export interface FanoutPressure {
	/** The share (`floor`–1) of the frame budget fan-out may use now. */
	share(): number;
	/** A vote was answered `waitedMs` after it was read. */
	voteAnswered(waitedMs: number): void;
	stop(): void;
}

/** A share that never changes (`TALLY_LOAD_SHEDDING=false`, specs). */
export const fullShare: FanoutPressure = { share: () => 1, voteAnswered() {}, stop() {} };

export function fanoutPressure(
	deps: {
		/** Busy share of the event loop since the previous call (0–1). */
		utilization?: () => number;
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
	let slowestVoteMs = 0;
	let timer: unknown = null;

	function sample() {
		const next = nextShare(share, { utilization: utilization(), slowestVoteMs }, settings);
		slowestVoteMs = 0;
		if (next !== share) deps.onShare?.(next);
		share = next;
		timer = timers.set(sample, settings.periodMs);
	}
	timer = timers.set(sample, settings.periodMs);

	return {
		share: () => share,
		voteAnswered(waitedMs) {
			if (waitedMs > slowestVoteMs) slowestVoteMs = waitedMs;
		},
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
