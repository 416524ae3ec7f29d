import { describe, expect, it } from 'vitest';
import {
	compareWeights,
	nextEntry,
	verifyChain,
	type AuditEntry,
	type AuditKind
} from './audit-chain.ts';

/** A chain of the given entries, linked and hashed as the store writes them. */
function chain(steps: [AuditKind, Record<string, unknown>][]): AuditEntry[] {
	const entries: AuditEntry[] = [];
	for (const [kind, payload] of steps) {
		entries.push(nextEntry(entries.at(-1) ?? null, 't1', kind, payload, entries.length));
	}
	return entries;
}

const rules = { kind: 'yes-no', minChoices: 1, maxChoices: 1, scoreMax: 5, seats: 1 };
const opened = (weight?: string): [AuditKind, Record<string, unknown>] => [
	'topic.opened',
	{
		by: 'h',
		rules,
		options: ['y', 'n', 'a'],
		roll: { version: 4, eligible: 3, ...(weight ? { weight } : {}) }
	}
];

describe('replaying a weighted topic', () => {
	it('recounts the weight of every vote, a changed vote with its new entry', () => {
		const check = verifyChain(
			chain([
				opened('1'),
				['vote.accepted', { tracker: 'A', choice: ['y'], weight: '0.5' }],
				['vote.accepted', { tracker: 'B', choice: ['y'], weight: '0.25' }],
				['vote.accepted', { tracker: 'C', choice: ['n'], weight: '0.25' }],
				['vote.changed', { tracker: 'B2', replaces: 'B', choice: ['n'], weight: '0.25' }]
			])
		);
		expect(check).toMatchObject({
			ok: true,
			totals: { y: 1, n: 2 },
			turnout: 3,
			weight: { totals: { y: '0.5', n: '0.5', a: '0' }, turnout: '1' }
		});
		if (!check.ok) return;
		expect(compareWeights(check.weight, { totals: { y: '0.50', n: '0.5' }, turnout: '1' })).toEqual(
			[]
		);
		expect(
			compareWeights(check.weight, { totals: { y: '0.75', n: '0.25' }, turnout: '1' })
		).toEqual([
			'option n: the log weighs 0.5, the results say 0.25',
			'option y: the log weighs 0.5, the results say 0.75'
		]);
		expect(compareWeights(check.weight, undefined)).toEqual([
			'the log counts weight, the results do not'
		]);
	});

	it('refuses a weighted topic’s vote entry without a readable weight', () => {
		const check = verifyChain(
			chain([opened('1'), ['vote.accepted', { tracker: 'A', choice: ['y'], weight: '1e3' }]])
		);
		expect(check).toMatchObject({
			ok: false,
			n: 2,
			problem: 'vote entry of a weighted topic names no weight'
		});
	});

	it('counts heads only when the opening names no weight', () => {
		const check = verifyChain(
			chain([opened(), ['vote.accepted', { tracker: 'A', choice: ['y'], weight: '5' }]])
		);
		expect(check).toMatchObject({ ok: true, totals: { y: 1 } });
		expect(check.ok && check.weight).toBe(undefined);
	});
});
