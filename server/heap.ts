/**
 * Caps how far V8 lets the old generation grow past what survived its last full collection.
 *
 * The server runs with a 2 MB young generation (`--max-semi-space-size=2`, see
 * docs/BENCHMARKS.md), which keeps idle memory per voter small; under a voting hall's allocation
 * (500 votes/s at 1,000 phones) that young generation is collected every few tens of ms, so a
 * vote's short-lived objects (Yjs transactions of the ballot's request and receipt, the hooks'
 * payloads) are promoted to the old generation at about 5 MB/s. V8 then waits until the old
 * generation is up to four times its live size before marking it: with 60 MB live the heap rose
 * to 240 MB within 40 s of voting and its pages stayed committed, which the soak saw as RSS. At
 * 25% growth the heap stays within about 1.4 times its live size, at the cost of a full
 * collection every few seconds while a hall votes (a few percent of a core).
 *
 * Set from the process itself so it holds however the server is started (`yarn start`,
 * `yarn room`, the tests' and the benchmark's server, a service unit). V8 reads this flag at
 * every full collection, so setting it at boot takes effect from the first one.
 */
import { setFlagsFromString } from 'node:v8';

/** Percent the old generation may grow past its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 25;

export function capHeapGrowth(percent = HEAP_GROWING_PERCENT) {
	setFlagsFromString(`--heap-growing-percent=${percent}`);
}
