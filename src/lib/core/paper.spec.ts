import { describe, expect, it } from 'vitest';
import { nextEntry, verifyChain, type AuditEntry } from './audit-chain.ts';
import { countBallots } from './counting.ts';
import {
	PAPER_AFTER_CLOSE_MS,
	paperBallots,
	paperFits,
	paperTotals,
	paperWindow,
	parsePaperBatch
} from './paper.ts';
import type { PollRules } from './poll.ts';

const rules = (kind: PollRules['kind'], overrides: Partial<PollRules> = {}): PollRules => ({
	kind,
	minChoices: 1,
	maxChoices: 1,
	scoreMax: 5,
	seats: 1,
	...overrides
});
const ids = ['a', 'b', 'c'];

describe('a batch of paper ballots', () => {
	it('takes counts per option on a single-choice topic, the ballots being their sum', () => {
		expect(
			parsePaperBatch(rules('single'), ids, { counts: { a: 3, b: 0, c: 2 }, note: ' box 1 ' })
		).toEqual({ ok: true, batch: { ballots: 5, counts: { a: 3, c: 2 }, note: 'box 1' } });
	});

	it('refuses ranked and score topics, whose count needs whole ballots', () => {
		for (const kind of ['ranked', 'score'] as const) {
			const check = parsePaperBatch(rules(kind), ids, { counts: { a: 1 } });
			expect(check).toMatchObject({ ok: false, code: 'paper-kind-unsupported' });
		}
	});

	it('refuses unknown options, negative or fractional counts, and an empty batch', () => {
		const single = rules('single');
		for (const counts of [{ x: 1 }, { a: -1 }, { a: 1.5 }, { a: '2' }, [1], null]) {
			expect(parsePaperBatch(single, ids, { counts })).toMatchObject({
				ok: false,
				code: 'paper-counts-invalid'
			});
		}
		expect(parsePaperBatch(single, ids, { counts: { a: 0 } })).toMatchObject({
			code: 'paper-empty'
		});
		expect(parsePaperBatch(single, ids, { counts: { a: 2 }, ballots: 3 })).toMatchObject({
			code: 'paper-counts-mismatch'
		});
		expect(parsePaperBatch(single, ids, { counts: { a: 2 }, note: 'x'.repeat(201) })).toMatchObject(
			{ code: 'paper-note-too-long' }
		);
	});

	it('needs the number of ballots on a multiple-choice topic, and counts that fit its limits', () => {
		const multiple = rules('multiple', { minChoices: 1, maxChoices: 2 });
		expect(parsePaperBatch(multiple, ids, { counts: { a: 2, b: 1 } })).toMatchObject({
			code: 'paper-ballots-invalid'
		});
		// An option on more ballots than there are, or more marks than two per ballot.
		expect(parsePaperBatch(multiple, ids, { ballots: 2, counts: { a: 3 } })).toMatchObject({
			code: 'paper-counts-mismatch'
		});
		expect(
			parsePaperBatch(multiple, ids, { ballots: 2, counts: { a: 2, b: 2, c: 1 } })
		).toMatchObject({ code: 'paper-counts-mismatch' });
		// Fewer marks than one per ballot.
		expect(parsePaperBatch(multiple, ids, { ballots: 3, counts: { a: 2 } })).toMatchObject({
			code: 'paper-counts-mismatch'
		});
		expect(
			parsePaperBatch(multiple, ids, { ballots: 3, counts: { a: 3, b: 2, c: 1 } })
		).toMatchObject({ ok: true, batch: { ballots: 3 } });
	});

	it('stands for ballots that count exactly its figures, none naming an option twice', () => {
		const multiple = rules('multiple', { minChoices: 1, maxChoices: 3, seats: 2 });
		const batch = { ballots: 4, counts: { a: 4, b: 3, c: 2 } };
		const ballots = paperBallots(batch);
		expect(ballots).toHaveLength(4);
		for (const ballot of ballots) {
			expect(new Set(ballot as string[]).size).toBe((ballot as string[]).length);
			expect((ballot as string[]).length).toBeGreaterThanOrEqual(2);
			expect((ballot as string[]).length).toBeLessThanOrEqual(3);
		}
		const tally = countBallots(multiple, ids, ballots);
		expect(tally.totals).toEqual({ a: 4, b: 3, c: 2 });
		expect(tally.turnout).toBe(4);
		expect(tally.elected).toEqual(['a', 'b']);
		const single = paperBallots({ ballots: 3, counts: { b: 1, a: 2 } });
		expect(countBallots(rules('single'), ids, single).totals).toEqual({ a: 2, b: 1, c: 0 });
	});

	it('adds batches up as the paper part of the results', () => {
		expect(paperTotals([])).toBeNull();
		expect(
			paperTotals([
				{ ballots: 2, counts: { a: 2 } },
				{ ballots: 3, counts: { a: 1, b: 2 } }
			])
		).toEqual({ ballots: 5, totals: { a: 3, b: 2 }, batches: 2 });
	});
});

