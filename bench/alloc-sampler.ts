/**
 * Loaded into the bench's server with `--import` to see who allocates while a point runs (the
 * CPU profile puts GC at the root, so it does not say). The first SIGUSR2 starts V8's sampling
 * heap profiler keeping collected objects too (allocations, not what stays alive) and counts GC
 * from `perf_hooks`; the next SIGUSR2 writes `alloc-<pid>.heapprofile` and `alloc-<pid>.gc.json`
 * into `ALLOC_DIR` (default the working directory). Summarise with `bench/alloc-summary.ts`.
 *
 *   node bench/index.ts --steady --voters 1000 --rate 300 --seconds 8 \
 *     --server-env NODE_OPTIONS="--import ./bench/alloc-sampler.ts" --server-env ALLOC_DIR=/tmp/alloc
 *   # when it prints "ready:", and again after the point's line: kill -USR2 <server pid>
 *
 * With `--server-env ALLOC_PROMOTED=1` it leaves out what scavenges collected: what remains is
 * what lived long enough to be promoted into the old generation, the garbage that brings on full
 * collections.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';

const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) =>
	new Promise<T>((resolve, reject) =>
		session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)))
	);

let sampling = false;
let startedAt = 0;
let gc = { count: 0, ms: 0 };

new PerformanceObserver((list) => {
	if (!sampling) return;
	for (const entry of list.getEntries()) {
		gc.count++;
		gc.ms += entry.duration;
	}
}).observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', async () => {
	const dir = process.env.ALLOC_DIR ?? '.';
	if (!sampling) {
		sampling = true;
		startedAt = Date.now();
		gc = { count: 0, ms: 0 };
		await post('HeapProfiler.enable');
		await post('HeapProfiler.startSampling', {
			samplingInterval: 32_768,
			includeObjectsCollectedByMajorGC: true,
			// ALLOC_PROMOTED=1: what a scavenge collected is left out, so the profile shows what
			// outlived the young generation (promoted, whether a full collection freed it later).
			includeObjectsCollectedByMinorGC: process.env.ALLOC_PROMOTED !== '1'
		});
		return;
	}
	sampling = false;
	const { profile } = await post<{ profile: unknown }>('HeapProfiler.stopSampling');
	writeFileSync(join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(profile));
	const seconds = (Date.now() - startedAt) / 1000;
	writeFileSync(join(dir, `alloc-${process.pid}.gc.json`), JSON.stringify({ ...gc, seconds }));
});
