/**
 * `yarn bench`: Plenum under a hall of phones, measured from outside against the production
 * server (a child process). Each phone is a guest that joined the meeting by its code and holds
 * its own WebSocket with the meeting and topic documents, voting by messages on the topic; worker
 * threads run the phones.
 * Run `yarn bench --help` for the modes; docs/BENCHMARKS.md explains what each figure means.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { coreSpeed, describeSpeed } from './calibrate.ts';
import { parsePlan, USAGE, type Plan } from './cli.ts';
import { SERVER_OVERRIDES, stopAllServers } from './hall.ts';
import { burst, kneeSearch, soak, steady, type Context, type Session } from './modes.ts';
import { allowedCpus, pinSelf } from './proc.ts';
import { writeChart, writeResults, type RunRecord } from './results.ts';

let plan: Plan;
try {
	plan = parsePlan(process.argv.slice(2));
} catch (error) {
	console.error(`${(error as Error).message}\n\n${USAGE}`);
	process.exit(2);
}
if (plan.help) {
	console.log(USAGE);
	process.exit(0);
}
if (plan.chart) {
	const record = JSON.parse(readFileSync(plan.chart, 'utf8')) as RunRecord;
	const base = plan.chart.replace(/\.json$/, '');
	for (const path of writeChart(base, record, plan.png)) console.log(`wrote ${path}`);
	process.exit(0);
}

const log = (line: string) => console.log(line);
const cpus = allowedCpus();
// Server on one core, load generator on the other, as the figures in docs/BENCHMARKS.md were taken.
const pinned = plan.pin && cpus.length >= 2;
if (pinned) pinSelf(cpus[1]);
const context: Context = {
	plan,
	serverCpu: pinned ? cpus[0] : null,
	generatorCores: pinned ? 1 : cpus.length,
	log
};
const startedAt = new Date().toISOString();
const commit = (() => {
	try {
		return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
	} catch {
		return 'unknown';
	}
})();

log(
	`Plenum bench: ${plan.mode} (commit ${commit}, node ${process.version}, ${os.cpus().length} CPUs)`
);
if (plan.cluster)
	log(
		`Cluster: ${plan.cluster} instance(s) behind nginx on PostgreSQL and Redis, ${plan.meetings} meetings${pinned ? ', every instance on the server CPU' : ''}.`
	);
log(
	pinned
		? `Server pinned to CPU ${cpus[0]}, load generator (${plan.workers} worker threads) to CPU ${cpus[1]}.`
		: `Not pinned: server and load generator share CPUs ${cpus.join(',')}.`
);
log(
	`Server limits lifted for one address: ${Object.entries({
		...SERVER_OVERRIDES,
		...plan.serverEnv
	})
		.map(([k, v]) => `${k}=${v}`)
		.join(' ')}; young generation ${plan.youngMb} MB per semi-space` +
		(plan.nodeFlags.length ? `; node ${plan.nodeFlags.join(' ')}` : '')
);

const generatorCpu = pinned ? cpus[1] : null;
const speedBefore = coreSpeed(context.serverCpu, generatorCpu);
log(describeSpeed('before', speedBefore));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		log(`\n${signal}: stopping the server`);
		void stopAllServers().finally(() => process.exit(130));
	});
}

const sessions: Session[] = [];
try {
	if (plan.mode === 'quick' || plan.mode === 'knee') {
		for (const voters of plan.sizes) sessions.push(await kneeSearch(context, voters));
	} else if (plan.mode === 'steady') sessions.push(await steady(context));
	else if (plan.mode === 'burst') sessions.push(await burst(context));
	else sessions.push(await soak(context));
} finally {
	const speedAfter = coreSpeed(context.serverCpu, generatorCpu);
	log(describeSpeed('after', speedAfter));
	const record: RunRecord = {
		startedAt,
		finishedAt: new Date().toISOString(),
		mode: plan.mode,
		command: `yarn bench ${process.argv.slice(2).join(' ')}`.trim(),
		commit,
		machine: {
			cpus: os.cpus().length,
			node: process.version,
			serverCpu: context.serverCpu,
			generatorCpus: pinned ? String(cpus[1]) : cpus.join(','),
			coreSpeed: { before: speedBefore, after: speedAfter }
		},
		serverOverrides: { ...SERVER_OVERRIDES, ...plan.serverEnv },
		youngMb: plan.youngMb,
		nodeFlags: plan.nodeFlags,
		cluster: { instances: plan.cluster, meetings: plan.meetings },
		sessions
	};
	if (sessions.length) {
		for (const path of writeResults(plan.outDir, record, plan.png)) log(`wrote ${path}`);
	}
}
process.exit(0);
