import { describe, expect, it } from 'vitest';
import { hashEntry, lotPayload, nextEntry, verifyChain, type AuditEntry } from './audit-chain.ts';
import { countBallots } from './counting.ts';
import type { PollRules } from './poll.ts';

const RANKED: PollRules = { kind: 'ranked', minChoices: 1, maxChoices: 1, scoreMax: 5, seats: 1 };
const OPTIONS = ['jonas', 'amira', 'lena', 'tomasz'];
const BALLOTS = [['jonas'], ['jonas'], ['amira', 'lena'], ['lena'], ['tomasz', 'lena']];

function append(entries: AuditEntry[], kind: AuditEntry['kind'], payload: Record<string, unknown>) {
	entries.push(nextEntry(entries.at(-1) ?? null, 't1', kind, payload, 1000 + entries.length));
	return entries.at(-1)!;
}

/** The log of the reported five-ballot topic, closed, with the lot its count draws. */
function closedTie(rules: PollRules = RANKED) {
	const entries: AuditEntry[] = [];
	append(entries, 'topic.opened', { by: 'owner', rules, options: OPTIONS });
	BALLOTS.forEach((choice, i) => append(entries, 'vote.accepted', { tracker: `v${i}`, choice }));
	const last = entries.at(-1)!;
	const closed = append(entries, 'topic.closed', { by: 'owner', entries: last.n, head: last.hash });
	const tally = countBallots(rules, OPTIONS, BALLOTS, { seed: closed.hash });
	const payload = lotPayload(tally, closed.hash);
	if (payload) append(entries, 'count.lot', { ...payload });
	return { entries, tally, seed: closed.hash };
}

/** Rewrites one entry's payload and re-hashes the chain from there, as a forger would. */
function forge(entries: AuditEntry[], index: number, payload: Record<string, unknown>) {
	const copy = entries.map((entry) => ({ ...entry }));
	copy[index].payload = payload;
	for (let i = index; i < copy.length; i++) {
		copy[i].prev = i === 0 ? copy[0].prev : copy[i - 1].hash;
		copy[i].hash = hashEntry(copy[i]);
	}
	return copy;
}

describe('audit chain: lots', () => {
	it('replays a ranked tie decided by the lot seeded with the closing entry', () => {
		const { entries, tally, seed } = closedTie();
		expect(entries.at(-1)?.kind).toBe('count.lot');
		expect(entries.at(-1)?.payload.seed).toBe(seed);
		const check = verifyChain(entries);
		expect(check).toMatchObject({ ok: true, rounds: tally.rounds, lots: tally.lots });
	});

	it('fails a lot entry whose draw was changed, even with the chain re-hashed', () => {
		const { entries } = closedTie();
		const lot = entries.at(-1)!.payload as { seed: string; draws: { order: string[] }[] };
		const draws = lot.draws.map((draw) => ({ ...draw, order: [...draw.order].reverse() }));
		const check = verifyChain(forge(entries, entries.length - 1, { ...lot, draws }));
		expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/another draw/) });
	});

	it('fails a lot seeded with anything but the closing entry', () => {
		const { entries } = closedTie();
		const lot = entries.at(-1)!.payload;
		const check = verifyChain(forge(entries, entries.length - 1, { ...lot, seed: 'f'.repeat(64) }));
		expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/not seeded/) });
	});

	it('fails a closed log that leaves out the lot its count draws', () => {
		const { entries } = closedTie();
		const check = verifyChain(entries.slice(0, -1));
		expect(check).toMatchObject({ ok: false, problem: expect.stringMatching(/does not record/) });
	});

	it('still verifies a log written before lots were recorded (its opening rules name no seats)', () => {
		const { seats: _, ...older } = RANKED;
		const { entries } = closedTie(older);
		expect(verifyChain(entries.slice(0, -1)).ok).toBe(true);
	});
});
