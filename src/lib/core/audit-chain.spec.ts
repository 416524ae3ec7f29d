import { describe, expect, it } from 'vitest';
import {
	canonicalJson,
	chainVerifier,
	checkHead,
	compareTotals,
	GENESIS_HASH,
	nextEntry,
	verifyChain,
	type AuditEntry
} from './audit-chain.ts';
import type { PollRules } from './poll.ts';

/** Builds a chain from entries given as [kind, payload]. */
function build(...items: [AuditEntry['kind'], Record<string, unknown>][]): AuditEntry[] {
	const entries: AuditEntry[] = [];
	for (const [kind, payload] of items) {
		entries.push(nextEntry(entries.at(-1) ?? null, 't1', kind, payload, 1000 + entries.length));
	}
	return entries;
}

const rules = (kind: PollRules['kind'], overrides: Partial<PollRules> = {}): PollRules => ({
	kind,
	minChoices: 1,
	maxChoices: 1,
	scoreMax: 5,
	...overrides
});

/** A chain as written before poll types: votes name one `optionId`, the opening no rules. */
function chain(): AuditEntry[] {
	return build(
		['topic.opened', { by: 'owner' }],
		['vote.accepted', { tracker: 'A', optionId: 'o1' }],
		['vote.accepted', { tracker: 'B', optionId: 'o2' }],
		['vote.refused', { ballotId: 'x', reason: 'already-voted' }],
		['vote.accepted', { tracker: 'C', optionId: 'o1' }],
		['topic.closed', { by: 'owner' }]
	);
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
			turnout: 3,
			head: entries[5].hash
		});
	});

	it('names a changed entry', () => {
		const entries = chain();
		entries[2] = { ...entries[2], payload: { tracker: 'B', optionId: 'o1' } };
		expect(verifyChain(entries)).toMatchObject({ ok: false, index: 2, n: 3 });
	});

	it('verifies entries handed over one at a time as it does a whole list', () => {
		function* oneByOne(entries: AuditEntry[]) {
			yield* entries;
		}
		const entries = chain();
		expect(verifyChain(oneByOne(entries))).toEqual(verifyChain(entries));
		entries[2] = { ...entries[2], payload: { tracker: 'B', optionId: 'o1' } };
		expect(verifyChain(oneByOne(entries))).toMatchObject({ ok: false, index: 2, n: 3 });
	});

	it('gives the same check fed entry by entry, and keeps the first failure once one was found', () => {
		const feed = (entries: AuditEntry[]) => {
			const verifier = chainVerifier();
			const answers = entries.map((entry) => verifier.add(entry));
			return { answers, check: verifier.finish() };
		};
		const entries = chain();
		const clean = feed(entries);
		expect(clean.answers).toEqual(entries.map(() => null));
		expect(clean.check).toEqual(verifyChain(entries));
		entries[2] = { ...entries[2], payload: { tracker: 'B', optionId: 'o1' } };
		const broken = feed(entries);
		const failure = { ok: false, index: 2, n: 3, problem: 'content does not match its hash' };
		expect(broken.answers).toEqual([null, null, failure, failure, failure, failure]);
		expect(broken.check).toEqual(failure);
		expect(verifyChain(entries)).toEqual(failure);
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

	it('verifies an empty chain with nothing counted', () => {
		expect(verifyChain([])).toEqual({
			ok: true,
			entries: 0,
			totals: {},
			turnout: 0,
			head: GENESIS_HASH
		});
	});
});

