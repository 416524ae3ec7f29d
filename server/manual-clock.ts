/**
 * A clock and timers run by hand, for the specs of modules that take `now` and `Timers`:
 * `advance(ms)` fires what falls due, in order, and lets the work each started settle.
 */
import type { Timers } from './publisher.ts';

export function manualClock(start = 0) {
	let now = start;
	const due: { at: number; run: () => void; id: number }[] = [];
	let ids = 0;
	const timers: Timers = {
		set(run, ms) {
			const id = ++ids;
			due.push({ at: now + ms, run, id });
			return id;
		},
		clear(handle) {
			const index = due.findIndex((timer) => timer.id === handle);
			if (index >= 0) due.splice(index, 1);
		}
	};
	const settle = async () => {
		for (let i = 0; i < 20; i++) await Promise.resolve();
	};
	return {
		now: () => now,
		timers,
		/** Timers waiting now. */
		pending: () => due.length,
		/** How long each waiting timer has left, from now. */
		waits: () => due.map((timer) => timer.at - now),
		async advance(ms: number) {
			const until = now + ms;
			for (;;) {
				due.sort((a, b) => a.at - b.at);
				const next = due[0];
				if (!next || next.at > until) break;
				due.shift();
				now = next.at;
				next.run();
				await settle();
			}
			now = until;
			await settle();
		}
	};
}
