import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/server/log.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../../tests/helpers/redis.ts';
import { memoryHub } from './memory.ts';
import { redisSharedState } from './redis.ts';
import type { ClusterEvent, SharedState } from './shared-state.ts';

const hasRedis = await redisAvailable();
const log = createLogger({ level: 'silent' });

/** Two instances sharing one state, and how to end them. */
type Pair = { a: SharedState; b: SharedState; close(): Promise<void> };

const backends: [string, boolean, () => Pair][] = [
	[
		'memory',
		true,
		() => {
			const hub = memoryHub();
			const a = hub.instance('a');
			const b = hub.instance('b');
			return { a, b, close: async () => {} };
		}
	],
	[
		'redis',
		hasRedis,
		() => {
			const prefix = testPrefix();
			const a = redisSharedState({ url: REDIS_URL, prefix, log });
			const b = redisSharedState({ url: REDIS_URL, prefix, log });
			return {
				a,
				b,
				async close() {
					await Promise.all([a.close(), b.close()]);
					await dropPrefix(prefix);
				}
			};
		}
	]
];

const waitFor = async (check: () => boolean, ms = 3000) => {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
};

describe.each(backends)('shared state in %s', (_, available, make) => {
	let pair: Pair | null = null;
	const start = () => (pair = make());
	afterEach(async () => {
		await pair?.close();
		pair = null;
	});

	it.skipIf(!available)('counts holds of both instances against one cap', async () => {
		const { a, b } = start();
		expect(await a.holds.acquire('user:u1', 's1', 2)).toBe(true);
		expect(await b.holds.acquire('user:u1', 's2', 2)).toBe(true);
		expect(await b.holds.acquire('user:u1', 's3', 2)).toBe(false);
		expect(await a.holds.acquire('user:u1', 's1', 2)).toBe(true);
		expect(await a.holds.count('user:u1')).toBe(2);
		await a.holds.release('user:u1', 's1');
		expect(await b.holds.acquire('user:u1', 's3', 2)).toBe(true);
		expect(await b.holds.count('user:u2')).toBe(0);
	});

	it.skipIf(!available)(
		'delivers an event to the other instance, not back to its sender',
		async () => {
			const { a, b } = start();
			const toA: ClusterEvent[] = [];
			const toB: ClusterEvent[] = [];
			a.events.subscribe((event) => toA.push(event));
			b.events.subscribe((event) => toB.push(event));
			// Redis needs its subscription in place before the first publish.
			await new Promise((resolve) => setTimeout(resolve, 100));
			await a.events.publish({ kind: 'session-ended', sessionId: 's1' });
			await waitFor(() => toB.length === 1);
			expect(toB).toEqual([{ kind: 'session-ended', sessionId: 's1' }]);
			expect(toA).toEqual([]);
		}
	);

	it.skipIf(!available)('sums presence over the other instances, users once', async () => {
		const { a, b } = start();
		await a.presence.report(new Map([['topic/t1', { connections: 2, users: ['u1', 'u2'] }]]));
		await b.presence.report(new Map([['topic/t1', { connections: 3, users: ['u2', 'u3'] }]]));
		const seenByA = await a.presence.others(['topic/t1', 'topic/none']);
		expect(seenByA.get('topic/t1')).toEqual({ connections: 3, users: ['u2', 'u3'] });
		expect(seenByA.has('topic/none')).toBe(false);
		await b.presence.report(new Map([['topic/t1', { connections: 0, users: [] }]]));
		expect((await a.presence.others(['topic/t1'])).size).toBe(0);
	});

	it.skipIf(!available)('grants a claim to one instance only', async () => {
		const { a, b } = start();
		const answers = await Promise.all([
			a.claim('close:t1:1000', 60_000),
			b.claim('close:t1:1000', 60_000)
		]);
		expect(answers.filter(Boolean)).toHaveLength(1);
		expect(await a.claim('close:t1:2000', 60_000)).toBe(true);
	});

	it.skipIf(!available)(
		'gives a lease to one instance, renews it, and lets another take it once given up',
		async () => {
			const { a, b } = start();
			const first = await a.leases.acquire('meeting/m1', 10_000);
			expect(first).not.toBeNull();
			expect(await b.leases.acquire('meeting/m1', 10_000)).toBeNull();
			expect(await a.leases.acquire('meeting/m1', 10_000)).toBe(first);
			expect(await b.leases.holder('meeting/m1')).toBe(a.instanceId);
			await b.leases.release('meeting/m1');
			expect(await b.leases.holder('meeting/m1')).toBe(a.instanceId);
			await a.leases.release('meeting/m1');
			const second = await b.leases.acquire('meeting/m1', 10_000);
			expect(second).toBeGreaterThan(first!);
		}
	);

	it.skipIf(!available)('lets a lease lapse when its holder stops renewing it', async () => {
		const { a, b } = start();
		expect(await a.leases.acquire('topic/t9', 100)).not.toBeNull();
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(await b.leases.acquire('topic/t9', 10_000)).not.toBeNull();
		expect(await a.leases.acquire('topic/t9', 10_000)).toBeNull();
	});

	it.skipIf(!available)('spends one budget from both instances', async () => {
		const { a, b } = start();
		const onA = a.budgets.budget('login-attempts', 2, 60_000);
		const onB = b.budgets.budget('login-attempts', 2, 60_000);
		expect(await onA.take('1.2.3.4|ann')).toBe(0);
		expect(await onB.take('1.2.3.4|ann')).toBe(0);
		expect(await onA.take('1.2.3.4|ann')).toBeGreaterThan(0);
		expect(await onB.spent('1.2.3.4|ann')).toBeGreaterThan(0);
		await onB.reset('1.2.3.4|ann');
		expect(await onA.spent('1.2.3.4|ann')).toBe(0);
	});
});
