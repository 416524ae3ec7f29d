/**
 * The machine's Redis (127.0.0.1:6379, or `REDIS_TEST_URL`) for tests of the shared state: each
 * test takes its own key prefix, so runs never see each other's keys. Without Redis the tests that
 * need it skip with a loud message, and fail with `CI=true`.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

async function answers(): Promise<boolean> {
	const client = new Redis(REDIS_URL, {
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null,
		connectTimeout: 1000
	});
	client.on('error', () => {});
	try {
		await client.connect();
		return (await client.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		client.disconnect();
	}
}

/** Whether Redis answers; throws in CI when it does not. */
export async function redisAvailable(): Promise<boolean> {
	if (await answers()) return true;
	if (process.env.CI) throw new Error(`Redis does not answer at ${REDIS_URL}; CI needs it`);
	console.warn(`\n*** SKIPPING the tests that need Redis: nothing answers at ${REDIS_URL} ***\n`);
	return false;
}

/** A key prefix no other test uses. */
export const testPrefix = () => `plenum-test:${randomUUID().slice(0, 8)}:`;

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string) {
	const client = new Redis(REDIS_URL);
	try {
		const keys = await client.keys(`${prefix}*`);
		if (keys.length > 0) await client.del(...keys);
	} finally {
		client.disconnect();
	}
}
