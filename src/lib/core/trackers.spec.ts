import { describe, expect, it } from 'vitest';
import { ballotTracker } from './trackers.ts';

describe('ballotTracker', () => {
	it('derives the same tracker from a topic and a ballot id, in three groups of four', () => {
		expect(ballotTracker('t1', 'ballot-a')).toBe('VC39-92K4-QEUN');
		expect(ballotTracker('topic-xyz', 'b-123456')).toBe('EY7I-9ZKG-HW42');
	});

	it('answers each pair for itself when calls alternate', () => {
		const pairs: [string, string][] = [
			['t1', 'ballot-a'],
			['t1', 'ballot-a'],
			['topic-xyz', 'b-123456'],
			['t1', 'ballot-a'],
			['t1', 'ballot-b'],
			['t2', 'ballot-a']
		];
		const trackers = pairs.map(([topic, ballot]) => ballotTracker(topic, ballot));
		expect(trackers.slice(0, 4)).toEqual([
			'VC39-92K4-QEUN',
			'VC39-92K4-QEUN',
			'EY7I-9ZKG-HW42',
			'VC39-92K4-QEUN'
		]);
		expect(new Set(trackers).size).toBe(4);
		for (const tracker of trackers)
			expect(tracker).toMatch(/^[A-KMNP-Z2-9]{4}(-[A-KMNP-Z2-9]{4}){2}$/);
	});
});
