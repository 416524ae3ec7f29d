/**
 * How fast the machine's cores are at the moment. A virtual machine's core can run a third
 * slower in one hour than in the next (docs/BENCHMARKS.md, 2026-12-03 evening), and nothing in
 * `/proc/stat` shows it here (no steal time is reported), so two runs are comparable only when
 * their cores were equally fast. Before the hall connects and after the last point, a fixed
 * workload (JSON, SHA-256 and a map of recent entries: the kinds of work the server does per
 * vote) runs in a process of its own pinned to each core the bench uses, and its CPU time (the
 * best of three rounds, after a warm-up) is recorded beside the results: lower is faster.
 */
import { execFileSync } from 'node:child_process';

/** The workload, run with `node -e`; prints the best round's CPU time in ms. */
export const WORKLOAD = `
const { createHash } = require('node:crypto');
function work() {
	let sum = 0;
	const recent = new Map();
	for (let i = 0; i < 50000; i++) {
		const vote = { ballotId: 'b' + i, choice: ['o' + (i % 5)], castAt: 1796316983656 + i, topic: 't' + (i % 7) };
		const text = JSON.stringify(vote);
		const read = JSON.parse(text);
		sum += createHash('sha256').update(text).digest()[0];
		recent.set(read.ballotId, read);
		if (recent.size > 1000) recent.delete('b' + (i - 1000));
	}
	return sum;
}
work();
let best = Infinity;
for (let round = 0; round < 3; round++) {
	const start = process.cpuUsage();
	work();
	const used = process.cpuUsage(start);
	best = Math.min(best, (used.user + used.system) / 1000);
}
console.log(best.toFixed(1));
`;

/** CPU ms the workload took on `cpu` (unpinned when null); null if it could not run. */
export function calibrate(cpu: number | null): number | null {
	const node = [process.execPath, '-e', WORKLOAD];
	const command = cpu === null ? node : ['taskset', '-c', String(cpu), ...node];
	try {
		const out = execFileSync(command[0], command.slice(1), { encoding: 'utf8', timeout: 30_000 });
		const ms = Number(out.trim());
		return Number.isFinite(ms) && ms > 0 ? ms : null;
	} catch {
		return null;
	}
}

/** The workload's time on the server's and the generator's core. */
export interface CoreSpeed {
	serverMs: number | null;
	generatorMs: number | null;
}

export function coreSpeed(serverCpu: number | null, generatorCpu: number | null): CoreSpeed {
	return { serverMs: calibrate(serverCpu), generatorMs: calibrate(generatorCpu) };
}

export function describeSpeed(when: string, speed: CoreSpeed): string {
	const ms = (value: number | null) => (value === null ? 'n/a' : `${value} ms`);
	return `Core speed ${when} (a fixed workload's CPU time, lower is faster): server core ${ms(speed.serverMs)}, generator core ${ms(speed.generatorMs)}`;
}