describe('when a topic takes paper ballots', () => {
	const topic = { kind: 'single' as const, status: 'open' as const, closedAt: null };
	it('while open, and for 24 hours after it closed, unless its meeting ended', () => {
		expect(paperWindow(topic, null, 5)).toBeNull();
		expect(paperWindow({ ...topic, status: 'draft' }, null, 5)).toBe('paper-topic-not-open');
		const closed = { ...topic, status: 'closed' as const, closedAt: 1000 };
		expect(paperWindow(closed, null, 1000 + PAPER_AFTER_CLOSE_MS)).toBeNull();
		expect(paperWindow(closed, null, 1001 + PAPER_AFTER_CLOSE_MS)).toBe('paper-too-late');
		expect(paperWindow(topic, 3, 5)).toBe('paper-meeting-ended');
		expect(paperWindow({ ...topic, kind: 'ranked' }, null, 5)).toBe('paper-kind-unsupported');
	});
});

describe('paper in a roll meeting', () => {
	it('keeps votes and paper together within the roll the topic opened with', () => {
		expect(paperFits(3, 1, 2)).toBeNull();
		expect(paperFits(3, 1, 3)).toBe('paper-over-eligible');
		expect(paperFits(null, 100, 5)).toBeNull();
	});
});

describe('paper in the audit replay', () => {
	function build(...items: [AuditEntry['kind'], Record<string, unknown>][]): AuditEntry[] {
		const entries: AuditEntry[] = [];
		for (const [kind, payload] of items) {
			entries.push(nextEntry(entries.at(-1) ?? null, 't1', kind, payload, 1000 + entries.length));
		}
		return entries;
	}
	const opened = { by: 'h', rules: rules('single'), options: ids };

	it('counts the batches with the votes and states them apart', () => {
		const check = verifyChain(
			build(
				['topic.opened', opened],
				['vote.accepted', { tracker: 'T1', choice: ['a'] }],
				['paper.added', { by: 'h', ballots: 3, counts: { a: 1, b: 2 }, note: 'box' }],
				['topic.closed', { by: 'h' }],
				['paper.added', { by: 'h', ballots: 1, counts: { c: 1 }, note: '' }]
			)
		);
		expect(check).toMatchObject({
			ok: true,
			totals: { a: 2, b: 2, c: 1 },
			turnout: 5,
			paper: { ballots: 4, totals: { a: 1, b: 2, c: 1 }, batches: 2 }
		});
	});

	it('refuses a batch the topic could not take', () => {
		for (const payload of [
			{ by: 'h', ballots: 4, counts: { a: 1, b: 2 }, note: '' },
			{ by: 'h', ballots: 1, counts: { zz: 1 }, note: '' }
		]) {
			const check = verifyChain(build(['topic.opened', opened], ['paper.added', payload]));
			expect(check).toMatchObject({ ok: false, n: 2 });
		}
		const ranked = { ...opened, rules: rules('ranked') };
		expect(
			verifyChain(
				build(['topic.opened', ranked], ['paper.added', { by: 'h', ballots: 1, counts: { a: 1 } }])
			)
		).toMatchObject({ ok: false, problem: 'paper entry names a batch the topic cannot take' });
	});
});
