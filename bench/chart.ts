/**
 * The knee chart as SVG, written by hand (plain strings, no browser needed): one panel per hall
 * size N with p99 latency against offered rate on log-log axes, the targets as dashed lines, the
 * goal rate and the knee marked. Pure: data in, markup out.
 */
import { formatMs, formatRate, logScale, niceLogDomain } from './scale.ts';
import type { Targets } from './targets.ts';

export interface ChartPoint {
	offeredPerSecond: number;
	receiptP99: number;
	fanoutP99: number;
	presenterP99: number;
	/** Met every target. */
	passed: boolean;
	/** The load generator used (nearly) all of its core: the point may understate the server. */
	generatorSaturated: boolean;
}

export interface ChartPanel {
	voters: number;
	targets: Targets;
	points: ChartPoint[];
	/** Highest passing rate, if any. */
	knee: number | null;
}

export interface ChartData {
	title: string;
	subtitle: string;
	/** A warning line under the subtitle, e.g. that other processes competed for the CPUs. */
	note?: string;
	panels: ChartPanel[];
}

const SERIES = [
	{ key: 'receiptP99', label: 'receipt p99', color: '#1f5fbf', dash: '' },
	{ key: 'fanoutP99', label: 'fan-out p99 (phones)', color: '#d9480f', dash: '7 4' },
	{ key: 'presenterP99', label: 'fan-out p99 (presenter)', color: '#2b8a3e', dash: '2 3' }
] as const;

const PANEL_W = 580;
const PANEL_H = 380;
const MARGIN = { top: 44, right: 24, bottom: 48, left: 64 };
const HEADER = 112;

const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const fmt = (n: number) => n.toLocaleString('en-US');

/** Shared axes for all panels, so they can be compared at a glance. */
export function chartDomains(panels: ChartPanel[]) {
	const rates = panels.flatMap((p) => [
		...p.points.map((q) => q.offeredPerSecond),
		p.targets.goalRate
	]);
	const latencies = panels.flatMap((p) =>
		p.points
			.flatMap((q) => [q.receiptP99, q.fanoutP99, q.presenterP99])
			.concat([p.targets.receiptP99, p.targets.fanoutP99, p.targets.presenterP99].map(Number))
			.filter((v) => Number.isFinite(v) && v > 0)
	);
	const x = niceLogDomain(Math.min(...rates, 10), Math.max(...rates, 100));
	const y = niceLogDomain(Math.min(...latencies, 10), Math.max(...latencies, 1000));
	return { x, y: [y[0], Math.min(y[1], 60_000)] as [number, number] };
}

function panel(data: ChartPanel, domains: ReturnType<typeof chartDomains>): string {
	const x = logScale(domains.x, [MARGIN.left, PANEL_W - MARGIN.right]);
	const y = logScale(domains.y, [PANEL_H - MARGIN.bottom, MARGIN.top]);
	const out: string[] = [];
	const [left, right] = [MARGIN.left, PANEL_W - MARGIN.right];
	const [top, bottom] = [MARGIN.top, PANEL_H - MARGIN.bottom];
	out.push(
		`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="#fff" stroke="#adb5bd"/>`
	);
	for (const tick of x.ticks) {
		const px = x(tick).toFixed(1);
		out.push(`<line x1="${px}" x2="${px}" y1="${top}" y2="${bottom}" stroke="#f1f3f5"/>`);
		out.push(
			`<text x="${px}" y="${bottom + 16}" text-anchor="middle" class="tick">${formatRate(tick)}</text>`
		);
	}
	for (const tick of y.ticks) {
		const py = y(tick).toFixed(1);
		out.push(`<line x1="${left}" x2="${right}" y1="${py}" y2="${py}" stroke="#f1f3f5"/>`);
		out.push(
			`<text x="${left - 6}" y="${py}" dy="4" text-anchor="end" class="tick">${formatMs(tick)}</text>`
		);
	}
	out.push(
		`<text x="${(left + right) / 2}" y="${PANEL_H - 10}" text-anchor="middle" class="axis">offered votes per second</text>`
	);
	out.push(
		`<text transform="translate(14 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis">p99 latency</text>`
	);
	out.push(`<text x="${left}" y="24" class="panel">${fmt(data.voters)} voters</text>`);
	const knee = data.knee === null ? 'no rate met the targets' : `knee ${fmt(data.knee)} votes/s`;
	const goal = `goal ≥ ${fmt(data.targets.goalRate)}/s`;
	out.push(
		`<text x="${right}" y="24" text-anchor="end" class="note">${escape(knee)} · ${escape(goal)}</text>`
	);

	// Targets: the goal rate (vertical) and each p99 limit (horizontal, in its series' colour).
	const gx = x(data.targets.goalRate).toFixed(1);
	out.push(
		`<line x1="${gx}" x2="${gx}" y1="${top}" y2="${bottom}" stroke="#495057" stroke-dasharray="5 4"/>`
	);
	out.push(
		`<text x="${Number(gx) - 4}" y="${top + 14}" text-anchor="end" class="note">goal</text>`
	);
	for (const [index, series] of SERIES.entries()) {
		const limit = data.targets[series.key];
		if (limit === undefined) continue;
		const py = y(limit).toFixed(1);
		out.push(
			`<line x1="${left}" x2="${right}" y1="${py}" y2="${py}" stroke="${series.color}" stroke-opacity="0.55" stroke-width="1.5" stroke-dasharray="10 5"/>`
		);
		out.push(
			`<text x="${right - 6}" y="${Number(py) + (index === 0 ? 14 : -5)}" text-anchor="end" class="target" fill="${series.color}">${escape(`${series.label.replace(' p99', '')} target ${formatMs(limit)}`)}</text>`
		);
	}
	if (data.knee !== null) {
		const kx = x(data.knee).toFixed(1);
		out.push(
			`<rect x="${left}" y="${top}" width="${(Number(kx) - left).toFixed(1)}" height="${bottom - top}" fill="#2b8a3e" fill-opacity="0.06"/>`
		);
	}

	const points = [...data.points].sort((a, b) => a.offeredPerSecond - b.offeredPerSecond);
	for (const series of SERIES) {
		const coords = points
			.filter((p) => p[series.key] > 0)
			.map((p) => [x(p.offeredPerSecond), y(p[series.key]), p] as const);
		if (coords.length === 0) continue;
		const path = coords
			.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(1)} ${py.toFixed(1)}`)
			.join(' ');
		out.push(
			`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2" stroke-dasharray="${series.dash}"/>`
		);
		for (const [px, py, p] of coords) {
			const fill = p.passed ? series.color : '#fff';
			out.push(
				`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4" fill="${fill}" stroke="${series.color}" stroke-width="1.5"><title>${escape(`${fmt(p.offeredPerSecond)}/s: ${series.label} ${formatMs(p[series.key])}`)}</title></circle>`
			);
		}
	}
	for (const p of points.filter((q) => q.generatorSaturated)) {
		out.push(
			`<text x="${x(p.offeredPerSecond).toFixed(1)}" y="${bottom - 6}" text-anchor="middle" class="warn">⚠</text>`
		);
	}
	return out.join('\n');
}

