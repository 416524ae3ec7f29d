import { describe, expect, it } from 'vitest';
import {
	canonicalJson,
	GENESIS_HASH,
	nextEntry,
	verifyChain,
	type AuditEntry
} from './audit-chain.ts';

function chain(): AuditEntry[] {
	const entries: AuditEntry[] = [];
	const add = (kind: AuditEntry['kind'], payload: Record<string, unknown>) =>
		entries.push(nextEntry(entries.at(-1) ?? null, 't1', kind, payload, 1000 + entries.length));
	add('topic.opened', { by: 'owner' });
	add('vote.accepted', { tracker: 'A', optionId: 'o1' });
	add('vote.accepted', { tracker: 'B', optionId: 'o2' });
	add('vote.refused', { ballotId: 'x', reason: 'already-voted' });
	add('vote.accepted', { tracker: 'C', optionId: 'o1' });
	add('topic.closed', { by: 'owner' });
	return entries;
}

describe('audit chain', () => {
	it('serialises objects with sorted keys', () => {
		expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }] })).toBe('{"a":[{"c":"x","d":2}],"b":1}');
	});

	it('verifies a clean chain and replays its totals', () => {
		const entries = chain();
		expect(entries[0].prev).toBe(GENESIS_HASH);
		expect(verifyChain(entries)).toEqual({
			ok: true,
			entries: 6,
			totals: { o1: 2, o2: 1 },
			head: entries[5].hash
		});
	});

	it('names a changed entry', () => {
		const entries = chain();
		entries[2] = { ...entries[2], payload: { tracker: 'B', optionId: 'o1' } };
		expect(verifyChain(entries)).toMatchObject({ ok: false, index: 2, n: 3 });
	});

	it('names the entry after a removed one', () => {
		const entries = chain();
		entries.splice(1, 1);
		expect(verifyChain(entries)).toMatchObject({ ok: false, index: 1 });
	});

	it('names reordered entries', () => {
		const entries = chain();
		[entries[3], entries[4]] = [entries[4], entries[3]];
		expect(verifyChain(entries)).toMatchObject({ ok: false, index: 3 });
	});

	it('catches an entry whose hash was recomputed after a change, at the next link', () => {
		const entries = chain();
		const forged = nextEntry(
			entries[0],
			't1',
			'vote.accepted',
			{ tracker: 'A', optionId: 'o2' },
			1001
		);
		entries[1] = forged;
		expect(verifyChain(entries)).toMatchObject({
			ok: false,
			index: 2,
			problem: expect.stringMatching(/link/)
		});
	});
});
