/**
 * `node .ci/flaky.ts <this run's flaky.json> <state file>`: compares the tests that needed their
 * retry in this run with those of the previous run (kept in the state file, outside the clone,
 * as CI starts from a fresh clone), stores this run's list, and exits 1 when a test needed its
 * retry in both runs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const [current, state] = process.argv.slice(2);
if (!current || !state) {
	console.error('usage: node .ci/flaky.ts <flaky.json> <state file>');
	process.exit(2);
}
const read = (path: string): string[] =>
	existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : [];
const now = read(current);
const before = new Set(read(state));
mkdirSync(dirname(state), { recursive: true });
writeFileSync(state, `${JSON.stringify(now, null, '\t')}\n`);
for (const test of now) console.log(`ci: flaky in this run: ${test}`);
const twice = now.filter((test) => before.has(test));
if (twice.length > 0) {
	for (const test of twice)
		console.error(`ci: FAIL: needed its retry in this run and the previous one: ${test}`);
	process.exit(1);
}
