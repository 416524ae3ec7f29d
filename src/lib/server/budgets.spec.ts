import { describe, expect, it } from 'vitest';
import { memoryBudgets } from './budgets.ts';

describe('memory budgets', () => {
	it('passes a burst up to the budget, then says how long to wait', async () => {
		const budget = memoryBudgets().budget('test', 3, 60_000);
		expect(await budget.take('a')).toBe(0);
		expect(await budget.take('a')).toBe(0);
		expect(await budget.spent('a')).toBe(0);
		expect(await budget.take('a')).toBe(0);
		expect(await budget.spent('a')).toBeGreaterThan(0);
		const wait = await budget.take('a');
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(60_000);
	});

	it('keeps keys apart and gives a budget back on reset', async () => {
		const budget = memoryBudgets().budget('test', 1, 60_000);
		expect(await budget.take('a')).toBe(0);
		expect(await budget.take('a')).toBeGreaterThan(0);
		expect(await budget.take('b')).toBe(0);
		await budget.reset('a');
		expect(await budget.take('a')).toBe(0);
	});

	it('spends several points at once', async () => {
		const budget = memoryBudgets().budget('test', 5, 60_000);
		expect(await budget.take('a', 5)).toBe(0);
		expect(await budget.take('a')).toBeGreaterThan(0);
	});
});
