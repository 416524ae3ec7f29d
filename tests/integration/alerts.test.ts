import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scrape } from '../helpers/metrics.ts';
import { useServer } from '../helpers/use-server.ts';

const DIR = fileURLToPath(new URL('../../deploy/prometheus/', import.meta.url));
const RULES = `${DIR}alerts.yml`;
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const hasPromtool = existsSync(PROMTOOL);

if (!hasPromtool) {
	if (process.env.CI) throw new Error(`promtool is missing at ${PROMTOOL}: .ci/run installs it`);
	console.warn(
		`\n*** SKIPPING the promtool checks of deploy/prometheus: no promtool at ${PROMTOOL} (apt-get install prometheus) ***\n`
	);
}

function promtool(...args: string[]) {
	return execFileSync(PROMTOOL, args, { cwd: DIR, encoding: 'utf8', stdio: 'pipe' });
}

describe.skipIf(!hasPromtool)('alerting rules', () => {
	it('pass promtool check rules', () => {
		expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
	});

	it('fire and stay quiet as their unit tests expect', () => {
		expect(promtool('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
	});
});

const TOKEN = 'alerts-drift-check-token';
const { server } = useServer({ METRICS_TOKEN: TOKEN, MEMORY_LIMIT_MB: '4096' });

/** Names in the rules' expressions that look like metrics (not functions, labels or keywords). */
function metricNames(rules: string): string[] {
	const expressions = [...rules.matchAll(/expr: (\|\n(?:\s{10,}.*\n)+|.*)/g)].map((m) => m[1]);
	const names = new Set<string>();
	for (const expression of expressions) {
		const withoutLabels = expression.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '');
		for (const [name] of withoutLabels.matchAll(/\b(plenum|process|nodejs)_[a-z0-9_]+\b/g)) {
			names.add(name);
		}
	}
	return [...names];
}

describe('alerts and the code', () => {
	it('name only metrics the running server exports', async () => {
		const names = metricNames(readFileSync(RULES, 'utf8'));
		expect(names).toContain('plenum_receipt_latency_seconds_bucket');
		expect(names).toContain('plenum_audit_chain_failures');
		expect(names.length).toBeGreaterThanOrEqual(12);
		const metrics = await scrape(`${server.url}/metrics`, TOKEN);
		const family = (name: string) => name.replace(/_(bucket|sum|count)$/, '');
		const missing = names.filter((name) => !metrics.has(name) && !metrics.has(family(name)));
		expect(missing).toEqual([]);
	});
});
