/**
 * One writer per room: a room is a meeting with its topics, or a topic outside any meeting, and
 * the instance that holds the room's lease is the only one that serves (and so writes) its
 * documents. nginx sends every socket of a room to one instance by the `room` parameter of its
 * URL; the lease makes that explicit, so that when the upstream list changes or an instance dies,
 * the new instance takes over only once the old one's lease is given up or has lapsed.
 *
 * - A socket (or results feed) asking for a room's document takes or renews the room's lease
 *   (`own`); when another instance holds it, the socket is closed with `servedElsewhere` so the
 *   client comes back, with its backoff, through nginx to the room's instance.
 * - Held leases are renewed every third of their TTL; one found taken by another instance (this
 *   one stalled, or Redis lost it and another took it first) is lost: the room's sockets here are
 *   closed and the publisher stops writing the room's documents (`mayWrite`).
 * - When the last document of a room unloads here, its lease is given back.
 * - A socket for a room another instance holds also asks that instance, through the shared
 *   events, to hand the room over (`room-wanted`): nginx routes the room here now (an instance
 *   came back, or the upstream list changed). The holder closes the room's sockets, waits until
 *   its documents are stored and unloaded, then gives the lease back; its clients reconnect
 *   through nginx to the new instance. A room is handed over at most once per lease TTL after it
 *   was taken, so two routers that disagree cannot bounce it back and forth faster than that.
 * - Documents of a room whose lease is lost are not stored here any more (`mayStore`), so a late
 *   compaction cannot overwrite what the new owner wrote.
 * - While Redis does not answer, a held lease is kept (nobody else can take it either).
 *
 * The fencing token of each lease is kept with it, logged on each change of owner, and sent with
 * every load, append and compaction of the room's documents (`fenceOf`): the store keeps the
 * highest token seen per room and refuses a lower one, so an instance that stalled past its lease
 * (and has not noticed yet) cannot write a room its new holder serves.
 */
import type { Logger } from '../../src/lib/server/log.ts';
import type { SharedState } from './shared-state.ts';

