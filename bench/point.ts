/**
 * One measured point: the hall offers votes at a rate for a while; the result is what a person
 * reading the table wants: rates, latency percentiles, server CPU and memory, and whether the
 * load generator itself was the bottleneck.
 */
import { fanoutLatencies, inRoom } from './fanout.ts';
import type { Hall } from './hall.ts';
import {
	cpuPercent,
	machinePercent,
	readMachine,
	readProc,
	type MachineSample,
	type ProcSample
} from './proc.ts';
import os from 'node:os';
import { majorGcBetween, readLoopDelay, type LoopDelay, type MajorGc } from './loop-delay.ts';
import { OUTCOME_FIELDS as F, type RunResult } from './protocol.ts';
import { summarize, type Summary } from './stats.ts';
import { misses, targetsFor } from './targets.ts';

/** Above this share of one core per generator core, the generator may be what limits the run. */
export const GENERATOR_SATURATED_PERCENT = 90;

export interface PointRequest {
	rate: number;
	durationMs: number;
	drainMs: number;
	once?: boolean;
	/** Sample the server's memory this often (ms) and keep the series (soak). */
	memoryEveryMs?: number;
}

export interface Point {
	voters: number;
	offeredPerSecond: number;
	acceptedPerSecond: number;
	durationMs: number;
	/** When the run started, ms since epoch. */
	startedAt: number;
	/** From the start of the run until the last receipt arrived, ms. */
	lastReceiptAfterMs: number;
	votes: { offered: number; sent: number; unsent: number; receipted: number; lost: number };
	refused: Record<string, number>;
	disconnects: number;
	receiptMs: Summary;
	/** Receipts of the phones on the real provider alone (the rest are raw clients). */
	receiptProviderMs: Summary;
	fanoutMs: Summary & { observers: number; unshown: number };
	presenterMs: Summary & { unshown: number };
	/**
	 * How long the server's event loop was held while votes were offered (its own histogram, see
	 * `loop-delay.ts`): the first server's, null when it could not be read.
	 */
	serverLoopDelayMs: LoopDelay | null;
	/** Full collections in the server while the point ran (`loop-delay.ts`). */
	serverMajorGc: MajorGc | null;
	/** Server CPU, percent of one core, while votes were offered. */
	serverCpuPercent: number;
	/**
	 * CPU time per vote sent, µs, from the first vote until the last receipt (or the drain's end):
	 * unlike latencies, meaningful on a busy machine too.
	 */
	cpuPerVoteUs: { server: number; generator: number };
	/**
	 * Everything else on the machine, percent of one core: other processes compete with both the
	 * server and the generator, so a busy machine makes every figure worse.
	 */
	otherCpuPercent: number;
	serverRssMb: { baseline: number; connected: number; peak: number; end: number };
	/** (peak RSS - RSS before the phones connected) / N, KB. */
	rssPerVoterKb: number;
	generator: {
		cpuPercent: number;
		cores: number;
		saturated: boolean;
		tickLagP99Ms: number;
		tickLagMaxMs: number;
		/**
		 * Frames and reads per second on the raw phones' sockets (as many reads as frames when
		 * every frame is read as it comes) and the largest read, KB: how well idle sockets batch,
		 * and how much one held.
		 */
		rawFramesPerSecond: number;
		rawReadsPerSecond: number;
		largestReadKb: number;
	};
	memorySeries?: { t: number; rssMb: number }[];
	passed: boolean;
	misses: string[];
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

function merge(results: RunResult[]) {
	const outcomes = new Float64Array(results.reduce((n, r) => n + r.outcomes.length, 0));
	let offset = 0;
	for (const r of results) {
		outcomes.set(r.outcomes, offset);
		offset += r.outcomes.length;
	}
	const refused: Record<string, number> = {};
	for (const r of results)
		for (const [reason, n] of Object.entries(r.refused))
			refused[reason] = (refused[reason] ?? 0) + n;
	const sum = (key: 'offered' | 'sent' | 'unsent' | 'receipted' | 'lost' | 'disconnects') =>
		results.reduce((n, r) => n + r[key], 0);
	const positive = (values: number[]) => values.filter((v) => v > 0);
	return {
		outcomes,
		refused,
		offered: sum('offered'),
		sent: sum('sent'),
		unsent: sum('unsent'),
		receipted: sum('receipted'),
		lost: sum('lost'),
		disconnects: sum('disconnects'),
		firstSentAt: Math.min(...positive(results.map((r) => r.firstSentAt))),
		lastReceivedAt: Math.max(0, ...results.map((r) => r.lastReceivedAt)),
		tickLagP99: Math.max(...results.map((r) => r.tickLagP99 || 0)),
		tickLagMax: Math.max(...results.map((r) => r.tickLagMax)),
		wireReads: results.reduce((n, r) => n + r.wire.reads, 0),
		wireFrames: results.reduce((n, r) => n + r.wire.frames, 0),
		wireLargestRead: Math.max(0, ...results.map((r) => r.wire.largestRead))
	};
}

async function waitFor(check: () => boolean, timeoutMs: number) {
	const until = Date.now() + timeoutMs;
	while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

export async function measurePoint(
	hall: Hall,
	voters: number,
	request: PointRequest,
	generatorCores: number
): Promise<Point> {
	const startAt = Date.now() + 300;
	hall.presenter.clear();
	let serverStart: ProcSample | null = null;
	let selfStart: ProcSample | null = null;
	let serverEnd: ProcSample | null = null;
	let selfEnd: ProcSample | null = null;
	let machineStart: MachineSample | null = null;
	let machineEnd: MachineSample | null = null;
	let peakKb = 0;
	const series: { t: number; rssMb: number }[] = [];
	let lastSeriesAt = 0;
	const unread = { delay: null, majorGc: null };
	let loopAtStart: ReturnType<typeof readLoopDelay> = Promise.resolve(unread);
	let loopAtEnd: ReturnType<typeof readLoopDelay> = Promise.resolve(unread);
	const timers = [
		setTimeout(() => {
			// Resets the server's histogram: the next reading covers this point alone.
			loopAtStart = readLoopDelay(hall.server.url);
			serverStart = hall.sample();
			selfStart = readProc('self');
			machineStart = readMachine();
		}, startAt - Date.now()),
		setTimeout(
			() => {
				serverEnd = hall.sample();
				loopAtEnd = readLoopDelay(hall.server.url);
				selfEnd = readProc('self');
				machineEnd = readMachine();
			},
			startAt - Date.now() + request.durationMs
		)
	];
	const sampler = setInterval(() => {
		const sample = hall.sample();
		peakKb = Math.max(peakKb, sample.rssKb);
		if (request.memoryEveryMs && sample.at - lastSeriesAt >= request.memoryEveryMs) {
			lastSeriesAt = sample.at;
			series.push({ t: Math.round((sample.at - startAt) / 1000), rssMb: mb(sample.rssKb) });
		}
	}, 250);
	let results: RunResult[];
	try {
		results = await hall.fleet.run({
			rate: request.rate,
			startAt,
			durationMs: request.durationMs,
			drainMs: request.drainMs,
			once: request.once ?? false
		});
	} finally {
		clearInterval(sampler);
		timers.forEach(clearTimeout);
	}
	const end = hall.sample();
	const selfAfter = readProc('self');
	peakKb = Math.max(peakKb, end.rssKb);
	serverStart ??= end;
	serverEnd ??= end;
	selfStart ??= readProc('self');
	selfEnd ??= readProc('self');
	machineStart ??= readMachine();
	machineEnd ??= readMachine();

	const run = merge(results);
	// The last votes' tallies are still on their way: wait until every screen shows them.
	let lastAccepted = -Infinity;
	// Screens (observers, presenter) show the first room's topic: its votes are the ones they show.
	const shown = inRoom(run.outcomes, 0);
	for (let i = 2; i < shown.length; i += F) lastAccepted = Math.max(lastAccepted, shown[i]);
	const [tallies] = await Promise.all([
		hall.fleet.tallies(lastAccepted, 5000),
		waitFor(() => (hall.presenter.tallies.at(-1)?.at ?? -Infinity) >= lastAccepted, 5000)
	]);
	const receipt = new Float64Array(run.outcomes.length / F);
	const receiptProvider: number[] = [];
	for (let i = 0; i < receipt.length; i++) {
		receipt[i] = run.outcomes[F * i + 1] - run.outcomes[F * i];
		if (run.outcomes[F * i + 3] === 1) receiptProvider.push(receipt[i]);
	}
	const perVote = (from: ProcSample, to: ProcSample) =>
		run.sent ? Math.round(((to.cpuMs - from.cpuMs) * 1000) / run.sent) : NaN;
	const fanout = fanoutLatencies(shown, tallies);
	const presenter = fanoutLatencies(shown, [hall.presenter.tallies]);
	const unshown = (values: Float64Array) => values.filter((v) => !Number.isFinite(v)).length;
	const span = Math.max(request.durationMs, run.lastReceivedAt - run.firstSentAt);
	const generatorCpu = cpuPercent(selfStart, selfEnd);
	const serverCpu = cpuPercent(serverStart, serverEnd);
	const machineCpu = machinePercent(machineStart, machineEnd, os.cpus().length);
	const point: Point = {
		voters,
		offeredPerSecond: request.rate,
		acceptedPerSecond: run.receipted ? Math.round((run.receipted / span) * 1000) : 0,
		durationMs: request.durationMs,
		startedAt: startAt,
		lastReceiptAfterMs: run.lastReceivedAt ? Math.round(run.lastReceivedAt - startAt) : NaN,
		votes: {
			offered: run.offered,
			sent: run.sent,
			unsent: run.unsent,
			receipted: run.receipted,
			lost: run.lost
		},
		refused: run.refused,
		disconnects: run.disconnects,
		receiptMs: summarize(receipt),
		receiptProviderMs: summarize(Float64Array.from(receiptProvider)),
		fanoutMs: { ...summarize(fanout), observers: tallies.length, unshown: unshown(fanout) },
		presenterMs: { ...summarize(presenter), unshown: unshown(presenter) },
		serverLoopDelayMs: (await loopAtEnd).delay,
		serverMajorGc: majorGcBetween((await loopAtStart).majorGc, (await loopAtEnd).majorGc),
		serverCpuPercent: serverCpu,
		cpuPerVoteUs: { server: perVote(serverStart, end), generator: perVote(selfStart, selfAfter) },
		otherCpuPercent: Math.max(0, Math.round((machineCpu - serverCpu - generatorCpu) * 10) / 10),
		serverRssMb: {
			baseline: mb(hall.baseline.rssKb),
			connected: mb(hall.connected.rssKb),
			peak: mb(peakKb),
			end: mb(end.rssKb)
		},
		rssPerVoterKb: Math.round((peakKb - hall.baseline.rssKb) / voters),
		generator: {
			cpuPercent: generatorCpu,
			cores: generatorCores,
			saturated: generatorCpu >= GENERATOR_SATURATED_PERCENT * generatorCores,
			tickLagP99Ms: Math.round(run.tickLagP99),
			tickLagMaxMs: Math.round(run.tickLagMax),
			rawFramesPerSecond: Math.round((run.wireFrames * 1000) / span),
			rawReadsPerSecond: Math.round((run.wireReads * 1000) / span),
			largestReadKb: Math.round(run.wireLargestRead / 102.4) / 10
		},
		memorySeries: request.memoryEveryMs ? series : undefined,
		passed: false,
		misses: []
	};
	const refusedCount = Object.values(run.refused).reduce((a, b) => a + b, 0);
	// A point that sent no vote in the first meeting (a low rate over many meetings) gave the
	// screens nothing to show: its fan-out is not measured, which is no miss.
	const targets = targetsFor(voters);
	const screened =
		shown.length > 0 || run.outcomes.length === 0
			? targets
			: { ...targets, fanoutP99: undefined, presenterP99: undefined };
	point.misses = misses(
		{
			offeredPerSecond: point.offeredPerSecond,
			acceptedPerSecond: point.acceptedPerSecond,
			receiptP99: point.receiptMs.p99,
			fanoutP99: point.fanoutMs.p99,
			presenterP99: point.presenterMs.p99,
			lost: run.lost,
			refused: refusedCount,
			errors: run.disconnects
		},
		screened
	);
	point.passed = point.misses.length === 0;
	return point;
}
