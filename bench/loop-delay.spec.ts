import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseLoopDelay } from './loop-delay.ts';

describe('loop delay', () => {
	it("reads the delays from prom-client's default metrics, reset at every scrape", async () => {
		const registry = new Registry();
		collectDefaultMetrics({ register: registry });
		await registry.metrics();
		// Hold the loop 200 ms while the histogram samples it.
		await new Promise((resolve) => setTimeout(resolve, 30));
		const until = performance.now() + 200;
		while (performance.now() < until);
		await new Promise((resolve) => setTimeout(resolve, 30));
		const held = parseLoopDelay(await registry.metrics());
		expect(held).not.toBeNull();
		expect(held!.maxMs).toBeGreaterThanOrEqual(180);
		expect(held!.p50Ms).toBeLessThanOrEqual(held!.p99Ms);
		expect(held!.p99Ms).toBeLessThanOrEqual(held!.maxMs);
		// The scrape reset it: the next one saw no such hold.
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(parseLoopDelay(await registry.metrics())!.maxMs).toBeLessThan(150);
	});

	it('is null when the metrics lack it', () => {
		expect(parseLoopDelay('# nothing here\nplenum_votes_total 3\n')).toBeNull();
		expect(
			parseLoopDelay(
				'nodejs_eventloop_lag_p50_seconds 0.0101\nnodejs_eventloop_lag_p99_seconds 0.02\nnodejs_eventloop_lag_max_seconds 0.25\n'
			)
		).toEqual({ p50Ms: 10.1, p99Ms: 20, maxMs: 250 });
	});
});