function legend(width: number): string {
	const out: string[] = [];
	let px = 24;
	const py = 92;
	for (const series of SERIES) {
		out.push(
			`<line x1="${px}" x2="${px + 34}" y1="${py}" y2="${py}" stroke="${series.color}" stroke-width="2" stroke-dasharray="${series.dash}"/>`
		);
		out.push(`<circle cx="${px + 17}" cy="${py}" r="4" fill="${series.color}"/>`);
		out.push(`<text x="${px + 42}" y="${py + 4}" class="legend">${series.label}</text>`);
		px += 62 + series.label.length * 7.2;
	}
	out.push(
		`<circle cx="${px + 6}" cy="${py}" r="4" fill="#fff" stroke="#495057" stroke-width="1.5"/>`
	);
	out.push(`<text x="${px + 16}" y="${py + 4}" class="legend">hollow: missed a target</text>`);
	px += 200;
	out.push(`<text x="${px}" y="${py + 4}" class="legend">⚠ load generator saturated</text>`);
	out.push(
		`<rect x="${width - 150}" y="${py - 8}" width="20" height="14" fill="#2b8a3e" fill-opacity="0.15"/>`
	);
	out.push(`<text x="${width - 124}" y="${py + 4}" class="legend">up to the knee</text>`);
	return out.join('\n');
}

/** The whole chart: title, legend and a grid of panels (two per row). */
export function renderChart(data: ChartData): string {
	const columns = Math.min(2, Math.max(1, data.panels.length));
	const rows = Math.ceil(data.panels.length / columns);
	const width = columns * PANEL_W + 32;
	const height = HEADER + rows * PANEL_H + 16;
	const domains = chartDomains(data.panels);
	const panels = data.panels.map((p, i) => {
		const col = i % columns;
		const row = Math.floor(i / columns);
		return `<g transform="translate(${16 + col * PANEL_W} ${HEADER + row * PANEL_H})">\n${panel(p, domains)}\n</g>`;
	});
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">
<style>
.title { font-size: 20px; font-weight: 600; fill: #212529 }
.subtitle { font-size: 13px; fill: #495057 }
.panel { font-size: 16px; font-weight: 600; fill: #212529 }
.note { font-size: 12px; fill: #495057 }
.tick { font-size: 11px; fill: #495057 }
.axis { font-size: 12px; fill: #343a40 }
.legend { font-size: 13px; fill: #343a40 }
.target { font-size: 11px }
.warn { font-size: 14px; fill: #e67700 }
.warning { font-size: 13px; fill: #c92a2a }
</style>
<rect width="100%" height="100%" fill="#f8f9fa"/>
<text x="24" y="32" class="title">${escape(data.title)}</text>
<text x="24" y="52" class="subtitle">${escape(data.subtitle)}</text>
${data.note ? `<text x="24" y="70" class="warning">${escape(data.note)}</text>` : ''}
${legend(width)}
${panels.join('\n')}
</svg>
`;
}
