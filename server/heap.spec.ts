import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEAP = fileURLToPath(new URL('./heap.ts', import.meta.url));

/**
 * In a process started as the server is (2 MB young generation): about 65 MB that stays alive,
 * then two million allocations that each live long enough to be promoted (a ring of 40,000), as
 * a voting hall's ballots do. Counts allocations, not time. Returns the largest committed heap
 * seen and what is alive after a full collection.
 */
function churn(capped: boolean): { peak: number; live: number } {
	const script = `
		import { getHeapStatistics } from 'node:v8';
		if (${capped}) (await import(${JSON.stringify(HEAP)})).capHeapGrowth();
		const kept = [];
		for (let i = 0; i < 400000; i++) kept.push({ i, s: 'x' + i, a: [i, i] });
		const ring = new Array(40000);
		let peak = 0;
		for (let k = 0; k < 2000000; k++) {
			ring[k % ring.length] = { k, b: new Array(8).fill(k) };
			if (k % 1000 === 0) peak = Math.max(peak, getHeapStatistics().total_heap_size);
		}
		globalThis.gc();
		const live = getHeapStatistics().used_heap_size;
		console.log(JSON.stringify({ peak, live, kept: kept.length + ring.length }));
	`;
	const output = execFileSync(
		process.execPath,
		['--expose-gc', '--max-semi-space-size=2', '--input-type=module', '-e', script],
		{ encoding: 'utf8' }
	);
	return JSON.parse(output);
}

describe('capHeapGrowth', () => {
	it('keeps the heap under twice its live size while promoted garbage piles up', () => {
		const { peak, live } = churn(true);
		expect(peak / live).toBeLessThan(2);
	});

	it('is needed: without it the same churn grows the heap past twice its live size', () => {
		const { peak, live } = churn(false);
		expect(peak / live).toBeGreaterThan(2);
	});
});
