import { describe, expect, it } from 'vitest';
import { createWriteSlices } from './write-slices.ts';

/** Slices whose later turns run only when the spec says so. */
function slicesByHand(writesPerTurn: number) {
	const turns: (() => void)[] = [];
	const slices = createWriteSlices({ writesPerTurn, schedule: (run) => void turns.push(run) });
	/** Runs the next turn; false when none is due. */
	const turn = () => {
		const run = turns.shift();
		run?.();
		return run !== undefined;
	};
	return { slices, turn, due: () => turns.length };
}

/** A socket that records what reaches it, in order, and can close. */
function socket(slices: ReturnType<typeof createWriteSlices>, name: string, log: string[]) {
	let open = true;
	const lane = slices.lane<{ text: string }, string>({
		now(message) {
			if (open) log.push(`${name}:${message.text}`);
		},
		frame: (message) => message.text,
		write: (frame) => log.push(`${name}:${frame}`),
		open: () => open
	});
	return {
		lane,
		send: (message: { text: string }) => lane.send(message),
		close() {
			open = false;
		}
	};
}

const message = (text: string) => ({ text });

describe('write slices', () => {
	it('writes a broadcast to its first recipients at once and to the rest over later turns', () => {
		const { slices, turn, due } = slicesByHand(3);
		const log: string[] = [];
		const sockets = Array.from({ length: 8 }, (_, i) => socket(slices, `s${i}`, log));
		const tally = message('t1');
		for (const s of sockets) s.send(tally);
		expect(log).toEqual(['s0:t1', 's1:t1', 's2:t1']);
		expect(slices.queued()).toBe(5);
		expect(due()).toBe(1);
		turn();
		expect(log.slice(3)).toEqual(['s3:t1', 's4:t1', 's5:t1']);
		turn();
		expect(log.slice(6)).toEqual(['s6:t1', 's7:t1']);
		expect(slices.queued()).toBe(0);
		expect(due()).toBe(0);
		expect(slices.counts()).toMatchObject({ sliced: 5, dropped: 0 });
	});

	it('writes at once to a socket with nothing queued, even while a broadcast is being sliced', () => {
		const { slices, turn } = slicesByHand(2);
		const log: string[] = [];
		const sockets = Array.from({ length: 6 }, (_, i) => socket(slices, `s${i}`, log));
		const tally = message('t1');
		for (const s of sockets) s.send(tally);
		log.length = 0;
		// A receipt to a voter and a preview to a presenter: each its own message, one socket.
		sockets[1].send(message('receipt'));
		sockets[0].send(message('preview'));
		expect(log).toEqual(['s1:receipt', 's0:preview']);
		expect(slices.queued()).toBe(4);
		while (turn());
		expect(slices.queued()).toBe(0);
	});

	it("keeps each socket's frames in the order they were sent, under interleaved broadcasts", () => {
		const { slices, turn } = slicesByHand(2);
		const log: string[] = [];
		const sockets = Array.from({ length: 5 }, (_, i) => socket(slices, `s${i}`, log));
		const sent: string[][] = sockets.map(() => []);
		const send = (i: number, m: { text: string }) => (sockets[i].send(m), sent[i].push(m.text));
		for (let round = 0; round < 4; round++) {
			const tally = message(`t${round}`);
			// Broadcasts in changing orders, a unicast between them, a turn only now and then.
			const order = round % 2 === 0 ? [0, 1, 2, 3, 4] : [4, 3, 2, 1, 0];
			for (const i of order) send(i, tally);
			send(round % 5, message(`r${round}`));
			if (round === 1) turn();
		}
		expect(slices.queued()).toBeGreaterThan(0);
		// A unicast to a socket with frames queued takes them along first, at once.
		const queuedFor0 = sockets[0].lane.waiting;
		expect(queuedFor0).toBeGreaterThan(0);
		const before = log.length;
		send(0, message('last'));
		expect(log.length - before).toBe(queuedFor0 + 1);
		expect(log.at(-1)).toBe('s0:last');
		while (turn());
		for (const [i] of sockets.entries()) {
			const received = log.filter((line) => line.startsWith(`s${i}:`)).map((l) => l.slice(3));
			expect(received, `socket ${i}`).toEqual(sent[i]);
		}
		expect(slices.queued()).toBe(0);
		expect(slices.counts().sliced).toBeGreaterThan(0);
	});

	it('writes every frame once, in order, while lanes are emptied and filled again many times', () => {
		// Each lane keeps its queue's room between broadcasts: what it wrote must never come back.
		const { slices, turn } = slicesByHand(3);
		const log: string[] = [];
		const sockets = Array.from({ length: 7 }, (_, i) => socket(slices, `s${i}`, log));
		const sent: string[][] = sockets.map(() => []);
		let seed = 7;
		const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) >> 8) % n;
		for (let round = 0; round < 300; round++) {
			const tally = message(`t${round}`);
			const first = random(7);
			for (let k = 0; k < 7; k++) {
				const i = (first + k) % 7;
				sockets[i].send(tally);
				sent[i].push(tally.text);
			}
			if (random(3) === 0) {
				const i = random(7);
				const receipt = message(`r${round}`);
				sockets[i].send(receipt);
				sent[i].push(receipt.text);
			}
			// Zero to three turns: queues grow several frames deep, then drain.
			for (let turns = random(4); turns > 0; turns--) turn();
		}
		while (turn());
		for (const [i] of sockets.entries()) {
			const received = log.filter((line) => line.startsWith(`s${i}:`)).map((l) => l.slice(3));
			expect(received, `socket ${i}`).toEqual(sent[i]);
		}
		expect(slices.queued()).toBe(0);
	});

	it('drops what a socket has queued once it is closed, and writes nothing to it after', () => {
		const { slices, turn } = slicesByHand(1);
		const log: string[] = [];
		const sockets = Array.from({ length: 3 }, (_, i) => socket(slices, `s${i}`, log));
		const tally = message('t1');
		for (const s of sockets) s.send(tally);
		const second = message('t2');
		for (const s of sockets) s.send(second);
		expect(slices.queued()).toBe(4);
		sockets[1].close();
		while (turn());
		expect(log.filter((line) => line.startsWith('s1:'))).toEqual([]);
		expect(log.filter((line) => line.startsWith('s2:'))).toEqual(['s2:t1', 's2:t2']);
		expect(slices.queued()).toBe(0);
		expect(slices.counts().dropped).toBe(2);
	});

	it("writes a socket's queue before it closes, and every queue on shutdown", () => {
		const { slices, due } = slicesByHand(1);
		const log: string[] = [];
		const sockets = Array.from({ length: 3 }, (_, i) => socket(slices, `s${i}`, log));
		const tally = message('t1');
		for (const s of sockets) s.send(tally);
		sockets[2].lane.flush();
		expect(log).toEqual(['s0:t1', 's2:t1']);
		expect(sockets[2].lane.waiting).toBe(0);
		expect(slices.flush()).toBe(1);
		expect(log).toEqual(['s0:t1', 's2:t1', 's1:t1']);
		expect(slices.queued()).toBe(0);
		expect(due()).toBe(1); // the slice still due finds nothing to do
	});

	it('serves lanes in the order they last began to wait, broadcast after broadcast', () => {
		const { slices, turn } = slicesByHand(1);
		const log: string[] = [];
		const sockets = Array.from({ length: 4 }, (_, i) => socket(slices, `s${i}`, log));
		for (let round = 0; round < 3; round++) {
			log.length = 0;
			const tally = message(`t${round}`);
			for (const s of sockets) s.send(tally);
			// s1 is emptied by a message of its own, then waits again (for a second broadcast)
			// behind s2 and s3.
			sockets[1].send(message(`r${round}`));
			const next = message(`x${round}`);
			sockets[0].send(next);
			sockets[1].send(next);
			expect(slices.queued()).toBe(3);
			while (turn());
			expect(log).toEqual([
				`s0:t${round}`,
				`s1:t${round}`,
				`s1:r${round}`,
				`s0:x${round}`,
				`s2:t${round}`,
				`s3:t${round}`,
				`s1:x${round}`
			]);
			expect(slices.queued()).toBe(0);
		}
	});

	it('writes every broadcast in one go when slicing is off', () => {
		const { slices, due } = slicesByHand(0);
		const log: string[] = [];
		const sockets = Array.from({ length: 500 }, (_, i) => socket(slices, `s${i}`, log));
		const tally = message('t1');
		for (const s of sockets) s.send(tally);
		expect(log).toHaveLength(500);
		expect(due()).toBe(0);
	});
});
