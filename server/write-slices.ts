/**
 * A large broadcast is written in slices, so it never holds the event loop for long. A tally
 * write of a topic document goes to every subscriber in one synchronous loop (Hocuspocus's
 * `broadcast`); at 10,000 phones that is 10,000 socket writes, 120–200 ms during which no vote is
 * read, no receipt written and no preview sent. Here the first `writesPerTurn` recipients of a
 * message are written at once (presenters come first in the broadcast order, `publisher.ts`), the
 * rest are queued and written `writesPerTurn` at a time on later turns (`setImmediate`, which runs
 * after the I/O the loop has polled), in the order they were sent.
 *
 * Each socket is a lane with its own queue, so its frames always go out in the order they were
 * sent: a frame for a lane with frames queued waits behind them, unless it may go now, and then
 * it takes the queued ones along first. A message is recognised as one broadcast by its identity
 * (Hocuspocus sends the same `Uint8Array` to every connection of a document), so a message sent
 * to one socket (a receipt, a presenter's preview) always goes at once, with that socket's queue
 * ahead of it.
 *
 * What is queued is the shared, pre-framed buffer (`socket-frames.ts`): a queued broadcast costs
 * a reference per socket, not a copy. A lane whose socket is no longer open when its turn comes
 * drops its frames, as `ws` drops what is sent after a close; a lane that closes itself writes its
 * queue first (`flush`). On shutdown `flush` writes every queue at once, before the sockets close.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** Socket writes per turn of the event loop, for one broadcast's first recipients and per slice. */
export const WRITES_PER_TURN = 256;

/** How a lane writes to its socket; made once per socket, so a send allocates nothing. */
export interface LaneWriter<Message extends object, Frame> {
	/** Writes a message at once. */
	now(message: Message): void;
	/** The frame to keep for a message that must wait: never changed once made. */
	frame(message: Message): Frame;
	/** Writes a frame that waited. */
	write(frame: Frame): void;
	/** Whether the socket still takes frames. */
	open(): boolean;
}

export interface Lane<Message extends object> {
	/**
	 * Sends a message at once (after this lane's queue), or queues its frame. The message's
	 * identity tells a broadcast: the same object sent to many sockets in a row.
	 */
	send(message: Message): void;
	/** Writes what this lane has queued, now (before its socket closes). */
	flush(): void;
	/** Frames waiting in this lane. */
	readonly waiting: number;
}

export interface WriteSlices {
	/** A lane for one socket. */
	lane<Message extends object, Frame>(writer: LaneWriter<Message, Frame>): Lane<Message>;
	/** Writes every queue now (shutdown); returns how many frames were written. */
	flush(): number;
	/** Frames waiting now, across every lane. */
	queued(): number;
	/** Totals since start: frames that waited for a later turn, and frames dropped at a close. */
	counts(): { sliced: number; dropped: number };
}

interface Queue {
	/**
	 * The lane's frames, `frames[0..size)`: kept with its room when emptied (its entries cleared),
	 * so a broadcast allocates nothing per socket. Emptied by `length = 0`, V8 would give the room
	 * back and the next frame would allocate it again: at 10,000 phones, 1.5 MB per broadcast that
	 * lives as long as the slices take, long enough to be promoted into the old generation.
	 */
	frames: unknown[];
	size: number;
	writer: LaneWriter<object, unknown>;
	/** Where this lane stands in the waiting order while it has frames queued, else -1. */
	place: number;
}

