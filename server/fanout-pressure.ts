/**
 * Fan-out gives way when the server is busy. Tallies sent to every phone are the one cost that
 * can wait: a receipt must reach its voter, and the room's screen gets previews between writes
 * (`publisher.ts`), but a phone's own view of the tally is as good a second later. So the share
 * of the frame budget fan-out may use follows the event loop: above `high` utilisation the share
 * shrinks (multiplied by `down`, never under `floor`), below `low` it grows back (`up`) to the
 * whole budget. Writes get rarer and larger while the hall votes faster than the server can also
 * tell everyone; votes, receipts and the presenters' previews keep their pace.
 *
 * The utilisation is the event loop's busy share since the last sample (`eventLoopUtilization`),
 * sampled every `periodMs`. The rule itself (`nextShare`) is pure.
 */
import { performance } from 'node:perf_hooks';
import { realTimers, type Timers } from './publisher.ts';

export interface PressureSettings {
	/** Utilisation above which fan-out gives way. */
	high: number;
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
	low: 0.7,
	down: 0.7,
	up: 1.2,
	floor: 0.1,
	periodMs: 500
};

/** The share of the frame budget after one sample of utilisation. */
export function nextShare(share: number, utilization: number, settings: PressureSettings): number {
	if (utilization > settings.high) return Math.max(settings.floor, share * settings.down);
	if (utilization < settings.low) return Math.min(1, share * settings.up);
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
		const next = nextShare(share, utilization(), settings);
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
