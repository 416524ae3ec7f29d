/**
 * Writes a run's results: `<out>/<timestamp>.json` with every figure, and beside it the chart of
 * p99 latency against offered rate per hall size as SVG (and PNG, rendered by headless Chromium
 * when it is installed).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderChart, type ChartPanel } from './chart.ts';
import type { CoreSpeed } from './calibrate.ts';
import type { Session } from './modes.ts';
import { targetsFor } from './targets.ts';

export interface RunRecord {
	startedAt: string;
	finishedAt: string;
	mode: string;
	command: string;
	commit: string;
	machine: {
		cpus: number;
		node: string;
		serverCpu: number | null;
		generatorCpus: string;
		/** The calibration workload's time on each core before and after (`calibrate.ts`). */
		coreSpeed?: { before: CoreSpeed; after: CoreSpeed };
	};
	serverOverrides: Record<string, string>;
	/** The server's young generation per semi-space, MB; absent in older runs (2). */
	youngMb?: number;
	/** Extra flags the server's `node` ran with (`--node-flag`); absent in older runs. */
	nodeFlags?: string[];
	/** Instances behind nginx (0: one server on SQLite) and meetings; absent in older runs. */
	cluster?: { instances: number; meetings: number };
	sessions: Session[];
}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chartPanels(sessions: Session[]): ChartPanel[] {
	const byVoters = new Map<number, ChartPanel>();
	for (const session of sessions) {
		if (session.burst || session.soak) continue;
		const panel = byVoters.get(session.voters) ?? {
			voters: session.voters,
			targets: targetsFor(session.voters),
			points: [],
			knee: null
		};
		panel.points.push(
			...session.points.map((p) => ({
				offeredPerSecond: p.offeredPerSecond,
				receiptP99: p.receiptMs.p99,
				fanoutP99: p.fanoutMs.p99,
				presenterP99: p.presenterMs.p99,
				passed: p.passed,
				generatorSaturated: p.generator.saturated
			}))
		);
		panel.knee = session.knee ?? panel.knee;
		byVoters.set(session.voters, panel);
	}
	return [...byVoters.values()].sort((a, b) => a.voters - b.voters);
}

/** Writes JSON, SVG and PNG; returns the paths written. */
export function writeResults(outDir: string, record: RunRecord, png: boolean): string[] {
	mkdirSync(outDir, { recursive: true });
	const base = join(outDir, record.startedAt.replace(/[:.]/g, '-'));
	writeFileSync(`${base}.json`, JSON.stringify(record, null, '\t') + '\n');
	return [`${base}.json`, ...writeChart(base, record, png)];
}

/** Writes `<base>.svg` (and `<base>.png`) for a run with knee or steady points. */
export function writeChart(base: string, record: RunRecord, png: boolean): string[] {
	const written: string[] = [];
	const panels = chartPanels(record.sessions);
	if (panels.length === 0) return written;
	const others = record.sessions.flatMap((s) => s.points.map((p) => p.otherCpuPercent));
	const busiest = Math.max(0, ...others);
	const svg = renderChart({
		note:
			busiest > 20
				? `Other processes used ${Math.round(Math.min(...others))}–${Math.round(busiest)}% of a core during these points: the figures are pessimistic.`
				: undefined,
		title: 'Plenum: p99 latency against offered votes per second',
		subtitle: `${record.startedAt.slice(0, 16).replace('T', ' ')} UTC · ${record.commit} · server on CPU ${record.machine.serverCpu ?? 'any'}, load generator on CPU ${record.machine.generatorCpus} · ${record.command}`,
		panels
	});
	writeFileSync(`${base}.svg`, svg);
	written.push(`${base}.svg`);
	const chromium = CHROMIUM.find(existsSync);
	if (png && chromium) {
		const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
		try {
			execFileSync(
				chromium,
				[
					'--headless',
					'--no-sandbox',
					'--disable-gpu',
					'--hide-scrollbars',
					`--screenshot=${resolve(base)}.png`,
					`--window-size=${width},${height}`,
					`file://${resolve(base)}.svg`
				],
				{ stdio: 'ignore', timeout: 60_000 }
			);
			written.push(`${base}.png`);
		} catch {
			// The SVG is the chart; the PNG is a convenience.
		}
	}
	return written;
}
