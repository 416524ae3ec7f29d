/**
 * How long the server's event loop was held, read from its own `/metrics`: Node's event-loop
 * delay histogram (`monitorEventLoopDelay`, 10 ms resolution, exported by prom-client's default
 * metrics as `nodejs_eventloop_lag_*_seconds`) is reset at every scrape, so a scrape when a point
 * starts and one when it ends give the delays of that point alone. A receipt or a tally that
 * arrives while the loop is held waits at least that long: the longest delay is what a p99 of a
 * loaded server often is.
 *
 * The same scrapes give the full (major) collections of the point, from prom-client's
 * `nodejs_gc_duration_seconds{kind="major"}`, a cumulative histogram read at both ends. Each one
 * marks the whole heap, mostly beside the main thread, which on a server pinned to one core takes
 * the core from it for a few hundred milliseconds: a point with one often misses where a point
 * without one meets. Its summed duration is the final pauses only, not the marking.
 */
import { randomBytes } from 'node:crypto';

export interface LoopDelay {
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
}

/** The token the bench gives its servers for `/metrics`, drawn for each run. */
export const BENCH_METRICS_TOKEN = randomBytes(18).toString('base64url');

/** The delays since the last scrape, from Prometheus text; null when the metrics are missing. */
export function parseLoopDelay(text: string): LoopDelay | null {
	const value = (name: string) => {
		const line = new RegExp(`^nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm');
		const match = line.exec(text);
		return match ? Math.round(Number(match[1]) * 10_000) / 10 : NaN;
	};
	const delay = { p50Ms: value('p50'), p99Ms: value('p99'), maxMs: value('max') };
	return Object.values(delay).every(Number.isFinite) ? delay : null;
}

/** Full collections so far and their summed final pauses. */
export interface MajorGc {
	count: number;
	pauseMs: number;
}

/** The server's full collections so far, from Prometheus text; null when the metrics lack them. */
export function parseMajorGc(text: string): MajorGc | null {
	const value = (suffix: string) => {
		const line = new RegExp(
			`^nodejs_gc_duration_seconds_${suffix}\\{[^}]*kind="major"[^}]*\\} (\\S+)$`,
			'm'
		);
		const match = line.exec(text);
		return match ? Number(match[1]) : null;
	};
	const count = value('count');
	const seconds = value('sum');
	// No full collection yet: prom-client writes no line for the kind.
	if (count === null || seconds === null)
		return /nodejs_gc_duration_seconds/.test(text) ? { count: 0, pauseMs: 0 } : null;
	return { count, pauseMs: Math.round(seconds * 10_000) / 10 };
}

/** The full collections between two readings; null when either is missing. */
export function majorGcBetween(start: MajorGc | null, end: MajorGc | null): MajorGc | null {
	if (!start || !end) return null;
	return {
		count: end.count - start.count,
		pauseMs: Math.round((end.pauseMs - start.pauseMs) * 10) / 10
	};
}

/** The server's `/metrics` text, with the bench's token; null if it could not be read. */
export async function scrapeMetrics(baseUrl: string): Promise<string | null> {
	try {
		const response = await fetch(`${baseUrl}/metrics`, {
			headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` }
		});
		return response.ok ? await response.text() : null;
	} catch {
		return null;
	}
}

/**
 * Scrapes the server (resetting its loop-delay histogram): the delays since the last scrape and
 * the full collections so far; null where they could not be read.
 */
export async function readLoopDelay(
	baseUrl: string
): Promise<{ delay: LoopDelay | null; majorGc: MajorGc | null }> {
	const text = await scrapeMetrics(baseUrl);
	return text === null
		? { delay: null, majorGc: null }
		: { delay: parseLoopDelay(text), majorGc: parseMajorGc(text) };
}
