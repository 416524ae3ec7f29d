/**
 * The knee search: the highest offered rate at which a hall of N still meets its targets. Rates
 * grow by a factor until a point fails (or a ceiling is reached), then the gap between the last
 * pass and the first fail is halved (geometrically) until it is narrower than `resolution`.
 * A pure state machine: `next()` proposes a rate, `record()` takes its verdict.
 */

export interface KneeOptions {
	start: number;
	/** Never offer more than this (votes/s). */
	ceiling: number;
	/** Growth factor while every point passes. */
	factor?: number;
	/** Stop bisecting when fail / pass is below this ratio. */
	resolution?: number;
	/** Most points to measure in all. */
	maxPoints?: number;
}

export class KneeSearch {
	/** Highest passing rate so far; null when none passed. */
	pass: number | null = null;
	/** Lowest failing rate so far; null when none failed. */
	fail: number | null = null;
	private points = 0;
	private readonly factor: number;
	private readonly resolution: number;
	private readonly maxPoints: number;
	private readonly start: number;
	private readonly ceiling: number;

	constructor(options: KneeOptions) {
		this.start = options.start;
		this.ceiling = options.ceiling;
		this.factor = options.factor ?? 2;
		this.resolution = options.resolution ?? 1.2;
		this.maxPoints = options.maxPoints ?? 10;
	}

	/** The next rate to measure, or null when the knee is found (or the budget spent). */
	next(): number | null {
		if (this.points >= this.maxPoints) return null;
		if (this.pass === null && this.fail === null) return this.start;
		if (this.fail === null) {
			if (this.pass! >= this.ceiling) return null;
			return roundRate(Math.min(this.ceiling, this.pass! * this.factor));
		}
		if (this.pass === null) {
			// Even the first rate failed: go down until one passes.
			const lower = roundRate(this.fail / this.factor);
			return lower >= 1 && lower < this.fail ? lower : null;
		}
		if (this.fail / this.pass < this.resolution) return null;
		const middle = roundRate(Math.sqrt(this.pass * this.fail));
		return middle > this.pass && middle < this.fail ? middle : null;
	}

	record(rate: number, passed: boolean) {
		this.points++;
		if (passed) this.pass = Math.max(this.pass ?? 0, rate);
		else this.fail = Math.min(this.fail ?? Infinity, rate);
	}
}

/** Rounds to two significant digits (1,414 -> 1,400), so rates read well in a table. */
export function roundRate(rate: number): number {
	if (rate <= 0) return 0;
	const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(rate)) - 1);
	return Math.round(rate / magnitude) * magnitude;
}
