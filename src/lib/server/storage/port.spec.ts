import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../core/audit-chain.ts';
import {
	db,
	runAsync,
	runSync,
	together,
	type AsyncPort,
	type Port,
	type UseCase
} from './port.ts';

const entry = (n: number): AuditEntry => ({
	topicId: 't1',
	n,
	kind: 'vote.accepted',
	payload: {},
	at: 0,
	prev: '',
	hash: `h${n}`
});

/**
 * A networked port whose operations answer only when the spec says so: `calls` records what was
 * asked, in order, and `answer(i, value)` or `fail(i, error)` settles the i-th call.
 */
function heldPort() {
	const calls: { op: string; args: unknown[] }[] = [];
	const settle: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
	const port = new Proxy({} as AsyncPort, {
		get:
			(_, op) =>
			(...args: unknown[]) => {
				calls.push({ op: String(op), args });
				return new Promise((resolve, reject) => settle.push({ resolve, reject }));
			}
	});
	return {
		port,
		calls,
		answer: (index: number, value?: unknown) => settle[index].resolve(value),
		fail: (index: number, error: unknown) => settle[index].reject(error)
	};
}

/** Lets every settled promise's callbacks run. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Whether `promise` has settled yet. */
async function settled(promise: Promise<unknown>) {
	let done = false;
	promise.then(
		() => (done = true),
		() => (done = true)
	);
	await turn();
	return done;
}

function* writeThenRead(): UseCase<number | null> {
	yield* db.insertAudit(entry(1));
	yield* db.insertAudit(entry(2));
	return (yield* db.lastAudit('t1'))?.n ?? null;
}

describe('runAsync', () => {
	it('inside a transaction sends writes without waiting, and settles once they have answered', async () => {
		const held = heldPort();
		const run = runAsync(held.port, writeThenRead(), { sendAhead: true });
		await turn();
		// Both writes and the read were sent before any of them answered.
		expect(held.calls.map((call) => call.op)).toEqual(['insertAudit', 'insertAudit', 'lastAudit']);
		held.answer(2, { n: 2, hash: 'h2' });
		held.answer(1);
		expect(await settled(run)).toBe(false); // the first write has not answered yet
		held.answer(0);
		await expect(run).resolves.toBe(2);
	});

	it('outside a transaction waits for each operation before the next', async () => {
		const held = heldPort();
		const run = runAsync(held.port, writeThenRead());
		await turn();
		expect(held.calls.map((call) => call.op)).toEqual(['insertAudit']);
		held.answer(0);
		await turn();
		held.answer(1);
		await turn();
		expect(held.calls.map((call) => call.op)).toEqual(['insertAudit', 'insertAudit', 'lastAudit']);
		held.answer(2, null);
		await expect(run).resolves.toBeNull();
	});

	it('fails with the earliest failure in the order sent, not the refusals that followed it', async () => {
		const held = heldPort();
		const run = runAsync(held.port, writeThenRead(), { sendAhead: true });
		await turn();
		const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
		const aborted = Object.assign(new Error('current transaction is aborted'), { code: '25P02' });
		held.fail(2, aborted);
		held.fail(1, aborted);
		expect(await settled(run)).toBe(false);
		held.fail(0, duplicate);
		await expect(run).rejects.toBe(duplicate);
	});

	it('fails with the use case’s own error when no operation failed before it', async () => {
		const held = heldPort();
		const thrown = new Error('no such topic');
		const run = runAsync(
			held.port,
			(function* (): UseCase<void> {
				yield* db.insertAudit(entry(1));
				throw thrown;
			})(),
			{ sendAhead: true }
		);
		await turn();
		expect(await settled(run)).toBe(false); // the write is still on its way
		held.answer(0);
		await expect(run).rejects.toBe(thrown);
	});

	it('runs together’s parts side by side and answers their outcomes in order', async () => {
		const held = heldPort();
		const run = runAsync(
			held.port,
			(function* () {
				const [topic, [votes, guests]] = yield* together(
					db.getTopic('t1'),
					together(db.votesOf('t1', ['u1']), db.guestMeetingsOf(['u1']))
				);
				return { topic, votes, guests };
			})()
		);
		await turn();
		expect(held.calls.map((call) => call.op)).toEqual(['getTopic', 'votesOf', 'guestMeetingsOf']);
		held.answer(2, ['g']);
		held.answer(1, ['v']);
		held.answer(0, 'topic');
		await expect(run).resolves.toEqual({ topic: 'topic', votes: ['v'], guests: ['g'] });
	});

	it('leaves no part running when another part fails', async () => {
		const held = heldPort();
		const broken = new Error('connection lost');
		const run = runAsync(
			held.port,
			(function* () {
				return yield* together(
					db.getTopic('t1'),
					(function* () {
						yield* db.votesOf('t1', ['u1']);
						return yield* db.guestMeetingsOf(['u1']);
					})()
				);
			})()
		);
		await turn();
		held.fail(0, broken);
		expect(await settled(run)).toBe(false); // the second part still waits for its read
		held.answer(1, []);
		await turn();
		expect(held.calls.map((call) => call.op)).toEqual(['getTopic', 'votesOf', 'guestMeetingsOf']);
		expect(await settled(run)).toBe(false);
		held.answer(2, []);
		await expect(run).rejects.toBe(broken);
	});
});

describe('runSync', () => {
	it('runs together’s parts one after another', () => {
		const asked: string[] = [];
		const port = new Proxy({} as Port, {
			get:
				(_, op) =>
				(...args: unknown[]) => {
					asked.push(`${String(op)}(${args.join()})`);
					return asked.length;
				}
		});
		const outcome = runSync(
			port,
			(function* () {
				return yield* together(db.getMeeting('m1'), together(db.getMeeting('m2')));
			})()
		);
		expect(outcome).toEqual([1, [2]]);
		expect(asked).toEqual(['getMeeting(m1)', 'getMeeting(m2)']);
	});
});
