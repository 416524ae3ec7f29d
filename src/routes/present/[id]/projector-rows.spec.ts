import { describe, expect, it } from 'vitest';
import { countBallots } from '$lib/core/counting.ts';
import type { PollRules } from '$lib/core/poll.ts';
import { keyAction } from '$lib/state/meeting-control.svelte.ts';
import { barGrid, projectorRows } from './projector-rows.ts';

const rules = (kind: PollRules['kind']): PollRules => ({
	kind,
	minChoices: 1,
	maxChoices: 1,
	scoreMax: 5
});
const options = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase() }));
const results = (tally: ReturnType<typeof countBallots>) => ({ ...tally, at: 0 });

describe('projectorRows', () => {
	it('gives counts, whole percentages and the leader of a single-choice topic', () => {
		const tally = countBallots(rules('single'), ['a', 'b', 'c'], [['a'], ['a'], ['b']]);
		const rows = projectorRows(options('a', 'b', 'c'), results(tally), rules('single'), {
			majority: 'simple',
			quorum: 0
		});
		expect(rows.map((row) => [row.id, row.count, row.percent, row.winner, row.tone])).toEqual([
			['a', 2, 67, true, 'plain'],
			['b', 1, 33, false, 'plain'],
			['c', 0, 0, false, 'plain']
		]);
	});

	it('weighted: bars are shares of the weight cast and the heaviest option leads, not the most heads', () => {
		const tally = countBallots(rules('single'), ['a', 'b'], [['a'], ['b'], ['b']]);
		const weight = { totals: { a: '0.5', b: '0.49' }, turnout: '0.99' };
		const rows = projectorRows(options('a', 'b'), { ...results(tally), weight }, rules('single'), {
			majority: 'simple',
			quorum: 0
		});
		expect(rows.map((row) => [row.id, row.count, row.weight, row.percent, row.winner])).toEqual([
			['a', 1, '0.5', 51, true],
			['b', 2, '0.49', 49, false]
		]);
	});

	it('marks yes, no and abstain, and names no winner when the motion fails', () => {
		const tally = countBallots(rules('yes-no'), ['y', 'n', 'x'], [['y'], ['n'], ['n'], ['x']]);
		const rows = projectorRows(options('y', 'n', 'x'), results(tally), rules('yes-no'), {
			majority: 'simple',
			quorum: 0
		});
		expect(rows.map((row) => row.tone)).toEqual(['yes', 'no', 'abstain']);
		expect(rows.some((row) => row.winner)).toBe(false);
	});

	it('shows a ranked count’s final round, and where each eliminated option left it', () => {
		const ballots = [['a'], ['a'], ['b', 'a'], ['c', 'b'], ['c'], ['d']];
		// Closed (a seed for the lot): b and d tie for last in round 1 and the lot separates them.
		const tally = countBallots(rules('ranked'), ['a', 'b', 'c', 'd'], ballots, {
			seed: 'a'.repeat(64)
		});
		const rows = projectorRows(options('a', 'b', 'c', 'd'), results(tally), rules('ranked'), {
			majority: 'simple',
			quorum: 0
		});
		const final = tally.rounds!.at(-1)!;
		for (const row of rows) {
			if (row.eliminatedIn === null) expect(row.count).toBe(final.totals[row.id]);
			else {
				expect(row.count).toBe(tally.rounds![row.eliminatedIn - 1].totals[row.id]);
				expect(tally.rounds![row.eliminatedIn - 1].eliminated).toContain(row.id);
			}
		}
		expect(rows.filter((row) => row.winner)).toHaveLength(1);
		expect(rows.filter((row) => row.eliminatedIn !== null).length).toBeGreaterThan(0);
	});

	it('hides nothing and claims no winner before anyone voted', () => {
		const tally = countBallots(rules('single'), ['a', 'b'], []);
		const rows = projectorRows(options('a', 'b'), results(tally), rules('single'), {
			majority: 'simple',
			quorum: 0
		});
		expect(rows.every((row) => row.count === 0 && row.percent === 0 && !row.winner)).toBe(true);
	});
});

describe('barGrid', () => {
	it('keeps up to 10 options in one column and splits more into two', () => {
		expect(barGrid(2)).toEqual({ columns: 1, rows: 2, stacked: true });
		expect(barGrid(5)).toEqual({ columns: 1, rows: 5, stacked: true });
		expect(barGrid(6)).toEqual({ columns: 1, rows: 6, stacked: false });
		expect(barGrid(10)).toEqual({ columns: 1, rows: 10, stacked: false });
		expect(barGrid(11)).toEqual({ columns: 2, rows: 6, stacked: false });
		expect(barGrid(20)).toEqual({ columns: 2, rows: 10, stacked: false });
	});
});

describe('keyAction', () => {
	it('maps the presenter keys, in either case', () => {
		expect(keyAction('ArrowRight', null)).toEqual({ command: 'next' });
		expect(keyAction('ArrowLeft', null)).toEqual({ command: 'previous' });
		expect(keyAction('O', null)).toEqual({ command: 'open' });
		expect(keyAction('c', null)).toEqual({ command: 'close' });
		expect(keyAction('r', null)).toEqual({ command: 'toggle-results' });
		expect(keyAction('t', null)).toEqual({ timer: 60 });
		expect(keyAction('f', null)).toBe('fullscreen');
		expect(keyAction('x', null)).toBeNull();
	});

	it('lets Enter confirm and Escape cancel only while a request waits', () => {
		expect(keyAction('Enter', null)).toBeNull();
		expect(keyAction('Escape', null)).toBeNull();
		expect(keyAction('Enter', 'close')).toBe('confirm');
		expect(keyAction('Escape', 'reveal')).toBe('cancel');
	});
});
