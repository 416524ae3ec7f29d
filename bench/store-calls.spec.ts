import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { callsPerPhone, parseStoreCalls } from './store-calls.ts';

describe('store calls', () => {
	it("reads the server's calls by store and method, and gives the difference per phone", async () => {
		const registry = new Registry();
		const calls = new Histogram({
			name: 'plenum_db_transaction_seconds',
			help: 'Time of one storage call.',
			labelNames: ['store', 'method'] as const,
			registers: [registry]
		});
		calls.observe({ store: 'topics', method: 'get' }, 0.001);
		const before = parseStoreCalls(await registry.metrics())!;
		expect(before).toEqual(new Map([['topics.get', 1]]));

		for (let phone = 0; phone < 4; phone++) {
			calls.observe({ store: 'topics', method: 'get' }, 0.001);
			calls.observe({ store: 'topics', method: 'get' }, 0.002);
			calls.observe({ store: 'sessions', method: 'find' }, 0.001);
		}
		calls.observe({ store: 'meetings', method: 'members' }, 0.001);
		const after = parseStoreCalls(await registry.metrics())!;
		expect(callsPerPhone(before, after, 4)).toEqual({
			total: 3.25,
			byMethod: { 'topics.get': 2, 'sessions.find': 1, 'meetings.members': 0.25 }
		});
	});

	it('is null when the metrics hold no storage calls', () => {
		expect(parseStoreCalls('# nothing here\nplenum_votes_accepted_total 3\n')).toBeNull();
	});
});
