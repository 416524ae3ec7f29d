import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { majorGcBetween, parseLoopDelay, parseMajorGc } from './loop-delay.ts';

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

	it('counts the full collections between two scrapes', async () => {
		const registry = new Registry();
		collectDefaultMetrics({ register: registry });
		const before = parseMajorGc(await registry.metrics());
		expect(before).not.toBeNull();
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as () => void;
		// prom-client counts the first entry of each batch its observer is handed, so the two
		// collections are a turn apart, as a server's full collections are seconds apart.
		for (let i = 0; i < 2; i++) {
			gc();
			await new Promise((resolve) => setTimeout(resolve, 30));
		}
		const after = parseMajorGc(await registry.metrics());
		const between = majorGcBetween(before, after)!;
		expect(between.count).toBeGreaterThanOrEqual(2);
		expect(between.pauseMs).toBeGreaterThan(0);
	});

	it('reads no full collection as none, and missing metrics as unknown', () => {
		const histogram = (kind: string) =>
			`nodejs_gc_duration_seconds_sum{kind="${kind}"} 0.5\nnodejs_gc_duration_seconds_count{kind="${kind}"} 40\n`;
		expect(parseMajorGc(histogram('minor'))).toEqual({ count: 0, pauseMs: 0 });
		expect(parseMajorGc(histogram('minor') + histogram('major'))).toEqual({
			count: 40,
			pauseMs: 500
		});
		expect(parseMajorGc('plenum_votes_total 3\n')).toBeNull();
		expect(majorGcBetween(null, { count: 1, pauseMs: 2 })).toBeNull();
	});
});
