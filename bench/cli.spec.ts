import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_MB } from '../server/heap.ts';
import { parsePlan } from './cli.ts';

describe('parsePlan', () => {
	it('runs the quick knee search at 100 and 1,000 voters by default, pinned', () => {
		const plan = parsePlan([]);
		expect(plan).toMatchObject({ mode: 'quick', sizes: [100, 1000], pointMs: 4000, pin: true });
		expect(plan.join).toBe('direct');
		expect(plan.idleReadMs).toBe(1000);
		expect(parsePlan(['--idle-read-ms', '0']).idleReadMs).toBe(0);
	});

	it('searches all four sizes with --knee', () => {
		expect(parsePlan(['--knee'])).toMatchObject({
			sizes: [100, 1000, 3000, 10000],
			pointMs: 10_000
		});
		expect(parsePlan(['--knee', '--sizes', '3000,10000']).sizes).toEqual([3000, 10000]);
	});

	it('votes at once after connecting unless told to wait with --settle', () => {
		expect(parsePlan(['--steady']).settleMs).toBe(0);
		expect(parsePlan(['--steady', '--settle', '5']).settleMs).toBe(5000);
		expect(() => parsePlan(['--steady', '--settle', 'soon'])).toThrow(/settle/);
	});

	it('takes the burst size as an argument and the soak defaults from the goals', () => {
		expect(parsePlan(['--burst', '5000'])).toMatchObject({
			mode: 'burst',
			voters: 5000,
			windowMs: 10_000
		});
		expect(parsePlan(['--burst']).voters).toBe(10_000);
		expect(parsePlan(['--soak'])).toMatchObject({ voters: 1000, rate: 500, soakMs: 600_000 });
	});

	it('passes extra server environment through', () => {
		const plan = parsePlan(['--steady', '--server-env', 'JOIN_RATE=1000', '--server-env', 'A=b=c']);
		expect(plan.serverEnv).toEqual({ JOIN_RATE: '1000', A: 'b=c' });
	});

	it("sizes the server's young generation as yarn start does unless told", () => {
		expect(parsePlan(['--steady']).youngMb).toBe(YOUNG_GENERATION_MB);
		expect(parsePlan(['--steady', '--young-mb', '16']).youngMb).toBe(16);
		expect(() => parsePlan(['--young-mb', '0'])).toThrow(/--young-mb/);
	});

	it('passes node flags to the server, none unless asked', () => {
		expect(parsePlan(['--steady']).nodeFlags).toEqual([]);
		expect(
			parsePlan(['--steady', '--node-flag=--trace-gc', '--node-flag=--single-threaded-gc'])
				.nodeFlags
		).toEqual(['--trace-gc', '--single-threaded-gc']);
	});

	it('refuses two modes, stray arguments and bad numbers', () => {
		expect(() => parsePlan(['--knee', '--soak'])).toThrow(/one mode/);
		expect(() => parsePlan(['--steady', '12'])).toThrow(/unexpected/);
		expect(() => parsePlan(['--rate', 'fast'])).toThrow(/--rate/);
		expect(() => parsePlan(['--server-env', 'NOVALUE'])).toThrow(/KEY=VALUE/);
		expect(() => parsePlan(['--join', 'ftp'])).toThrow(/--join/);
	});
});
