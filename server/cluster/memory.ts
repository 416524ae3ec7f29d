/**
 * The shared state of instances that share one process's memory: the default, for one instance
 * (`yarn dev`, a meeting on a laptop). A hub may serve several instances in one process, which is
 * how the specs check that what one instance holds, reports or claims, the others see.
 */
import { randomUUID } from 'node:crypto';
import { memoryBudgets, type BudgetStore } from '../../src/lib/server/budgets.ts';
import type { ClusterEvent, PresenceReport, SharedState } from './shared-state.ts';

/** How long a presence report lasts unless said again (as in Redis). */
export const PRESENCE_TTL_MS = 5000;

export function memoryHub(now: () => number = Date.now) {
	// One limiter per budget, whichever instance asks for it.
	const limiters = memoryBudgets();
	const made = new Map<string, ReturnType<BudgetStore['budget']>>();
	const budgets: BudgetStore = {
		budget(name, points, windowMs) {
			const key = `${name}|${points}|${windowMs}`;
			if (!made.has(key)) made.set(key, limiters.budget(name, points, windowMs));
			return made.get(key)!;
		}
	};
	const holds = new Map<string, Set<string>>();
	const subscribers = new Map<string, Set<(event: ClusterEvent) => void>>();
	const presence = new Map<string, Map<string, PresenceReport & { until: number }>>();
	const claims = new Map<string, number>();
	const leases = new Map<string, { holder: string; token: number; until: number }>();
	let fence = 0;

	function instance(instanceId: string = randomUUID()): SharedState {
		const own = new Set<(event: ClusterEvent) => void>();
		subscribers.set(instanceId, own);
		return {
			instanceId,
			shared: false,
			budgets,
			holds: {
				async acquire(key, holder, max) {
					const held = holds.get(key) ?? new Set();
					if (held.has(holder)) return true;
					if (held.size >= max) return false;
					held.add(holder);
					holds.set(key, held);
					return true;
				},
				async release(key, holder) {
					const held = holds.get(key);
					held?.delete(holder);
					if (held?.size === 0) holds.delete(key);
				},
				count: async (key) => holds.get(key)?.size ?? 0
			},
			events: {
				async publish(event) {
					for (const [id, handlers] of subscribers) {
						if (id === instanceId) continue;
						for (const handler of handlers) queueMicrotask(() => handler(event));
					}
				},
				subscribe(handler) {
					own.add(handler);
					return () => own.delete(handler);
				}
			},
			presence: {
				async report(reports) {
					for (const [name, report] of reports) {
						const byInstance = presence.get(name) ?? new Map();
						if (report.connections === 0) byInstance.delete(instanceId);
						else byInstance.set(instanceId, { ...report, until: now() + PRESENCE_TTL_MS });
						if (byInstance.size === 0) presence.delete(name);
						else presence.set(name, byInstance);
					}
				},
				async others(names) {
					const merged = new Map<string, PresenceReport>();
					for (const name of names) {
						let connections = 0;
						const users = new Set<string>();
						for (const [id, report] of presence.get(name) ?? []) {
							if (id === instanceId || report.until < now()) continue;
							connections += report.connections;
							for (const user of report.users) users.add(user);
						}
						if (connections > 0) merged.set(name, { connections, users: [...users] });
					}
					return merged;
				}
			},
			leases: {
				async acquire(key, ttlMs) {
					const lease = leases.get(key);
					if (lease && lease.until > now() && lease.holder !== instanceId) return null;
					const token =
						lease && lease.holder === instanceId && lease.until > now() ? lease.token : ++fence;
					leases.set(key, { holder: instanceId, token, until: now() + ttlMs });
					return token;
				},
				async release(key) {
					if (leases.get(key)?.holder === instanceId) leases.delete(key);
				},
				async holder(key) {
					const lease = leases.get(key);
					return lease && lease.until > now() ? lease.holder : null;
				}
			},
			async claim(key, ttlMs) {
				const until = claims.get(key);
				if (until !== undefined && until > now()) return false;
				claims.set(key, now() + ttlMs);
				for (const [other, at] of claims) if (at <= now()) claims.delete(other);
				return true;
			},
			async close() {
				subscribers.delete(instanceId);
			}
		};
	}

	return { instance };
}

/** One instance on its own: the default shared state. */
export function memorySharedState(): SharedState {
	return memoryHub().instance();
}
