/**
 * How long the server's event loop was held, read from its own `/metrics`: Node's event-loop
 * delay histogram (`monitorEventLoopDelay`, 10 ms resolution, exported by prom-client's default
 * metrics as `nodejs_eventloop_lag_*_seconds`) is reset at every scrape, so a scrape when a point
 * starts and one when it ends give the delays of that point alone. A receipt or a tally that
 * arrives while the loop is held waits at least that long: the longest delay is what a p99 of a
 * loaded server often is.
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

/** Scrapes the server (resetting its histogram); null if it could not be read. */
export async function readLoopDelay(baseUrl: string): Promise<LoopDelay | null> {
	const text = await scrapeMetrics(baseUrl);
	return text === null ? null : parseLoopDelay(text);
}
