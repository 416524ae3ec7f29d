import { describe, expect, it } from 'vitest';
import { fanoutLatencies } from './fanout.ts';

/** Votes as flat outcomes: sentAt, receivedAt, acceptedAt (server), real provider, room. */
const votes = (...list: [number, number][]) =>
	Float64Array.from(list.flatMap(([sentAt, acceptedAt]) => [sentAt, sentAt + 5, acceptedAt, 0, 0]));

describe('fanoutLatencies', () => {
	const screenA = [
		{ shownAt: 1060, at: 1050, turnout: 1 },
		{ shownAt: 1110, at: 1100, turnout: 2 }
	];
	const screenB = [
		{ shownAt: 1070, at: 1050, turnout: 1 },
		{ shownAt: 1150, at: 1100, turnout: 2 }
	];

	it('takes the first tally written at or after the acceptance, on the slowest screen', () => {
		const latencies = fanoutLatencies(votes([1000, 1010], [1040, 1050], [1060, 1070]), [
			screenA,
			screenB
		]);
		expect([...latencies]).toEqual([70, 30, 90]);
	});

	it('counts a vote no screen showed as never shown', () => {
		const latencies = fanoutLatencies(votes([1200, 1201]), [screenA]);
		expect(latencies[0]).toBe(Infinity);
		expect(fanoutLatencies(votes([1000, 1010]), [screenA, []])[0]).toBe(Infinity);
	});

	it('is NaN without any screen to watch', () => {
		expect(fanoutLatencies(votes([1000, 1010]), [])[0]).toBeNaN();
	});
});
