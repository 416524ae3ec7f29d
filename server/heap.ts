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
 * **Old generation** (`HEAP_GROWING_PERCENT`): V8 waits until the old generation is up to four
 * times its live size before marking it; under a voting hall's promotion the heap once rose to
 * 240 MB with 60 MB live and its pages stayed committed, which the soak saw as RSS. At 25% growth
 * the heap stays within about 1.4 times its live size, at the cost of a full collection every
 * few seconds to tens of seconds while a hall votes. Set from the process itself so it holds
 * however the server is started; V8 reads this flag at every full collection, so setting it at
 * boot takes effect from the first one.
 */
import { setFlagsFromString } from 'node:v8';

/** Percent the old generation may grow past its live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 25;

/** MB per semi-space of V8's young generation, reserved when the process starts. */
export const YOUNG_GENERATION_MB = 8;

/** The node flags that reserve the young generation (they must be given when node starts). */
export const youngGenerationFlags = (mb = YOUNG_GENERATION_MB) => [
	`--min-semi-space-size=${mb}`,
	`--max-semi-space-size=${mb}`
];

export function capHeapGrowth(percent = HEAP_GROWING_PERCENT) {
	setFlagsFromString(`--heap-growing-percent=${percent}`);
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
