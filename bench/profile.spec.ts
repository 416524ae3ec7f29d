import { describe, expect, it } from 'vitest';
import { areaOf, summarizeProfile, type CpuProfile } from './profile.ts';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
	id,
	callFrame: { functionName, url, lineNumber: 0 },
	children
});

/**
 * root > broadcast (hocuspocus) > writev (native); root > runBatch (votes.ts) > castMany
 * (use case) > runBatch again (recursion); root > (garbage collector); root > (idle).
 */
const profile: CpuProfile = {
	nodes: [
		frame(1, '(root)', '', [2, 4, 7, 8]),
		frame(2, 'broadcast', 'file:///app/node_modules/@hocuspocus/server/dist/x.js', [3]),
		frame(3, 'writev', ''),
		frame(4, 'runBatch', 'file:///app/server/extensions/votes.ts', [5]),
		frame(5, 'castMany', 'file:///app/src/lib/server/storage/use-cases/votes.ts', [6]),
		frame(6, 'runBatch', 'file:///app/server/extensions/votes.ts'),
		frame(7, '(garbage collector)', ''),
		frame(8, '(idle)', '')
	],
	// Each sample's stack holds until the next sample: 1 ms apart, the last one gets nothing.
	samples: [3, 3, 2, 6, 7, 8, 8],
	timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000],
	startTime: 0,
	endTime: 6000
};

describe('cpu profile summary', () => {
	it('gives native frames the area of their caller and counts idle and GC apart', () => {
		const summary = summarizeProfile(profile);
		const area = (name: string) => summary.areas.find((row) => row.name === name);
		expect(summary.totalMs).toBe(6);
		expect(summary.idleMs).toBe(1);
		expect(area('hocuspocus')).toMatchObject({ selfMs: 3, totalMs: 3 });
		expect(area('gc')).toMatchObject({ selfMs: 1, totalMs: 1 });
		// Recursion counts once per sample: runBatch > castMany > runBatch is 1 ms for each.
		expect(area('vote hook')).toMatchObject({ selfMs: 1, totalMs: 1 });
		expect(area('storage use cases')).toMatchObject({ selfMs: 0, totalMs: 1 });
		const writev = summary.functions.find((row) => row.name.startsWith('writev'));
		expect(writev).toMatchObject({ selfMs: 2, totalMs: 2 });
	});

	it('keeps only the samples inside a window', () => {
		const summary = summarizeProfile(profile, { from: 0.0025, to: 0.0045 });
		expect(summary.totalMs).toBe(2);
		expect(summary.areas.map((row) => row.name).sort()).toEqual(
			['gc', 'program', 'storage use cases', 'vote hook'].sort()
		);
	});

	it('sorts code into areas by where it lives', () => {
		expect(areaOf('file:///a/node_modules/yjs/dist/yjs.mjs', 'transact')).toBe('yjs');
		expect(areaOf('file:///a/server/publisher.ts', 'writeTopic')).toBe(
			'publisher (tally, presence, fan-out)'
		);
		expect(areaOf('node:net', 'Socket._writev')).toBe('node internals');
		expect(areaOf('', 'writev')).toBeNull();
	});
});