export function createWriteSlices(
	options: {
		/** `WRITES_PER_TURN` by default; 0 turns slicing off. */
		writesPerTurn?: number;
		/** Runs a slice on a later turn: `setImmediate` by default. */
		schedule?: (run: () => void) => void;
	} = {}
): WriteSlices {
	// 0: no slices, every broadcast in one go (as Hocuspocus alone does).
	const setting = options.writesPerTurn ?? WRITES_PER_TURN;
	const writesPerTurn = setting === 0 ? Infinity : Math.max(1, setting);
	const schedule = options.schedule ?? ((run: () => void) => void setImmediate(run));
	/**
	 * Lanes with frames queued, in the order they first had to wait, from `head` on; a lane that
	 * was emptied leaves a hole (null). An array kept and reused, not a Set: a broadcast to 10,000
	 * sockets would grow a Set's hash table to 10,000 entries and shrink it again every time, tables
	 * large enough to be allocated straight into the old generation, where only a full collection
	 * frees them.
	 */
	const waiting: (Queue | null)[] = [];
	let head = 0;
	let tail = 0;
	let lanesWaiting = 0;
	let queued = 0;
	let scheduled = false;
	const counts = { sliced: 0, dropped: 0 };
	/** The message being sent, and to how many sockets so far. */
	let current: object | null = null;
	let recipients = 0;

	/** Writes (or drops, if its socket closed) everything a lane has queued; returns the count. */
	function empty(queue: Queue): number {
		const frames = queue.frames;
		const count = queue.size;
		if (queue.place >= 0) {
			waiting[queue.place] = null;
			queue.place = -1;
			lanesWaiting--;
		}
		queued -= count;
		queue.size = 0;
		const open = queue.writer.open();
		for (let i = 0; i < count; i++) {
			const frame = frames[i];
			frames[i] = undefined;
			if (open) queue.writer.write(frame);
		}
		if (open) return count;
		counts.dropped += count;
		return 0;
	}

	function slice() {
		scheduled = false;
		// A broadcast that follows in a later turn counts its recipients anew.
		current = null;
		let written = 0;
		while (head < tail && written < writesPerTurn) {
			const queue = next();
			if (queue) written += empty(queue);
		}
		if (lanesWaiting > 0) later();
		else rewind();
	}

	/** Takes the lane at the head of the waiting order (null: a hole). */
	function next() {
		const queue = waiting[head];
		waiting[head++] = null;
		return queue;
	}

	/** Starts the waiting order over once nothing waits; the array keeps its room. */
	function rewind() {
		head = 0;
		tail = 0;
	}

	function wait(queue: Queue) {
		queue.place = tail;
		if (tail === waiting.length) waiting.push(queue);
		else waiting[tail] = queue;
		tail++;
		lanesWaiting++;
	}

	function later() {
		if (scheduled) return;
		scheduled = true;
		schedule(slice);
	}

	/**
	 * A socket's lane is its own queue: one object with its methods on the prototype (an object
	 * literal with a getter and three closures per socket was kept in dictionary mode, ~450 bytes
	 * of heap for every connected phone).
	 */
	class SliceLane implements Lane<object>, Queue {
		frames: unknown[] = [];
		size = 0;
		place = -1;
		readonly writer: LaneWriter<object, unknown>;

		constructor(writer: LaneWriter<object, unknown>) {
			this.writer = writer;
		}

		send(message: object) {
			if (message !== current) {
				current = message;
				recipients = 0;
			}
			recipients++;
			if (recipients <= writesPerTurn) {
				if (this.size > 0) empty(this);
				this.writer.now(message);
				return;
			}
			if (this.size === 0) wait(this);
			this.frames[this.size++] = this.writer.frame(message);
			queued++;
			counts.sliced++;
			later();
		}

		flush() {
			if (this.size > 0) empty(this);
		}

		get waiting() {
			return this.size;
		}
	}

	return {
		lane<Message extends object, Frame>(writer: LaneWriter<Message, Frame>): Lane<Message> {
			return new SliceLane(writer as LaneWriter<object, unknown>);
		},
		flush() {
			let written = 0;
			while (head < tail) {
				const queue = next();
				if (queue) written += empty(queue);
			}
			rewind();
			return written;
		},
		queued: () => queued,
		counts: () => ({ ...counts })
	};
}

/**
 * Exports the slices in `/metrics`: frames waiting now, and totals of frames that waited and of
 * frames dropped because their socket closed first.
 */
export function observeSlices(registry: Registry, slices: WriteSlices) {
	const registers = [registry];
	new Gauge({
		name: 'plenum_fanout_queued_writes',
		help: 'Socket writes of broadcasts waiting for a later turn of the event loop now.',
		registers,
		collect() {
			this.set(slices.queued());
		}
	});
	new Counter({
		name: 'plenum_fanout_sliced_writes_total',
		help: 'Socket writes of broadcasts that waited for a later turn of the event loop.',
		registers,
		collect() {
			this.reset();
			this.inc(slices.counts().sliced);
		}
	});
	new Counter({
		name: 'plenum_fanout_dropped_writes_total',
		help: 'Queued socket writes dropped because their socket closed before its turn.',
		registers,
		collect() {
			this.reset();
			this.inc(slices.counts().dropped);
		}
	});
}
