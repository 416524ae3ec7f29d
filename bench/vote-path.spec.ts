import { describe, expect, it } from 'vitest';
import { postgresForTests } from '../src/lib/server/storage/postgres/testing.ts';
import { votePath } from './vote-path.ts';

const postgres = await postgresForTests('the vote path bench on PostgreSQL');

describe('vote path bench', () => {
	it('casts every vote through the store, changes included, and recounts them', async () => {
		// 30 votes by 10 guests: each guest changes their vote twice, every change accepted.
		const result = await votePath({ voters: 10, votes: 30, batch: 4, memory: true });
		expect(result.accepted).toBe(30);
		expect(result.cpuUsPerVote).toBeGreaterThan(0);
		expect(result.recountCpuMs).toBeGreaterThanOrEqual(0);
	});

	it.skipIf(!postgres).each([false, true])(
		'casts and recounts on PostgreSQL (plain topic: %s)',
		async (plain) => {
			const result = await votePath({
				voters: 10,
				votes: 30,
				batch: 7,
				memory: false,
				postgres: true,
				plain
			});
			expect(result.accepted).toBe(30);
			expect(result.wallUsPerVote).toBeGreaterThan(0);
		}
	);
});
