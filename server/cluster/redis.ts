/**
 * The shared state of several instances, kept in Redis (`REDIS_URL`), with ioredis as the
 * client (the one `@hocuspocus/extension-redis` uses). Every key starts with `prefix`, so several
 * deployments (or test runs) can share one Redis.
 *
 * - Budgets: rate-limiter-flexible's `RateLimiterRedis`, with a memory limiter as its insurance
 *   while Redis does not answer (each instance then counts alone, as before).
 * - Holds: a sorted set per key, one member per holder scored by when it lapses; each instance
 *   renews its own holders every `HOLD_TTL_MS / 3`, so a killed instance's sockets stop counting
 *   within `HOLD_TTL_MS`. While Redis does not answer, a socket is admitted (the caps bound abuse;
 *   they are not what keeps a vote correct) and the failure is logged.
 * - Events: one pub/sub channel; Redis delivers at most once, so a receiver never relies on an
 *   event alone for correctness (the database holds the state, the event only says "look again").
 * - Presence: a hash per document, one field per instance with its report and when it lapses.
 * - Claims: `SET NX PX` (while Redis does not answer, a claim is granted: what it guards, such as
 *   closing a topic, the database refuses to do twice). Leases: a key holding `instance|token`, taken with `SET NX PX` semantics in
 *   a script that also renews it for its holder; the fencing token comes from a counter that,
 *   should Redis lose it (a restart with nothing on disk), starts again from Redis's clock in ms, so
 *   tokens keep growing.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { limiterBudgets } from '../../src/lib/server/budgets.ts';
import type { Logger } from '../../src/lib/server/log.ts';
import { PRESENCE_TTL_MS } from './memory.ts';
import type { ClusterEvent, PresenceReport, SharedState } from './shared-state.ts';

/** How long a hold of a dead instance keeps counting. */
export const HOLD_TTL_MS = 30_000;

const ACQUIRE_HOLD = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if redis.call('zscore', KEYS[1], ARGV[3]) then
  redis.call('zadd', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[2], ARGV[3])
redis.call('pexpire', KEYS[1], ARGV[5])
return 1`;

const ACQUIRE_LEASE = `
local current = redis.call('get', KEYS[1])
if current then
  local holder, token = string.match(current, '^(.*)|(%d+)$')
  if holder ~= ARGV[1] then return nil end
  redis.call('pexpire', KEYS[1], ARGV[2])
  return tonumber(token)
end
if redis.call('exists', KEYS[2]) == 0 then
  local time = redis.call('time')
  redis.call('set', KEYS[2], tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000))
