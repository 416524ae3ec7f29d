/**
 * The performance goals per hall size (N voters), and whether a measured point meets them. A point
 * passes when every p99 it has a target for is within it, the server accepted at least 95% of
 * what was offered, and nothing was lost or refused.
 */

export interface Targets {
	/** Rate the server should sustain at this N, votes per second. */
	goalRate: number;
	/** Writing `request` until the receipt arrives, p99 in ms. */
	receiptP99?: number;
	/** Vote sent until every observing phone shows it, p99 in ms. */
	fanoutP99?: number;
	/** Vote sent until the presenter's screen shows it, p99 in ms. */
	presenterP99?: number;
}

/** Goals for a 2-core machine, load generator included. */
export const TARGETS: Record<number, Targets> = {
	100: { goalRate: 5000, receiptP99: 100 },
	1000: { goalRate: 2000, receiptP99: 100, fanoutP99: 150 },
	3000: { goalRate: 1000, fanoutP99: 250 },
	10000: { goalRate: 1000, receiptP99: 250, fanoutP99: 500, presenterP99: 250 }
};

/** Targets for any N: those of the nearest listed size at or above it (the strictest that applies). */
export function targetsFor(voters: number): Targets {
	const sizes = Object.keys(TARGETS)
		.map(Number)
		.sort((a, b) => a - b);
	const size = sizes.find((s) => s >= voters) ?? sizes[sizes.length - 1];
	return TARGETS[size];
}

export interface PointOutcome {
	offeredPerSecond: number;
	acceptedPerSecond: number;
	receiptP99: number;
	fanoutP99: number;
	presenterP99: number;
	lost: number;
	refused: number;
	errors: number;
}

/** Reasons a point misses its targets; empty when it meets them all. */
export function misses(point: PointOutcome, targets: Targets): string[] {
	const out: string[] = [];
	const over = (value: number, limit: number | undefined, name: string) => {
		if (limit !== undefined && !(value <= limit)) out.push(`${name} p99 ${value} ms > ${limit} ms`);
	};
	over(point.receiptP99, targets.receiptP99, 'receipt');
	over(point.fanoutP99, targets.fanoutP99, 'fan-out');
	over(point.presenterP99, targets.presenterP99, 'presenter');
	if (point.acceptedPerSecond < 0.95 * point.offeredPerSecond) {
		out.push(`accepted ${point.acceptedPerSecond}/s < 95% of offered ${point.offeredPerSecond}/s`);
	}
	if (point.lost > 0) out.push(`${point.lost} lost`);
	if (point.refused > 0) out.push(`${point.refused} refused`);
	if (point.errors > 0) out.push(`${point.errors} errors`);
	return out;
}
