import { describe, expect, it } from 'vitest';
import { createMetrics } from '../src/lib/server/metrics.ts';
import { memoryBudgets } from '../src/lib/server/budgets.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import { SQLITE_MIGRATIONS } from './compose.ts';
import { countedBudgets, timedStores } from './instrument.ts';

const metricsFor = () =>
	createMetrics({
		limits: { socketsPerAddress: 200, socketsPerUser: 20, documentsPerSocket: 20 },
		memoryLimitBytes: null,
		refusalReasons: ['topic-closed'],
		authReasons: [],
		rateLimits: []
	});

const sampleOf = (text: string, line: string) =>
	Number(
		text
			.split('\n')
			.find((each) => each.startsWith(line))
			?.split(' ')[1] ?? NaN
	);

describe('timedStores', () => {
	it('times every store call under its store and method, and answers as the store does', async () => {
		const metrics = metricsFor();
		const stores = timedStores(createSqliteStores(':memory:', SQLITE_MIGRATIONS), metrics);
		try {
			const user = await stores.users.create('timed', 'hash', 1);
			expect(user?.username).toBe('timed');
			expect(await stores.users.findById(user!.id)).toMatchObject({ username: 'timed' });
			expect(await stores.users.findById('nobody')).toBeNull();
			const text = await metrics.text();
			expect(
				sampleOf(text, 'plenum_db_transaction_seconds_count{store="users",method="findById"}')
			).toBe(2);
			expect(
				sampleOf(text, 'plenum_db_transaction_seconds_count{store="users",method="create"}')
			).toBe(1);
		} finally {
			stores.close();
		}
	});
});

describe('countedBudgets', () => {
	it('counts each refusal of a spent budget under its name, and nothing while it lasts', async () => {
		const metrics = metricsFor();
		const budget = countedBudgets(memoryBudgets(), metrics).budget('join-miss-address', 2, 60_000);
		expect(await budget.take('a')).toBe(0);
		expect(await budget.take('a')).toBe(0);
		expect(await budget.take('a')).toBeGreaterThan(0);
		expect(await budget.spent('a')).toBeGreaterThan(0);
		expect(await budget.spent('b')).toBe(0);
		const text = await metrics.text();
		expect(sampleOf(text, 'plenum_rate_limit_hits_total{limit="join-miss-address"}')).toBe(2);
	});
});
