import { describe, expect, it } from 'vitest';
import { chartDomains, renderChart, type ChartPanel } from './chart.ts';
import { targetsFor } from './targets.ts';

const point = (rate: number, p99: number, passed = true) => ({
	offeredPerSecond: rate,
	receiptP99: p99,
	fanoutP99: p99 * 1.5,
	presenterP99: p99 * 1.2,
	passed,
	generatorSaturated: false
});

const panels: ChartPanel[] = [
	{
		voters: 1000,
		targets: targetsFor(1000),
		points: [point(200, 60), point(400, 90), point(800, 2400, false)],
		knee: 400
	},
	{ voters: 10_000, targets: targetsFor(10_000), points: [point(100, Infinity, false)], knee: null }
];

describe('renderChart', () => {
	const svg = renderChart({ title: 'p99 <against> rate', subtitle: 'a & b', panels });

	it('draws one panel per hall size with its knee and goal', () => {
		expect(svg).toContain('1,000 voters');
		expect(svg).toContain('10,000 voters');
		expect(svg).toContain('knee 400 votes/s');
		expect(svg).toContain('no rate met the targets');
		expect(svg).toContain('goal ≥ 2,000/s');
	});

	it('draws the targets that apply to each size', () => {
		expect(svg).toContain('receipt target 100 ms');
		expect(svg).toContain('fan-out (phones) target 150 ms');
		expect(svg).toContain('fan-out (presenter) target 250 ms');
	});

	it('marks each point, hollow when it missed a target, and escapes text', () => {
		expect(svg.match(/<circle cx/g)?.length).toBe(3 * 4 + 4); // 4 points x 3 series + legend
		expect(svg).toContain('fill="#fff" stroke="#1f5fbf"');
		expect(svg).toContain('p99 &lt;against&gt; rate');
		expect(svg).toContain('a &amp; b');
		expect(svg).not.toContain('NaN');
	});

	it('shares both axes between panels so they compare at a glance', () => {
		const { x, y } = chartDomains(panels);
		expect(x[0]).toBeLessThanOrEqual(100);
		expect(x[1]).toBeGreaterThanOrEqual(2000);
		expect(y[0]).toBeLessThanOrEqual(60);
		expect(y[1]).toBeGreaterThanOrEqual(3600);
	});
});
