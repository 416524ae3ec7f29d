import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinger } from './pinger.ts';

function hall(count: number, groups = 15) {
	let now = 1_000_000;
	const lastSeen = new Map<number, number>();
	const pinged: number[] = [];
	const closed: { socket: number; idleMs: number }[] = [];
	const pinger = createPinger<number>({
		intervalMs: 15_000,
		groups,
		idleTimeoutMs: 60_000,
		now: () => now,
		lastSeen: (socket) => lastSeen.get(socket)!,
		ping: (socket) => pinged.push(socket),
		close: (socket, idleMs) => closed.push({ socket, idleMs })
	});
	for (let socket = 0; socket < count; socket++) {
		lastSeen.set(socket, now);
		pinger.add(socket);
	}
	return {
		pinger,
		pinged,
		closed,
		lastSeen,
		advance: (ms: number) => (now += ms),
		get now() {
			return now;
		}
	};
}

describe('pinger', () => {
	afterEach(() => vi.useRealTimers());

	it('pings one group per tick, every socket once per interval', () => {
		const { pinger, pinged } = hall(10_000);
		pinger.tick();
		// 10,000 sockets in 15 groups: 667 or 666 per tick, never all at once.
		expect(pinged.length).toBe(667);
		for (let tick = 1; tick < 15; tick++) pinger.tick();
		expect(pinged.length).toBe(10_000);
		expect(new Set(pinged).size).toBe(10_000);
		// The next round starts again with the first group.
		pinger.tick();
		expect(pinged.length).toBe(10_667);
		expect(pinged.slice(10_000)).toEqual(pinged.slice(0, 667));
	});

	it('closes a socket that stayed silent too long when its group comes, and pings the rest', () => {
		const h = hall(30);
		h.advance(61_000);
		h.lastSeen.set(0, h.now - 1_000); // socket 0 answered a second ago
		h.pinger.tick(); // group 0: sockets 0 and 15
		expect(h.pinged).toEqual([0]);
		expect(h.closed).toEqual([{ socket: 15, idleMs: 61_000 }]);
	});

	it('forgets a socket once removed, and adds one only once', () => {
		const { pinger, pinged } = hall(3, 3);
		pinger.add(1);
		pinger.remove(2);
		expect(pinger.size).toBe(2);
		for (let tick = 0; tick < 3; tick++) pinger.tick();
		expect(pinged).toEqual([0, 1]);
	});

	it('ticks on its own once started, spread over the interval', () => {
		vi.useFakeTimers();
		const { pinger, pinged } = hall(30);
		pinger.start();
		vi.advanceTimersByTime(999);
		expect(pinged).toEqual([]);
		vi.advanceTimersByTime(1);
		expect(pinged).toEqual([0, 15]);
		vi.advanceTimersByTime(14_000);
		expect(pinged.length).toBe(30);
		pinger.stop();
		vi.advanceTimersByTime(15_000);
		expect(pinged.length).toBe(30);
	});
});
