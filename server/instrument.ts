/**
 * Measurements taken at the edges of parts that know nothing of metrics: every storage call is
 * timed at the `Stores` interface (so it holds for any adapter, SQLite or PostgreSQL, and for
 * whatever a method does inside), flood budgets and the sign-in limiter count their refusals,
 * and the auth extension's named refusals are counted by reason.
 */
import { readFileSync } from 'node:fs';
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { BudgetStore } from '../src/lib/server/budgets.ts';
import type { Metrics } from '../src/lib/server/metrics.ts';
import type { Stores } from '../src/lib/server/storage/store.ts';
import { Refusal } from './extensions/auth.ts';

/** Rate limits and budgets by the names `/metrics` labels them with. */
export const RATE_LIMITS = [
	'login-attempts',
	'login-fail-address',
	'login-fail-username',
	'join-miss-address',
	'guests-address',
	'guests-meeting',
	'register-address',
	'taken-address',
	'sockets-per-address',
	'message-rate'
] as const;

/** Reasons an authentication can be refused, as `plenum_auth_refusals_total` labels them. */
export const AUTH_REASONS = [
	'wrong-credentials',
	'cross-origin',
	'unknown-document',
	'invalid-token',
	'unknown-meeting',
	'unknown-topic',
	'not-signed-in',
	'forbidden',
	'too-many-documents',
	'too-many-connections',
	'moved',
	'not-in-group'
] as const;

/**
 * The stores, each method timed into `plenum_db_transaction_seconds`. Each store method is one
 * use case in one transaction (or one read), so its duration is the transaction's. `close` and
 * anything that is not a function pass through.
 */
export function timedStores(stores: Stores, metrics: Metrics): Stores {
	const timed = <T extends object>(name: string, store: T): T =>
		new Proxy(store, {
			get(target, property, receiver) {
				const value = Reflect.get(target, property, receiver);
				if (typeof value !== 'function' || typeof property !== 'string') return value;
				return (...args: unknown[]) => {
					const started = performance.now();
					const done = () => metrics.dbCall(name, property, (performance.now() - started) / 1000);
					const result = value.apply(target, args);
					if (result instanceof Promise) return result.finally(done);
					done();
					return result;
				};
			}
		});
	const { close, ...each } = stores;
	const wrapped = Object.fromEntries(
		Object.entries(each).map(([name, store]) => [name, timed(name, store as object)])
	);
	return { ...(wrapped as Omit<Stores, 'close'>), close };
}

/** Budgets that count each refusal (an answer to wait) under the budget's name. */
export function countedBudgets(store: BudgetStore, metrics: Metrics): BudgetStore {
	return {
		budget(name, points, windowMs) {
			const budget = store.budget(name, points, windowMs);
			const counted = (wait: number) => {
				if (wait > 0) metrics.rateLimited(name);
				return wait;
			};
			return {
				take: async (key, cost) => counted(await budget.take(key, cost)),
				spent: async (key) => counted(await budget.spent(key)),
				reset: (key) => budget.reset(key)
			};
		}
	};
}

/** The auth extension, counting each document it refuses by the refusal's reason. */
export function countedRefusals(extension: Extension, metrics: Metrics): Extension {
	const authenticate = extension.onAuthenticate?.bind(extension);
	if (!authenticate) return extension;
	return {
		...extension,
		async onAuthenticate(data: onAuthenticatePayload) {
			try {
				return await authenticate(data);
			} catch (error) {
				if (error instanceof Refusal) metrics.authRefused(error.reason);
				throw error;
			}
		}
	};
}

/** The memory limit of the process's cgroup (v2), or null when there is none. */
export function cgroupMemoryLimit(): number | null {
	try {
		const value = Number(readFileSync('/sys/fs/cgroup/memory.max', 'utf8').trim());
		return Number.isFinite(value) && value > 0 ? value : null;
	} catch {
		return null;
	}
}
