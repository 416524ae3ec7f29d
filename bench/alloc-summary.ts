/**
 * Summarises a `.heapprofile` from `bench/alloc-sampler.ts`: bytes allocated by function, a native
 * frame (`Map`, `Set`, `Uint8Array`, ...) counted under the nearest caller with a script.
 *
 *   node bench/alloc-summary.ts FILE.heapprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Node {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children?: Node[];
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: { top: { type: 'string', default: '30' } }
});
const profile = JSON.parse(readFileSync(positionals[0], 'utf8')) as { head: Node };
const short = (url: string) =>
	url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/[^ ]*?\/(src|server|bench)\//, '$1/');
const bytes = new Map<string, number>();
let total = 0;

function walk(node: Node, owner: string) {
	const { functionName, url, lineNumber } = node.callFrame;
	const own = url ? `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}` : null;
	const key = own ?? `${owner} [${functionName}]`;
	total += node.selfSize;
	bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
	for (const child of node.children ?? []) walk(child, own ?? owner);
}
walk(profile.head, '(root)');

console.log(`${(total / 1e6).toFixed(1)} MB sampled`);
for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
	console.log(`${((100 * size) / total).toFixed(1).padStart(5)}%  ${key}`);
}
