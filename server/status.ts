/**
 * The live figures behind the operators' status page: every two seconds it samples the metrics
 * (votes accepted, receipt latency buckets, sockets), keeping the last two minutes, and reads the
 * loaded topic documents for a row per live topic. Rates and quantiles come from differences
 * between samples, so they describe the last seconds, not the whole uptime.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type { MetricCounts, Metrics } from '../src/lib/server/metrics.ts';
import { parseDocumentName, readTopic } from '../src/lib/shared/documents.ts';
import { quantile, type StatusSnapshot, type StatusTopic } from '../src/lib/shared/status.ts';

const SAMPLE_MS = 2000;
const KEEP = 60;
/** Samples the latency window spans (five: about ten seconds). */
const LATENCY_WINDOW = 5;

interface Sample {
	at: number;
	counts: MetricCounts;
	sockets: number;
	memory: number;
}

export function createStatus(deps: {
	metrics: Metrics;
	hocuspocus: () => Hocuspocus;
	sockets: () => { collab: number; feed: number };
	documents: () => StatusSnapshot['documents'];
	now: () => number;
}) {
	const samples: Sample[] = [];

	async function sample(): Promise<Sample> {
		const sockets = deps.sockets();
		return {
			at: deps.now(),
			counts: await deps.metrics.counts(),
			sockets: sockets.collab + sockets.feed,
			memory: process.memoryUsage.rss()
		};
	}

	async function tick() {
		samples.push(await sample());
		if (samples.length > KEEP) samples.shift();
	}
	const timer = setInterval(() => void tick().catch(() => {}), SAMPLE_MS);
	timer.unref();
	void tick();

	const rate = (from: Sample, to: Sample) =>
		to.at > from.at ? ((to.counts.accepted - from.counts.accepted) * 1000) / (to.at - from.at) : 0;

	function latency(from: Sample | undefined, to: Sample, q: number) {
		const { bounds, counts } = to.counts.receiptBuckets;
		const before = from?.counts.receiptBuckets.counts ?? counts.map(() => 0);
		const total = to.counts.receipts - (from?.counts.receipts ?? 0);
		return quantile(
			q,
			bounds,
			counts.map((count, i) => count - before[i]),
			total
		);
	}

	function topics(): StatusTopic[] {
		const rows: StatusTopic[] = [];
		for (const [name, document] of deps.hocuspocus().documents) {
			if (parseDocumentName(name)?.kind !== 'topic') continue;
			const { meta, state, results } = readTopic(document);
			if (!meta) continue;
			rows.push({
				id: meta.id,
				title: meta.title,
				status: state?.status ?? 'unknown',
				subscribers: document.getConnectionsCount(),
				votes: results?.turnout ?? 0,
				tallyAt: results?.at ?? null
			});
		}
		return rows.sort((a, b) => b.subscribers - a.subscribers || b.votes - a.votes);
	}

	return {
		/** Now, measured against the samples of the last two minutes. */
		async snapshot(): Promise<StatusSnapshot> {
			const current = await sample();
			const series = [...samples, current];
			const history = series.slice(1).map((point, i) => ({
				at: point.at,
				votesPerSecond: rate(series[i], point),
				p99: latency(series[i], point, 0.99),
				sockets: point.sockets,
				memory: point.memory
			}));
			const recent = series[Math.max(0, series.length - 1 - LATENCY_WINDOW)];
			const quiet = recent !== current && current.counts.receipts === recent.counts.receipts;
			// A quiet moment shows the latency of the last two minutes rather than nothing.
			const windowStart = quiet ? series[0] : recent;
			const rateStart = series[Math.max(0, series.length - 2)];
			const receipts = current.counts.receipts - windowStart.counts.receipts;
			return {
				at: current.at,
				uptime: process.uptime(),
				sockets: deps.sockets(),
				documents: deps.documents(),
				votesPerSecond: rateStart === current ? 0 : rate(rateStart, current),
				votesAccepted: current.counts.accepted,
				receipt: {
					p50: latency(windowStart === current ? undefined : windowStart, current, 0.5),
					p99: latency(windowStart === current ? undefined : windowStart, current, 0.99),
					count: windowStart === current ? current.counts.receipts : receipts,
					windowSeconds:
						windowStart === current ? process.uptime() : (current.at - windowStart.at) / 1000
				},
				refusals: Object.entries(current.counts.refused)
					.filter(([, count]) => count > 0)
					.map(([reason, count]) => ({ reason, count }))
					.sort((a, b) => b.count - a.count),
				memory: current.memory,
				history,
				topics: topics()
			};
		},
		stop: () => clearInterval(timer)
	};
}

export type Status = ReturnType<typeof createStatus>;