export function createOwnership(deps: {
	shared: SharedState;
	/** False: every instance serves every room (one instance, or no router keyed by room). */
	enabled: boolean;
	ttlMs: number;
	/** Closes what this instance serves of a room it no longer owns. */
	onLost: (room: string) => void;
	/** Whether a document is loaded here now. */
	isLoaded: (name: string) => boolean;
	log: Logger;
}) {
	/** Leases held: their fencing token, and when a socket last asked for the room. */
	const held = new Map<string, number>();
	const asked = new Map<string, number>();
	/** When each lease was taken, and when this instance last asked another for a room. */
	const takenAt = new Map<string, number>();
	const wanted = new Map<string, number>();
	/** The room of each document served here, so a room's lease goes back with its last one. */
	const roomOf = new Map<string, string>();

	/** Whether a document of the room is loaded here. */
	function inUse(room: string): boolean {
		for (const [name, of] of roomOf) if (of === room && deps.isLoaded(name)) return true;
		return false;
	}

	/** `keepDocuments`: their room stays known, so they are not stored (`mayStore`) until unloaded. */
	function forget(room: string, keepDocuments = false) {
		held.delete(room);
		asked.delete(room);
		takenAt.delete(room);
		if (keepDocuments) return;
		for (const [name, of] of roomOf) if (of === room) roomOf.delete(name);
	}

	function lose(room: string) {
		forget(room, true);
		deps.log.warn({ room }, 'room lease lost, closing its sockets here');
		deps.onLost(room);
	}

	async function renew() {
		for (const [room, token] of [...held]) {
			// Taken for a socket whose documents never loaded (refused, or gone): give it back.
			if (Date.now() - (asked.get(room) ?? 0) > deps.ttlMs && !inUse(room)) {
				forget(room);
				await deps.shared.leases.release(room).catch(() => {});
				continue;
			}
			let next: number | null;
			try {
				next = await deps.shared.leases.acquire(room, deps.ttlMs);
			} catch (error) {
				deps.log.warn({ err: error, room }, 'room lease not renewed, kept');
				continue;
			}
			if (!held.has(room)) continue;
			if (next === null) lose(room);
			else if (next !== token) {
				// Redis forgot the lease (a restart) and this instance took it again.
				held.set(room, next);
				deps.log.info({ room, token: next }, 'room lease taken again');
			}
		}
	}

	const timer = deps.enabled ? setInterval(() => void renew(), deps.ttlMs / 3) : null;
	timer?.unref();

	return {
		/** Whether this instance serves the room: takes or renews its lease. */
		async own(room: string): Promise<boolean> {
			if (!deps.enabled) return true;
			// Held and renewed a moment ago: a join wave of a thousand phones costs no round trips.
			if (held.has(room) && Date.now() - (asked.get(room) ?? 0) < deps.ttlMs / 3) {
				asked.set(room, Date.now());
				return true;
			}
			let token: number | null;
			try {
				token = await deps.shared.leases.acquire(room, deps.ttlMs);
			} catch (error) {
				// Without Redis nobody can take a lease: serve what this instance already serves.
				deps.log.warn({ err: error, room }, 'room lease not checked');
				return held.has(room);
			}
			if (token === null) {
				if (held.has(room)) lose(room);
				if (Date.now() - (wanted.get(room) ?? 0) > deps.ttlMs / 3) {
					wanted.set(room, Date.now());
					void deps.shared.events.publish({ kind: 'room-wanted', room });
				}
				return false;
			}
			wanted.delete(room);
			if (held.get(room) !== token) {
				deps.log.info({ room, token }, 'room lease taken');
				takenAt.set(room, Date.now());
			}
			held.set(room, token);
			asked.set(room, Date.now());
			return true;
		},
		/** Whether the publisher may write this room's documents here. */
		mayWrite: (room: string) => !deps.enabled || held.has(room),
		/** Whether a document may be stored here: its room's lease is held (or was never taken). */
		mayStore(name: string) {
			const room = roomOf.get(name);
			return !deps.enabled || room === undefined || held.has(room);
		},
		/**
		 * The lease a document of this instance's rooms is written under: the store refuses it once
		 * a newer holder has written the room (null: no leases, or the room is not held here).
		 */
		fenceOf(name: string): { room: string; token: number } | null {
			const room = roomOf.get(name);
			const token = room === undefined ? undefined : held.get(room);
			return !deps.enabled || room === undefined || token === undefined ? null : { room, token };
		},
		/** Another instance is sent the room's sockets now: close them here and give the room up. */
		async handOver(room: string) {
			if (!held.has(room) || Date.now() - (takenAt.get(room) ?? 0) < deps.ttlMs) return;
			deps.log.info({ room }, 'handing room over');
			deps.onLost(room);
			// Stored and unloaded while the lease is still ours, within bounds.
			const until = Date.now() + deps.ttlMs;
			while (inUse(room) && Date.now() < until) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			if (!held.has(room)) return;
			forget(room);
			await deps.shared.leases.release(room).catch(() => {});
		},
		/** A document of `room` is served here. */
		serving(name: string, room: string) {
			if (deps.enabled) roomOf.set(name, room);
		},
		/** A document unloaded: its room's lease goes back with the room's last document. */
		async unloaded(name: string) {
			const room = roomOf.get(name);
			roomOf.delete(name);
			if (!room || inUse(room) || !held.has(room)) return;
			// A socket asked for the room a moment ago: its document may be loading; the renewal
			// gives the lease back later if it is not.
			if (Date.now() - (asked.get(room) ?? 0) < deps.ttlMs / 3) return;
			forget(room);
			await deps.shared.leases
				.release(room)
				.catch((error) => deps.log.warn({ err: error, room }, 'room lease not given back'));
		},
		/** Rooms whose lease this instance holds. */
		rooms: () => [...held.keys()],
		/** Gives every lease back (on shutdown), so the next owner need not wait for them to lapse. */
		async stop() {
			if (timer) clearInterval(timer);
			const rooms = [...held.keys()];
			held.clear();
			await Promise.all(rooms.map((room) => deps.shared.leases.release(room).catch(() => {})));
		},
		/** One renewal round now (for specs). */
		renew
	};
}

export type Ownership = ReturnType<typeof createOwnership>;
