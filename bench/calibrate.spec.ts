import { describe, expect, it } from 'vitest';
import { calibrate, describeSpeed } from './calibrate.ts';

describe('core speed', () => {
	it('times the fixed workload in a process of its own', () => {
		const ms = calibrate(null);
		expect(ms).not.toBeNull();
		expect(ms!).toBeGreaterThan(0);
	});

	it('says so when the workload cannot run on the core asked for', () => {
		expect(calibrate(4096)).toBeNull();
	});

	it('reads as a line of the report', () => {
		expect(describeSpeed('before', { serverMs: 120.5, generatorMs: null })).toBe(
			"Core speed before (a fixed workload's CPU time, lower is faster): server core 120.5 ms, generator core n/a"
		);
	});
});
