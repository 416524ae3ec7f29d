/**
 * Summarises a V8 `.cpuprofile` (what `node --cpu-prof` writes) by area of the code: self time
 * (where the CPU was) and inclusive time (what was on the stack), so a profile of the server under
 * a bench reads as "Yjs 18%, SQLite 12%, ..." instead of a flame graph. Used by hand:
 *
 *   node bench/profile.ts DIR_OR_FILE.cpuprofile [--top 25] [--from S] [--to S]
 *
 * `--from`/`--to` keep the samples between two moments (seconds since the profile began), e.g.
 * the voting phase of a bench without the hall connecting before it.
 *
 * A native frame (no script URL, e.g. better-sqlite3's `run`) counts towards the area of the
 * nearest caller that has one; `(garbage collector)`, `(program)` and `(idle)` are areas of their
 * own. Inclusive time counts each area once per sample however often it recurs on the stack.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuProfile {
	nodes: {
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number };
		children?: number[];
	}[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

/** Areas by the first rule that matches a frame's URL (or function name for V8's own entries). */
export const AREAS: [area: string, test: (url: string, fn: string) => boolean][] = [
	['gc', (_, fn) => fn === '(garbage collector)'],
	['idle', (_, fn) => fn === '(idle)'],
	['program', (_, fn) => fn === '(program)' || fn === '(root)'],
	['vote hook', (url) => /server\/extensions\/votes\.ts/.test(url)],
	['publisher (tally, presence, fan-out)', (url) => /server\/publisher\.ts/.test(url)],
	['presence', (url) => /server\/extensions\/presence\.ts/.test(url)],
	['persistence', (url) => /server\/extensions\/persistence\.ts/.test(url)],
	['other extensions', (url) => /server\/extensions\//.test(url)],
	['storage use cases', (url) => /storage\/use-cases\//.test(url)],
	['sqlite adapter', (url) => /storage\/sqlite\//.test(url)],
	['better-sqlite3', (url) => /better-sqlite3/.test(url)],
	['core rules', (url) => /src\/lib\/core\//.test(url)],
	['shared (documents)', (url) => /src\/lib\/shared\//.test(url)],
	['metrics/log', (url) => /(prom-client|pino|src\/lib\/server\/(metrics|log))/.test(url)],
	['zod', (url) => /node_modules\/zod/.test(url)],
	['yjs', (url) => /node_modules\/yjs\//.test(url)],
	['lib0/y-protocols', (url) => /node_modules\/(lib0|y-protocols)\//.test(url)],
	['hocuspocus', (url) => /@hocuspocus\//.test(url)],
	['ws/crossws', (url) => /node_modules\/(ws|crossws)\//.test(url)],
	['other server', (url) => /\/server\//.test(url)],
	['other src', (url) => /\/src\//.test(url)],
	['node internals', (url) => url.startsWith('node:')],
	['other deps', (url) => /node_modules/.test(url)]
];

export function areaOf(url: string, functionName: string): string | null {
	for (const [area, test] of AREAS) if (test(url, functionName)) return area;
	return url ? 'other' : null;
}

export interface Row {
	name: string;
	selfMs: number;
	totalMs: number;
}

export interface Summary {
	/** Sampled time in ms, idle included. */
	totalMs: number;
	idleMs: number;
	areas: Row[];
	functions: Row[];
}

/**
 * Self and inclusive time per area and per function (`name file:line`), busiest first; only the
 * samples between `window.from` and `window.to` (seconds since the profile began) when given.
 */
export function summarizeProfile(
	profile: CpuProfile,
	window: { from?: number; to?: number } = {}
): Summary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const frameName = (id: number) => {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		const file = url
			.replace(/^.*\/node_modules\//, '')
			.replace(/^.*?\/((server|src|bench)\/)/, '$1');
		return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
	};
	// Each node's stack, resolved once: its own area (native frames take their caller's) and the
	// distinct areas and functions on the stack.
	const resolved = new Map<
		number,
		{ area: string; name: string; areas: string[]; fns: string[] }
	>();
	const resolve = (id: number): { area: string; name: string; areas: string[]; fns: string[] } => {
		const known = resolved.get(id);
		if (known) return known;
		const { callFrame } = byId.get(id)!;
		const up = parent.has(id) ? resolve(parent.get(id)!) : null;
		const area = areaOf(callFrame.url, callFrame.functionName) ?? up?.area ?? 'native';
		const name = frameName(id);
		const entry = {
			area,
			name,
			areas: up?.areas.includes(area) ? up.areas : [...(up?.areas ?? []), area],
			fns: up?.fns.includes(name) ? up.fns : [...(up?.fns ?? []), name]
		};
		resolved.set(id, entry);
		return entry;
	};
	const areas = new Map<string, Row>();
	const functions = new Map<string, Row>();
	const row = (map: Map<string, Row>, name: string) => {
		let found = map.get(name);
		if (!found) map.set(name, (found = { name, selfMs: 0, totalMs: 0 }));
		return found;
	};
	let totalMs = 0;
	let at = 0;
	const from = (window.from ?? -Infinity) * 1e6;
	const to = (window.to ?? Infinity) * 1e6;
	profile.samples.forEach((id, index) => {
		at += profile.timeDeltas[index] ?? 0;
		if (at < from || at > to) return;
		// The time until the next sample is spent in this sample's stack.
		const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
		totalMs += ms;
		const stack = resolve(id);
		row(areas, stack.area).selfMs += ms;
		row(functions, stack.name).selfMs += ms;
		for (const area of stack.areas) row(areas, area).totalMs += ms;
		for (const fn of stack.fns) row(functions, fn).totalMs += ms;
	});
	const sorted = (map: Map<string, Row>) => [...map.values()].sort((a, b) => b.selfMs - a.selfMs);
	return {
		totalMs,
		idleMs: areas.get('idle')?.selfMs ?? 0,
		areas: sorted(areas),
		functions: sorted(functions)
	};
}

/** The summary as a table: areas, then the `top` functions by self time. */
export function formatSummary(summary: Summary, top: number): string {
	const busy = summary.totalMs - summary.idleMs;
	const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
	const lines = [
		`busy ${busy.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms sampled (percent of busy time)`,
		'',
		'area                                    self   incl.'
	];
	for (const area of summary.areas) {
		if (area.name === 'idle') continue;
		lines.push(`${area.name.padEnd(38)} ${pct(area.selfMs)} ${pct(area.totalMs)}`);
	}
	lines.push('', `top ${top} functions by self time           self   incl.`);
	for (const fn of summary.functions.filter((f) => f.name !== '(idle) :0').slice(0, top)) {
		lines.push(`${pct(fn.selfMs)} ${pct(fn.totalMs)}  ${fn.name}`);
	}
	return lines.join('\n');
}

if (import.meta.main) {
	const args = process.argv.slice(2);
	const option = (flag: string) => {
		const at = args.indexOf(flag);
		return at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
	};
	const top = option('--top') ?? 30;
	const window = { from: option('--from'), to: option('--to') };
	for (const target of args) {
		const files = statSync(target).isDirectory()
			? readdirSync(target)
					.filter((file) => file.endsWith('.cpuprofile'))
					.map((file) => join(target, file))
			: [target];
		for (const file of files) {
			const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
			console.log(`== ${file}\n${formatSummary(summarizeProfile(profile, window), top)}\n`);
		}
	}
}