end
local token = redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token`;

const RELEASE_LEASE = `
local current = redis.call('get', KEYS[1])
if current and string.match(current, '^(.*)|') == ARGV[1] then redis.call('del', KEYS[1]) end
return 1`;

export function redisSharedState(options: {
	url: string;
	/** Start of every key and channel name. */
	prefix?: string;
	log: Logger;
	now?: () => number;
}): SharedState {
	const prefix = options.prefix ?? 'plenum:';
	const now = options.now ?? Date.now;
	const instanceId = randomUUID();
	const log = options.log.child({ instanceId });
	const client = new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: false });
	const subscriber = new Redis(options.url, { lazyConnect: false });
	for (const connection of [client, subscriber]) {
		connection.on('error', (error) => log.warn({ err: error }, 'redis error'));
	}
	const channel = `${prefix}events`;
	const handlers = new Set<(event: ClusterEvent) => void>();
	subscriber
		.subscribe(channel)
		.catch((error) => log.error({ err: error }, 'redis subscribe failed'));
	subscriber.on('message', (from, text: string) => {
		if (from !== channel) return;
		let message: { from: string; event: ClusterEvent };
		try {
			message = JSON.parse(text);
		} catch {
			return;
		}
		if (message.from === instanceId) return;
		for (const handler of handlers) handler(message.event);
	});

	// Holds this instance has, renewed until released.
	const held = new Map<string, Set<string>>();
	const renewHolds = setInterval(() => {
		if (held.size === 0) return;
		const until = now() + HOLD_TTL_MS;
		const pipeline = client.pipeline();
		for (const [key, holders] of held) {
			// Not XX: after a Redis restart the renewal puts this instance's sockets back.
			for (const holder of holders) pipeline.zadd(key, until, holder);
			pipeline.pexpire(key, HOLD_TTL_MS);
		}
		pipeline.exec().catch((error) => log.warn({ err: error }, 'holds not renewed'));
	}, HOLD_TTL_MS / 3);
	renewHolds.unref();

	const holdKey = (key: string) => `${prefix}hold:${key}`;
	const member = (holder: string) => `${instanceId}|${holder}`;
	const presenceKey = (name: string) => `${prefix}presence:${name}`;
	const leaseKey = (key: string) => `${prefix}lease:${key}`;

	return {
		instanceId,
		shared: true,
		budgets: limiterBudgets(
			(limit) =>
				new RateLimiterRedis({
					...limit,
					keyPrefix: `${prefix}budget:${limit.keyPrefix}`,
					storeClient: client,
					insuranceLimiter: new RateLimiterMemory(limit)
				})
		),
		holds: {
			async acquire(key, holder, max) {
				const redisKey = holdKey(key);
				let ok: number;
				try {
					ok = (await client.eval(
						ACQUIRE_HOLD,
						1,
						redisKey,
						now(),
						now() + HOLD_TTL_MS,
						member(holder),
						max,
						HOLD_TTL_MS
					)) as number;
				} catch (error) {
					log.warn({ err: error, key }, 'hold not counted in redis, admitted');
					ok = 1;
				}
				if (ok !== 1) return false;
				const holders = held.get(redisKey) ?? new Set();
				holders.add(member(holder));
				held.set(redisKey, holders);
				return true;
			},
			async release(key, holder) {
				const redisKey = holdKey(key);
				const holders = held.get(redisKey);
				holders?.delete(member(holder));
				if (holders?.size === 0) held.delete(redisKey);
				await client
					.zrem(redisKey, member(holder))
					.catch((error) => log.warn({ err: error, key }, 'hold not released'));
			},
			async count(key) {
				await client.zremrangebyscore(holdKey(key), '-inf', now());
				return client.zcard(holdKey(key));
			}
		},
		events: {
			async publish(event) {
				await client
					.publish(channel, JSON.stringify({ from: instanceId, event }))
					.catch((error) => log.warn({ err: error, event }, 'event not published'));
			},
			subscribe(handler) {
				handlers.add(handler);
				return () => handlers.delete(handler);
			}
		},
		presence: {
			async report(reports) {
				if (reports.size === 0) return;
				const pipeline = client.pipeline();
				for (const [name, report] of reports) {
					if (report.connections === 0) pipeline.hdel(presenceKey(name), instanceId);
					else {
						const until = now() + PRESENCE_TTL_MS;
						pipeline.hset(presenceKey(name), instanceId, JSON.stringify({ ...report, until }));
						pipeline.pexpire(presenceKey(name), PRESENCE_TTL_MS);
					}
				}
				await pipeline.exec();
			},
			async others(names) {
				const merged = new Map<string, PresenceReport>();
				if (names.length === 0) return merged;
				const pipeline = client.pipeline();
				for (const name of names) pipeline.hgetall(presenceKey(name));
				const answers = (await pipeline.exec()) ?? [];
				names.forEach((name, index) => {
					const [error, fields] = answers[index] ?? [];
					if (error || !fields) return;
					let connections = 0;
					const users = new Set<string>();
					for (const [id, text] of Object.entries(fields as Record<string, string>)) {
						if (id === instanceId) continue;
						const report = JSON.parse(text) as PresenceReport & { until: number };
						if (report.until < now()) continue;
						connections += report.connections;
						for (const user of report.users) users.add(user);
					}
					if (connections > 0) merged.set(name, { connections, users: [...users] });
				});
				return merged;
			}
		},
		leases: {
			async acquire(key, ttlMs) {
				const token = await client.eval(
					ACQUIRE_LEASE,
					2,
					leaseKey(key),
					`${prefix}fence`,
					instanceId,
					ttlMs
				);
				return token === null ? null : Number(token);
			},
			async release(key) {
				await client.eval(RELEASE_LEASE, 1, leaseKey(key), instanceId);
			},
			async holder(key) {
				const value = await client.get(leaseKey(key));
				return value ? value.slice(0, value.lastIndexOf('|')) : null;
			}
		},
		async claim(key, ttlMs) {
			try {
				return (await client.set(`${prefix}claim:${key}`, instanceId, 'PX', ttlMs, 'NX')) === 'OK';
			} catch (error) {
				// The database still refuses to do twice what a claim guards (closing a closed topic).
				log.warn({ err: error, key }, 'claim not made in redis, going ahead');
				return true;
			}
		},
		async close() {
			clearInterval(renewHolds);
			handlers.clear();
			// Sockets of this instance stop counting at once rather than after the TTL.
			const pipeline = client.pipeline();
			for (const [key, holders] of held) for (const holder of holders) pipeline.zrem(key, holder);
			await pipeline.exec().catch(() => {});
			subscriber.disconnect();
			await client.quit().catch(() => client.disconnect());
		}
	};
}
