/** One line per measured point for the console, in the units of the tables in docs/BENCHMARKS.md. */
import type { Point } from './point.ts';

const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '∞');

export function formatPoint(p: Point): string {
	const flags = [
		p.passed ? 'meets targets' : `misses: ${p.misses.join('; ')}`,
		p.generator.saturated ? 'GENERATOR SATURATED' : '',
		p.otherCpuPercent > 20 ? `machine busy: others used ${p.otherCpuPercent}% of a core` : ''
	].filter(Boolean);
	return (
		`  ${fmt(p.offeredPerSecond).padStart(6)}/s offered  ${fmt(p.acceptedPerSecond).padStart(6)}/s accepted` +
		`  receipt p50/p99 ${fmt(p.receiptMs.p50)}/${fmt(p.receiptMs.p99)} ms` +
		(p.receiptProviderMs.count
			? ` (provider phones ${fmt(p.receiptProviderMs.p50)}/${fmt(p.receiptProviderMs.p99)} ms)`
			: '') +
		`  fan-out p99 ${fmt(p.fanoutMs.p99)} ms, presenter ${fmt(p.presenterMs.p99)} ms` +
		`  server ${p.serverCpuPercent}% CPU, ${fmt(p.rssPerVoterKb)} KB/voter` +
		(p.serverLoopDelayMs
			? ` (loop held p99/max ${fmt(p.serverLoopDelayMs.p99Ms)}/${fmt(p.serverLoopDelayMs.maxMs)} ms` +
				(p.serverMajorGc ? `; ${p.serverMajorGc.count} full GC` : '') +
				')'
			: '') +
		`  generator ${p.generator.cpuPercent}% (lag p99 ${p.generator.tickLagP99Ms} ms` +
		(p.generator.rawReadsPerSecond
			? `; raw phones read ${fmt(p.generator.rawFramesPerSecond)} frames/s in ${fmt(p.generator.rawReadsPerSecond)} reads/s, largest ${p.generator.largestReadKb} KB`
			: '') +
		`)` +
		`  CPU per vote: server ${fmt(p.cpuPerVoteUs.server)} µs, generator ${fmt(p.cpuPerVoteUs.generator)} µs` +
		`  [${flags.join(', ')}]`
	);
}
