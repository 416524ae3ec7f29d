/**
 * How the server's V8 heap is sized: a young generation reserved at boot, and a cap on how far
 * the old generation may grow past what survived its last full collection.
 *
 * **Young generation** (`YOUNG_GENERATION_MB` per semi-space, both `--min-semi-space-size` and
 * `--max-semi-space-size`, passed by `yarn start`, `yarn room`, `scripts/cluster.ts` and the
 * tests' and the benchmark's server). Objects that outlive two young collections are promoted to
 * the old generation, and each full collection of it marks every live object, about 14 KB per
 * connected phone: at 10,000 phones that marking takes the event loop's core for a few hundred
 * milliseconds. A vote's messages wait for their batch, so how many of them are promoted depends
 * on how often the young generation is collected: at 8 MB per semi-space (V8 collects it about
 * four times less often than at 2 MB) a voting hall promotes less and the old generation fills
 * later. Its size is a fixed cost, not one per voter, so it is reserved at boot (`--min-`): the
 * process's memory does not jump when a hall starts voting (docs/BENCHMARKS.md). V8's default
 * lets it grow to 16 MB per semi-space, which earlier measurements found to be most of the
 * memory per voter at 1,000 phones. `youngGenerationWarning` says so when the server was started
 * without the flags.
 *
 * **Old generation** (`growingPercentFor`): V8 waits until the old generation is up to four
 * times its live size before marking it; under a voting hall's promotion the heap once rose to
 * 240 MB with 60 MB live and its pages stayed committed, which the soak saw as RSS. Capped, the
 * heap stays within a set share of its live size, at the cost of a full collection every few
 * seconds to tens of seconds while a hall votes. What a collection costs grows with what lives:
 * under `SMALL_HEAP_MB` of live heap (the server's own ~40 MB and up to some 4,000 phones) one
 * takes a few tens of milliseconds, so the heap may grow 10% before the next; above it (a hall
 * of 10,000 lives in ~190 MB, whose marking holds the event loop for a few hundred milliseconds)
 * 25%, so that they come less often. The 10% keeps 7–8 KB per voter less at 1,000 phones voting
 * at 2,000 votes/s (29 → 21–22 KB), 4–5 KB at 3,000, for one more full collection in 10 s of
 * voting (docs/BENCHMARKS.md). Set from the process itself so it holds however the server is
 * started, at boot and again after each full collection for the size it left; V8 reads the flag
 * at every full collection, so a change takes effect from the next one.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** Percent the old generation may grow past its live size before the next full collection… */
export const HEAP_GROWING_PERCENT = 25;
/** …and while less than `SMALL_HEAP_MB` of it lives. */
export const SMALL_HEAP_GROWING_PERCENT = 10;
export const SMALL_HEAP_MB = 100;

/** The growth allowed past `liveBytes` of live heap, in percent. */
export function growingPercentFor(liveBytes: number): number {
	return liveBytes < SMALL_HEAP_MB * 1024 * 1024
		? SMALL_HEAP_GROWING_PERCENT
		: HEAP_GROWING_PERCENT;
}

/** MB per semi-space of V8's young generation, reserved when the process starts. */
export const YOUNG_GENERATION_MB = 8;

/** The node flags that reserve the young generation (they must be given when node starts). */
export const youngGenerationFlags = (mb = YOUNG_GENERATION_MB) => [
	`--min-semi-space-size=${mb}`,
	`--max-semi-space-size=${mb}`
];

export interface HeapGrowthDeps {
	setFlag(flag: string): void;
	/** The heap's used bytes now (right after a full collection: what lives). */
	heapUsed(): number;
	/** Calls `listener` after every full collection; returns a function that stops it. */
	onFullCollection(listener: () => void): () => void;
}

const processHeap: HeapGrowthDeps = {
	setFlag: setFlagsFromString,
	heapUsed: () => getHeapStatistics().used_heap_size,
	onFullCollection(listener) {
		const observer = new PerformanceObserver((list) => {
			const full = list
				.getEntries()
				.some(
					(entry) =>
						(entry as { detail?: { kind?: number } }).detail?.kind ===
						constants.NODE_PERFORMANCE_GC_MAJOR
				);
			if (full) listener();
		});
		observer.observe({ entryTypes: ['gc'] });
		return () => observer.disconnect();
	}
};

/**
 * Caps the old generation's growth for the heap's size now, and again after every full
 * collection. Returns a function that stops following it.
 */
export function capHeapGrowth(deps: HeapGrowthDeps = processHeap): () => void {
	let percent = 0;
	const follow = () => {
		const next = growingPercentFor(deps.heapUsed());
		if (next === percent) return;
		percent = next;
		deps.setFlag(`--heap-growing-percent=${percent}`);
	};
	follow();
	return deps.onFullCollection(follow);
}

/**
 * The semi-space sizes (MB) given to node on its command line (NODE_OPTIONS refuses
 * `--min-semi-space-size`).
 */
export function semiSpaceFlags(args: string[] = process.execArgv): { min?: number; max?: number } {
	const found: { min?: number; max?: number } = {};
	const line = args.join(' ').replaceAll('_', '-');
	for (const [, which, mb] of line.matchAll(/--(min|max)-semi-space-size[= ](\d+)/g)) {
		found[which as 'min' | 'max'] = Number(mb);
	}
	return found;
}

/** A line for the log when node started without `youngGenerationFlags()`, else null. */
export function youngGenerationWarning(flags = semiSpaceFlags()): string | null {
	if (flags.min === YOUNG_GENERATION_MB && flags.max === YOUNG_GENERATION_MB) return null;
	return (
		`V8's young generation is not reserved as \`yarn start\` does (${YOUNG_GENERATION_MB} MB per ` +
		`semi-space): start the server with \`node ${youngGenerationFlags().join(' ')} ` +
		'server/index.ts` (docs/OPERATIONS.md)'
	);
}
