import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	capHeapGrowth,
	growingPercentFor,
	HEAP_GROWING_PERCENT,
	SMALL_HEAP_GROWING_PERCENT,
	SMALL_HEAP_MB,
	YOUNG_GENERATION_MB,
	semiSpaceFlags,
	youngGenerationFlags,
	youngGenerationWarning
} from './heap.ts';

const HEAP = fileURLToPath(new URL('./heap.ts', import.meta.url));

/** Runs `script` as a module in a node started with `flags`; what it printed, as JSON. */
function inNode<T>(flags: string[], script: string): T {
	const output = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
		encoding: 'utf8'
	});
	return JSON.parse(output);
}

/**
 * In a process started as the server is (its young generation reserved): about 65 MB that stays
 * alive, then two million allocations that each live long enough to be promoted (a ring of
 * 200,000, some 20 MB, more than the young generation holds), as a voting hall's ballots do.
 * Counts allocations, not time. Returns the largest committed heap seen and what is alive after
 * a full collection.
 */
function churn(capped: boolean): { peak: number; live: number } {
	const script = `
		import { getHeapStatistics } from 'node:v8';
		if (${capped}) (await import(${JSON.stringify(HEAP)})).capHeapGrowth();
		const kept = [];
		for (let i = 0; i < 400000; i++) kept.push({ i, s: 'x' + i, a: [i, i] });
		const ring = new Array(200000);
		let peak = 0;
		for (let k = 0; k < 2000000; k++) {
			ring[k % ring.length] = { k, b: new Array(8).fill(k) };
			if (k % 1000 === 0) peak = Math.max(peak, getHeapStatistics().total_heap_size);
		}
		globalThis.gc();
		const live = getHeapStatistics().used_heap_size;
		console.log(JSON.stringify({ peak, live, kept: kept.length + ring.length }));
	`;
	return inNode(['--expose-gc', ...youngGenerationFlags()], script);
}

describe('capHeapGrowth', () => {
	const MB = 1024 * 1024;

	it('lets a small heap grow less than a large one, whose collections take longer', () => {
		expect(growingPercentFor(40 * MB)).toBe(SMALL_HEAP_GROWING_PERCENT);
		expect(growingPercentFor(SMALL_HEAP_MB * MB - 1)).toBe(SMALL_HEAP_GROWING_PERCENT);
		expect(growingPercentFor(SMALL_HEAP_MB * MB)).toBe(HEAP_GROWING_PERCENT);
		expect(growingPercentFor(190 * MB)).toBe(HEAP_GROWING_PERCENT);
		expect(SMALL_HEAP_GROWING_PERCENT).toBeLessThan(HEAP_GROWING_PERCENT);
	});

	it('sets the cap at boot and again after each full collection, when the live size crosses', () => {
		const flags: string[] = [];
		let used = 40 * MB;
		let collected = () => {};
		const stop = capHeapGrowth({
			setFlag: (flag) => flags.push(flag),
			heapUsed: () => used,
			onFullCollection(listener) {
				collected = listener;
				return () => (collected = () => {});
			}
		});
		expect(flags).toEqual([`--heap-growing-percent=${SMALL_HEAP_GROWING_PERCENT}`]);
		// A hall joins: collections that leave the heap small change nothing.
		used = 80 * MB;
		collected();
		expect(flags).toHaveLength(1);
		used = 190 * MB;
		collected();
		used = 200 * MB;
		collected();
		// The hall leaves.
		used = 45 * MB;
		collected();
		expect(flags).toEqual([
			`--heap-growing-percent=${SMALL_HEAP_GROWING_PERCENT}`,
			`--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
			`--heap-growing-percent=${SMALL_HEAP_GROWING_PERCENT}`
		]);
		stop();
		used = 300 * MB;
		collected();
		expect(flags).toHaveLength(3);
	});

	it('keeps the heap under two and a half times its live size while promoted garbage piles up', () => {
		const { peak, live } = churn(true);
		expect(peak / live).toBeLessThan(2.5);
	});

	it('is needed: without it the same churn grows the heap past 2.8 times its live size (3.3 here)', () => {
		const { peak, live } = churn(false);
		expect(peak / live).toBeGreaterThan(2.8);
	});
});

/** What the heap module warns in a node started with `flags`. */
function warned(flags: string[]): string | null {
	const script = `
		const { youngGenerationWarning } = await import(${JSON.stringify(HEAP)});
		console.log(JSON.stringify(youngGenerationWarning()));
	`;
	return inNode(flags, script);
}

describe('the young generation', () => {
	it('is reserved by the flags the server is started with', () => {
		expect(warned(youngGenerationFlags())).toBeNull();
	});

	it('is named in a warning when the server was started without them', () => {
		for (const warning of [warned([]), warned(['--max-semi-space-size=2'])]) {
			expect(warning).toContain(`node ${youngGenerationFlags().join(' ')} server/index.ts`);
		}
	});

	it('reads both spellings and both forms of the flags, the last one winning', () => {
		expect(semiSpaceFlags(['--min_semi_space_size=8', '--max-semi-space-size', '8'])).toEqual({
			min: 8,
			max: 8
		});
		expect(semiSpaceFlags(['--max-semi-space-size=8', '--max-semi-space-size=2'])).toEqual({
			max: 2
		});
		expect(youngGenerationWarning({ min: YOUNG_GENERATION_MB, max: 16 })).not.toBeNull();
		expect(
			youngGenerationWarning({ min: YOUNG_GENERATION_MB, max: YOUNG_GENERATION_MB })
		).toBeNull();
	});

	it('is reserved by `yarn start` and `yarn room`', () => {
		const { scripts } = JSON.parse(
			readFileSync(new URL('../package.json', import.meta.url), 'utf8')
		) as { scripts: Record<string, string> };
		for (const name of ['start', 'room']) {
			expect(scripts[name]).toContain(`node ${youngGenerationFlags().join(' ')} `);
		}
	});
});
