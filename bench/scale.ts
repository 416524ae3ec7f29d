/**
 * Logarithmic axes for the charts: rates span 10 to 10,000 votes/s and latencies 1 ms to seconds,
 * so both axes are logarithmic with 1-2-5 ticks. Pure functions, tested in `scale.spec.ts`.
 */

export interface Scale {
	(value: number): number;
	domain: [number, number];
	ticks: number[];
}

/** 1-2-5 values from the decade at or below min to the one at or above max. */
export function logTicks(min: number, max: number): number[] {
	const ticks: number[] = [];
	for (let exp = Math.floor(Math.log10(min)); exp <= Math.ceil(Math.log10(max)); exp++) {
		for (const step of [1, 2, 5]) {
			const value = step * 10 ** exp;
			if (value >= min * 0.999 && value <= max * 1.001) ticks.push(Number(value.toPrecision(6)));
		}
	}
	return ticks;
}

/** Widens [min, max] to the 1-2-5 values around it, so the data never touches the frame. */
export function niceLogDomain(min: number, max: number): [number, number] {
	const steps = (exp: number) => [1, 2, 5].map((s) => s * 10 ** exp);
	let low = 10 ** Math.floor(Math.log10(min));
	for (const value of steps(Math.floor(Math.log10(min)))) if (value <= min) low = value;
	let high = 10 ** Math.ceil(Math.log10(max));
	for (const value of [...steps(Math.floor(Math.log10(max))), ...steps(Math.ceil(Math.log10(max)))])
		if (value >= max && value < high) high = value;
	return [Number(low.toPrecision(6)), Number(high.toPrecision(6))];
}

/** Maps [min, max] (both > 0) logarithmically onto [from, to] pixels; values outside are clamped. */
export function logScale(domain: [number, number], range: [number, number]): Scale {
	const [d0, d1] = domain.map(Math.log10);
	const [r0, r1] = range;
	const scale = ((value: number) => {
		const v = Math.min(d1, Math.max(d0, Math.log10(Math.max(value, Number.MIN_VALUE))));
		return r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
	}) as Scale;
	scale.domain = domain;
	scale.ticks = logTicks(domain[0], domain[1]);
	return scale;
}

/** Short labels for ticks: 500, 1k, 2.5k; ms below a second, s above. */
export function formatRate(value: number): string {
	return value >= 1000 ? `${Number((value / 1000).toPrecision(3))}k` : String(value);
}

export function formatMs(value: number): string {
	return value >= 1000 ? `${Number((value / 1000).toPrecision(3))} s` : `${value} ms`;
}
