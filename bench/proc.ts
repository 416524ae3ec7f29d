/**
 * CPU time and resident memory of a process, read from Linux's /proc: the server child's figures
 * come from outside it, so measuring never adds work to the server.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

export interface ProcSample {
	/** When it was read, ms since epoch. */
	at: number;
	/** User plus system CPU time used so far, ms (all threads). */
	cpuMs: number;
	/** Resident set size, KB. */
	rssKb: number;
}

export function readProc(pid: number | 'self'): ProcSample {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may contain spaces.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return { at: Date.now(), cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssKb };
}

/** Share of one core used between two samples, in percent. */
/** Several processes as one: CPU time and memory summed (the instances of a cluster). */
export function readProcs(pids: number[]): ProcSample {
	const samples = pids.map((pid) => readProc(pid));
	return {
		at: Math.max(...samples.map((s) => s.at)),
		cpuMs: samples.reduce((sum, s) => sum + s.cpuMs, 0),
		rssKb: samples.reduce((sum, s) => sum + s.rssKb, 0)
	};
}

export function cpuPercent(from: ProcSample, to: ProcSample): number {
	const elapsed = to.at - from.at;
	return elapsed > 0 ? Math.round(((to.cpuMs - from.cpuMs) / elapsed) * 1000) / 10 : 0;
}

/** CPUs this process may run on (from its affinity mask), e.g. [0, 1]. */
export function allowedCpus(): number[] {
	const list = /Cpus_allowed_list:\s+(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
	return (list ?? '')
		.split(',')
		.filter(Boolean)
		.flatMap((part) => {
			const [a, b = a] = part.split('-').map(Number);
			return Array.from({ length: b - a + 1 }, (_, i) => a + i);
		});
}

/** Moves every thread of this process onto one CPU (threads started later inherit it). */
export function pinSelf(cpu: number) {
	execFileSync('taskset', ['-a', '-cp', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

export interface MachineSample {
	/** Busy and total CPU time of all CPUs so far, ms. */
	busyMs: number;
	totalMs: number;
}

/** All CPUs' busy time from /proc/stat, to tell how much else ran during a point. */
export function readMachine(): MachineSample {
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
	const ticks = line.split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
	const total = ticks.reduce((a, b) => a + b, 0);
	const idle = ticks[3] + ticks[4];
	const ms = (t: number) => (t * 1000) / TICKS_PER_SECOND;
	return { busyMs: ms(total - idle), totalMs: ms(total) };
}

/** Percent of one core used by everything on the machine between two samples. */
export function machinePercent(from: MachineSample, to: MachineSample, cpus: number): number {
	const total = to.totalMs - from.totalMs;
	return total > 0 ? Math.round(((to.busyMs - from.busyMs) / total) * cpus * 1000) / 10 : 0;
}