describe('audit chain replay with poll types', () => {
	const opened = (kind: PollRules['kind'], options = ['o1', 'o2', 'o3'], extra = {}) =>
		['topic.opened', { by: 'owner', rules: rules(kind, extra), options }] as [
			AuditEntry['kind'],
			Record<string, unknown>
		];

	it('counts only the last vote of a voter who changed it', () => {
		const entries = build(
			opened('single'),
			['vote.accepted', { tracker: 'A', choice: ['o1'] }],
			['vote.accepted', { tracker: 'B', choice: ['o1'] }],
			['vote.changed', { tracker: 'A2', replaces: 'A', choice: ['o2'] }],
			['vote.changed', { tracker: 'A3', replaces: 'A2', choice: ['o3'] }],
			['vote.changed', { tracker: 'B2', replaces: 'B', choice: ['o1'], late: true }],
			['topic.closed', { by: 'owner' }]
		);
		expect(verifyChain(entries)).toEqual({
			ok: true,
			entries: 7,
			totals: { o1: 1, o3: 1 },
			turnout: 2,
			head: entries[6].hash
		});
	});

	it('fails a change naming a tracker the log does not hold', () => {
		const entries = build(
			opened('single'),
			['vote.accepted', { tracker: 'A', choice: ['o1'] }],
			['vote.changed', { tracker: 'A2', replaces: 'Z', choice: ['o2'] }]
		);
		expect(verifyChain(entries)).toMatchObject({
			ok: false,
			index: 2,
			n: 3,
			problem: expect.stringMatching(/changes a vote/)
		});
	});

	it('fails a change naming a vote that was already replaced, or naming none', () => {
		const twice = build(
			opened('single'),
			['vote.accepted', { tracker: 'A', choice: ['o1'] }],
			['vote.changed', { tracker: 'A2', replaces: 'A', choice: ['o2'] }],
			['vote.changed', { tracker: 'A3', replaces: 'A', choice: ['o3'] }]
		);
		expect(verifyChain(twice)).toMatchObject({ ok: false, index: 3 });
		const nothing = build(opened('single'), ['vote.changed', { tracker: 'A2', choice: ['o2'] }]);
		expect(verifyChain(nothing)).toMatchObject({ ok: false, index: 1 });
	});

	it('fails a vote entry without a readable choice or tracker', () => {
		expect(
			verifyChain(build(opened('single'), ['vote.accepted', { tracker: 'A', choice: [] }]))
		).toMatchObject({ ok: false, index: 1, problem: expect.stringMatching(/choice/) });
		expect(verifyChain(build(opened('single'), ['vote.accepted', { tracker: 'A' }]))).toMatchObject(
			{ ok: false, index: 1 }
		);
		expect(
			verifyChain(build(opened('single'), ['vote.accepted', { choice: ['o1'] }]))
		).toMatchObject({ ok: false, index: 1 });
	});

	it('replays a ranked topic with its instant-runoff rounds', () => {
		const entries = build(
			opened('ranked', ['a', 'b', 'c']),
			['vote.accepted', { tracker: 'T1', choice: ['a', 'b'] }],
			['vote.accepted', { tracker: 'T2', choice: ['a'] }],
			['vote.accepted', { tracker: 'T3', choice: ['b', 'a'] }],
			['vote.accepted', { tracker: 'T4', choice: ['b'] }],
			['vote.accepted', { tracker: 'T5', choice: ['c', 'b'] }]
		);
		expect(verifyChain(entries)).toEqual({
			ok: true,
			entries: 6,
			totals: { a: 2, b: 2, c: 1 },
			turnout: 5,
			rounds: [
				{ totals: { a: 2, b: 2, c: 1 }, eliminated: ['c'], exhausted: 0 },
				{ totals: { a: 2, b: 3 }, eliminated: [], exhausted: 0 }
			],
			head: entries[5].hash
		});
	});

	it('replays a ranked topic after a change, with the new ranking only', () => {
		const entries = build(
			opened('ranked', ['a', 'b', 'c']),
			['vote.accepted', { tracker: 'T1', choice: ['a', 'b'] }],
			['vote.accepted', { tracker: 'T2', choice: ['c'] }],
			['vote.changed', { tracker: 'T3', replaces: 'T1', choice: ['c', 'a'] }]
		);
		const check = verifyChain(entries);
		expect(check).toMatchObject({ ok: true, totals: { c: 2 }, turnout: 2 });
		expect(check.ok && check.rounds).toEqual([
			{ totals: { a: 0, b: 0, c: 2 }, eliminated: [], exhausted: 0 }
		]);
	});

	it('replays multiple-choice approvals and score points', () => {
		const multiple = build(
			opened('multiple', ['o1', 'o2', 'o3'], { maxChoices: 3 }),
			['vote.accepted', { tracker: 'A', choice: ['o1', 'o2'] }],
			['vote.accepted', { tracker: 'B', choice: ['o2'] }]
		);
		expect(verifyChain(multiple)).toMatchObject({
			ok: true,
			totals: { o1: 1, o2: 2 },
			turnout: 2
		});
		const score = build(
			opened('score', ['o1', 'o2']),
			['vote.accepted', { tracker: 'A', choice: { o1: 5, o2: 0 } }],
			['vote.accepted', { tracker: 'B', choice: { o1: 2, o2: 0 } }],
			['vote.changed', { tracker: 'B2', replaces: 'B', choice: { o1: 1, o2: 4 } }]
		);
		expect(verifyChain(score)).toMatchObject({ ok: true, totals: { o1: 6, o2: 4 }, turnout: 2 });
	});

	it('counts only the options the topic opened with', () => {
		const entries = build(opened('single', ['o1', 'o2']), [
			'vote.accepted',
			{ tracker: 'A', choice: ['o9'] }
		]);
		expect(verifyChain(entries)).toMatchObject({ ok: true, totals: {}, turnout: 1 });
	});

	it('still replays legacy optionId entries next to new ones', () => {
		const entries = build(
			opened('single', ['o1', 'o2']),
			['vote.accepted', { tracker: 'A', optionId: 'o1' }],
			['vote.accepted', { tracker: 'B', choice: ['o2'] }],
			['vote.changed', { tracker: 'A2', replaces: 'A', choice: ['o2'] }]
		);
		expect(verifyChain(entries)).toMatchObject({ ok: true, totals: { o2: 2 }, turnout: 2 });
	});
});

