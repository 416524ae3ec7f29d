/**
 * Pure statistics for the benchmark: percentiles of latency samples and the trend of a series
 * (server memory during a soak). No I/O, so the figures a run reports can be unit-tested.
 */

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
	if (values.length === 0) return NaN;
	const sorted = Float64Array.from(values).sort();
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Summary {
	count: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
}

/** Count and the percentiles a run reports, rounded to 0.1 ms; `Infinity` counts as never. */
export function summarize(values: ArrayLike<number>): Summary {
	const round = (value: number) => (Number.isFinite(value) ? Math.round(value * 10) / 10 : value);
	const sorted = Float64Array.from(values).sort();
	const at = (p: number) => round(percentile(sorted, p));
	return {
		count: sorted.length,
		p50: at(50),
		p90: at(90),
		p99: at(99),
		max: sorted.length ? round(sorted[sorted.length - 1]) : NaN
	};
}

/** Least-squares slope of y over x (per unit of x); 0 for fewer than two points. */
export function slope(points: { x: number; y: number }[]): number {
	const n = points.length;
	if (n < 2) return 0;
	const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
	const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
	let num = 0;
	let den = 0;
	for (const p of points) {
		num += (p.x - meanX) * (p.y - meanY);
		den += (p.x - meanX) ** 2;
	}
	return den === 0 ? 0 : num / den;
}

/**
 * Index of the first entry of a non-decreasing array that is >= value, or the array's length:
 * finds the first tally write that includes a vote.
 */
export function firstAtLeast(sorted: ArrayLike<number>, value: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
