/**
 * The benchmark's modes, each a series of halls and points: knee search per hall size, one
 * steady rate, a burst (every phone votes once within a window) and a soak (a long steady run
 * watching errors, losses and memory).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Plan } from './cli.ts';
import { openHall, type Hall } from './hall.ts';
import { KneeSearch, roundRate } from './knee.ts';
import { measurePoint, type Point } from './point.ts';
import { formatPoint } from './report.ts';
import { slope } from './stats.ts';
import { targetsFor } from './targets.ts';

export interface Session {
	voters: number;
	setupMs: { join: number; connect: number };
	connect?: Hall['connect'];
	databaseFs: string;
	points: Point[];
	/** Knee search: the highest rate that met every target (null if none did). */
	knee?: number | null;
	burst?: {
		windowMs: number;
		allReceiptedWithinMs: number;
		turnoutFromApi: number;
		presenterShowedAllAfterMs: number | null;
		ok: boolean;
	};
	soak?: {
		rssSlopeMbPerMinute: number;
		rssEarlyMb: number;
		rssLateMb: number;
		flat: boolean;
		ok: boolean;
	};
}

export interface Context {
	plan: Plan;
	serverCpu: number | null;
	generatorCores: number;
	log: (line: string) => void;
}

/** Settling time after each point: receipts of the slowest votes, then a quiet second. */
const drainFor = (pointMs: number) => Math.max(20_000, pointMs);

async function withHall(
	context: Context,
	voters: number,
	allowChange: boolean,
	body: (hall: Hall) => Promise<Session>
): Promise<Session> {
	const { plan, log } = context;
	log(`\nHall of ${voters.toLocaleString('en-US')} voters`);
	const hall = await openHall({
		voters,
		observers: plan.observers,
		providers: plan.providers,
		workers: plan.workers,
		idleReadMs: plan.idleReadMs,
		serverCpu: context.serverCpu,
		allowChange,
		options: 8,
		join: plan.join,
		kind: plan.kind,
		serverEnv: plan.serverEnv,
		youngMb: plan.youngMb,
		nodeFlags: plan.nodeFlags,
		instances: plan.cluster,
		meetings: plan.meetings,
		log
	});
	log(`  ready: join ${hall.setupMs.join} ms, connect ${hall.setupMs.connect} ms`);
	try {
		if (plan.settleMs > 0) {
			log(`  waiting ${plan.settleMs / 1000} s before voting`);
			await sleep(plan.settleMs);
		}
		return { ...(await body(hall)), connect: hall.connect };
	} finally {
		await hall.close();
	}
}

async function point(context: Context, hall: Hall, voters: number, rate: number, ms: number) {
	const result = await measurePoint(
		hall,
		voters,
		{ rate, durationMs: ms, drainMs: drainFor(ms) },
		context.generatorCores
	);
	context.log(formatPoint(result));
	return result;
}

export async function kneeSearch(context: Context, voters: number): Promise<Session> {
	return withHall(context, voters, true, async (hall) => {
		const targets = targetsFor(voters);
		const search = new KneeSearch({
			start: roundRate(targets.goalRate / 10),
			ceiling: targets.goalRate * 2,
			factor: 2,
			resolution: 1.25,
			maxPoints: 8
		});
		const points: Point[] = [];
		for (let rate = search.next(); rate !== null; rate = search.next()) {
			const result = await point(context, hall, voters, rate, context.plan.pointMs);
			points.push(result);
			search.record(rate, result.passed);
		}
		context.log(
			`  knee at N=${voters}: ${search.pass ?? 'none'} votes/s (goal ${targets.goalRate})`
		);
		return {
			voters,
			setupMs: hall.setupMs,
			databaseFs: hall.databaseFs,
			points,
			knee: search.pass
		};
	});
}

export async function steady(context: Context): Promise<Session> {
	const { voters, rate, pointMs } = context.plan;
	return withHall(context, voters, true, async (hall) => ({
		voters,
		setupMs: hall.setupMs,
		databaseFs: hall.databaseFs,
		points: [await point(context, hall, voters, rate, pointMs)]
	}));
}

export async function burst(context: Context): Promise<Session> {
	const { voters, windowMs } = context.plan;
	return withHall(context, voters, false, async (hall) => {
		const result = await measurePoint(
			hall,
			voters,
			{ rate: (voters * 1000) / windowMs, durationMs: windowMs, drainMs: 30_000, once: true },
			context.generatorCores
		);
		context.log(formatPoint(result));
		const turnouts = await Promise.all(
			hall.topicIds.map(async (id) => (await hall.api.results(id)).turnout)
		);
		const turnout = turnouts.reduce((a, b) => a + b, 0);
		// The presenter shows the first meeting's topic.
		const full = hall.presenter.tallies.find((t) => t.turnout >= turnouts[0]);
		const burstResult = {
			windowMs,
			allReceiptedWithinMs: result.lastReceiptAfterMs,
			turnoutFromApi: turnout,
			presenterShowedAllAfterMs: full ? Math.round(full.shownAt - result.startedAt) : null,
			ok:
				result.votes.receipted === voters &&
				result.votes.lost === 0 &&
				turnout === voters &&
				result.lastReceiptAfterMs <= windowMs + 5000
		};
		context.log(
			`  burst: ${result.votes.receipted}/${voters} receipted, last after ${result.lastReceiptAfterMs} ms, turnout ${turnout}, ${burstResult.ok ? 'OK' : 'FAILED'}`
		);
		return {
			voters,
			setupMs: hall.setupMs,
			databaseFs: hall.databaseFs,
			points: [result],
			burst: burstResult
		};
	});
}

export async function soak(context: Context): Promise<Session> {
	const { voters, rate, soakMs } = context.plan;
	return withHall(context, voters, true, async (hall) => {
		context.log(`  soaking ${soakMs / 60_000} min at ${rate} votes/s`);
		const result = await measurePoint(
			hall,
			voters,
			{
				rate,
				durationMs: soakMs,
				drainMs: drainFor(10_000),
				memoryEveryMs: Math.min(10_000, soakMs / 60)
			},
			context.generatorCores
		);
		context.log(formatPoint(result));
		const series = result.memorySeries ?? [];
		const mean = (values: number[]) =>
			values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
		// The first tenth warms caches up; compare the second tenth with the last.
		const tenth = soakMs / 10_000;
		const first = mean(series.filter((s) => s.t >= tenth && s.t < 2 * tenth).map((s) => s.rssMb));
		const last = mean(series.filter((s) => s.t >= 9 * tenth).map((s) => s.rssMb));
		const slopePerMinute = slope(series.map((s) => ({ x: s.t / 60, y: s.rssMb })));
		const flat = first > 0 ? last <= first * 1.05 : true;
		const errors = result.disconnects + Object.values(result.refused).reduce((a, b) => a + b, 0);
		const soakResult = {
			rssSlopeMbPerMinute: Math.round(slopePerMinute * 100) / 100,
			rssEarlyMb: Math.round(first),
			rssLateMb: Math.round(last),
			flat,
			ok: flat && errors === 0 && result.votes.lost === 0
		};
		context.log(
			`  soak: RSS ${soakResult.rssEarlyMb} -> ${soakResult.rssLateMb} MB (${soakResult.rssSlopeMbPerMinute} MB/min), ${errors} errors, ${result.votes.lost} lost: ${soakResult.ok ? 'OK' : 'FAILED'}`
		);
		return {
			voters,
			setupMs: hall.setupMs,
			databaseFs: hall.databaseFs,
			points: [result],
			soak: soakResult
		};
	});
}