describe('published head', () => {
	/** A chain whose closing entry names the head before it, as the server writes it. */
	function closedChain(): AuditEntry[] {
		const entries = build(
			['topic.opened', { by: 'owner' }],
			['vote.accepted', { tracker: 'A', optionId: 'o1' }],
			['vote.accepted', { tracker: 'B', optionId: 'o2' }]
		);
		const last = entries.at(-1)!;
		entries.push(
			nextEntry(last, 't1', 'topic.closed', { by: 'owner', entries: 3, head: last.hash }, 2000)
		);
		return entries;
	}

	it('finds the head in a whole export and counts entries after it', () => {
		const entries = closedChain();
		expect(verifyChain(entries).ok).toBe(true);
		expect(checkHead(entries, entries[3].hash)).toEqual({ ok: true, after: 0 });
		expect(checkHead(entries, entries[2].hash)).toEqual({ ok: true, after: 1 });
	});

	it('misses the head in an export cut short, which the chain alone cannot tell', () => {
		const entries = closedChain();
		const cut = entries.slice(0, 3);
		expect(verifyChain(cut).ok).toBe(true);
		expect(checkHead(cut, entries[3].hash)).toMatchObject({ ok: false });
	});

	it('misses the head when two votes are swapped and the chain re-hashed', () => {
		const entries = closedChain();
		const swapped = build(
			['topic.opened', { by: 'owner' }],
			['vote.accepted', { tracker: 'B', optionId: 'o2' }],
			['vote.accepted', { tracker: 'A', optionId: 'o1' }]
		);
		expect(verifyChain(swapped).ok).toBe(true);
		expect(checkHead(swapped, entries[2].hash)).toMatchObject({ ok: false });
	});

	it('refuses a closing entry that names another head than the entry before it', () => {
		const entries = closedChain().slice(0, 3);
		entries.push(
			nextEntry(entries[2], 't1', 'topic.closed', { by: 'o', entries: 2, head: entries[1].hash }, 9)
		);
		expect(verifyChain(entries)).toMatchObject({
			ok: false,
			n: 4,
			problem: 'closing entry names another head than the entry before it'
		});
	});
});

describe('compareTotals', () => {
	it('agrees when totals and turnout match, zero options missing on either side', () => {
		expect(
			compareTotals(
				{ turnout: 3, totals: { o1: 2, o2: 1 } },
				{ turnout: 3, totals: { o1: 2, o2: 1, o3: 0 } }
			)
		).toEqual([]);
	});

	it('names each option that differs, and a different turnout', () => {
		expect(
			compareTotals(
				{ turnout: 3, totals: { o1: 2, o2: 1 } },
				{ turnout: 4, totals: { o1: 1, o3: 2 } }
			)
		).toEqual([
			'option o1: the log counts 2, the results say 1',
			'option o2: the log counts 1, the results say 0',
			'option o3: the log counts 0, the results say 2',
			'turnout: the log counts 3, the results say 4'
		]);
	});

	it('catches a turnout difference alone (approvals add up to more than the turnout)', () => {
		expect(
			compareTotals(
				{ turnout: 2, totals: { o1: 2, o2: 2 } },
				{ turnout: 3, totals: { o1: 2, o2: 2 } }
			)
		).toEqual(['turnout: the log counts 2, the results say 3']);
	});
});
