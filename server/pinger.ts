/**
 * Keeps idle sockets alive and finds dead ones. Voters send no awareness, so the server pings
 * every socket once per `intervalMs`; any frame a socket sends (the pong too) is its sign of
 * life, and a socket silent for `idleTimeoutMs` is closed.
 *
 * The pings are spread over the interval: each socket joins one of `groups` groups as it opens
 * (round robin), and every `intervalMs / groups` the next group is pinged and checked. A hall of
 * 10,000 phones gets 667 pings a second instead of 10,000 in one turn of the event loop every
 * interval, which held the loop ~190 ms while receipts and tallies waited behind it.
 */
export interface PingerDeps<S> {
	/** Each socket is pinged once per interval. */
	intervalMs: number;
	/** Groups the interval is cut into: one group is pinged per `intervalMs / groups`. */
	groups: number;
	idleTimeoutMs: number;
	now: () => number;
	lastSeen: (socket: S) => number;
	ping: (socket: S) => void;
	/** Closes a socket silent for longer than `idleTimeoutMs`. */
	close: (socket: S, idleMs: number) => void;
}

export function createPinger<S>(deps: PingerDeps<S>) {
	const groups = Array.from({ length: Math.max(1, Math.floor(deps.groups)) }, () => new Set<S>());
	const groupOf = new Map<S, Set<S>>();
	let joining = 0;
	let next = 0;

	/** Pings the next group, closing its sockets that stayed silent too long. */
	function tick() {
		const group = groups[next];
		next = (next + 1) % groups.length;
		const now = deps.now();
		for (const socket of group) {
			const idleMs = now - deps.lastSeen(socket);
			if (idleMs > deps.idleTimeoutMs) deps.close(socket, idleMs);
			else deps.ping(socket);
		}
	}

	let timer: ReturnType<typeof setInterval> | null = null;

	return {
		add(socket: S) {
			if (groupOf.has(socket)) return;
			const group = groups[joining];
			joining = (joining + 1) % groups.length;
			group.add(socket);
			groupOf.set(socket, group);
		},
		remove(socket: S) {
			groupOf.get(socket)?.delete(socket);
			groupOf.delete(socket);
		},
		tick,
		/** Ticks on a timer that does not keep the process alive. */
		start() {
			if (timer) return;
			timer = setInterval(tick, deps.intervalMs / groups.length);
			timer.unref();
		},
		stop() {
			if (timer) clearInterval(timer);
			timer = null;
		},
		get size() {
			return groupOf.size;
		}
	};
}
