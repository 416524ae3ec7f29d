import { describe, expect, it } from 'vitest';
import { randomId, randomTracker } from './ids.ts';

describe('random ids', () => {
	it('are drawn from the alphabet at the asked length, and never repeat across pool refills', () => {
		// 2,000 ids of 12 bytes use several 4 KB pools of random bytes.
		const ids = Array.from({ length: 2000 }, () => randomId(12));
		for (const id of ids) expect(id).toMatch(/^[abcdefghijkmnpqrstuvwxyz23456789]{12}$/);
		expect(new Set(ids).size).toBe(ids.length);
		expect(randomId(5000)).toHaveLength(5000);
	});

	it('make trackers of three groups of four', () => {
		expect(randomTracker()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	});
});
