/**
 * Budgets against floods: how many of something (failed sign-ins, unknown join codes, guests,
 * registrations) one key (an address, a username, a meeting) may spend per window. Each budget is
 * a fixed window of `points` that starts at the first hit, so a burst up to `points` passes at once
 * (a room of people behind one address) and the rest waits for the window to end.
 *
 * Counting is rate-limiter-flexible's: in memory here, per process; `server/cluster/redis.ts`
 * builds the same budgets on its Redis limiter when several instances share them.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from './config.ts';

export interface Budget {
	/** Spends `points` from `key`'s budget; answers ms to wait when it was already spent, else 0. */
	take(key: string, points?: number): Promise<number>;
	/** Ms to wait when `key`'s budget is spent, else 0; spends nothing. */
	spent(key: string): Promise<number>;
	/** Gives `key` its whole budget back. */
	reset(key: string): Promise<void>;
}

export interface BudgetStore {
	budget(name: string, points: number, windowMs: number): Budget;
}

/** rate-limiter-flexible's options for one budget: a window of whole seconds, at least one. */
export interface LimiterOptions {
	keyPrefix: string;
	points: number;
	duration: number;
}

/** Budgets counted by the limiters `make` builds (any of rate-limiter-flexible's stores). */
export function limiterBudgets(
	make: (options: LimiterOptions) => RateLimiterAbstract
): BudgetStore {
	return {
		budget(name, points, windowMs) {
			const limiter = make({
				keyPrefix: name,
				points,
				duration: Math.max(1, Math.ceil(windowMs / 1000))
			});
			return {
				async take(key, cost = 1) {
					try {
						await limiter.consume(key, cost);
						return 0;
					} catch (refused) {
						if (refused instanceof RateLimiterRes) return Math.max(1, refused.msBeforeNext);
						throw refused;
					}
				},
				async spent(key) {
					const state = await limiter.get(key);
					return state && state.consumedPoints >= points ? Math.max(1, state.msBeforeNext) : 0;
				},
				async reset(key) {
					await limiter.delete(key);
				}
			};
		}
	};
}

/** Budgets counted in this process's memory. */
export function memoryBudgets(): BudgetStore {
	return limiterBudgets((options) => new RateLimiterMemory(options));
}

/** Every flood budget Plenum keeps, sized from the configuration. */
export function createBudgets(config: Config, store: BudgetStore = memoryBudgets()) {
	return {
		/** Sign-in attempts per address and username, failed or not. */
		loginAttempts: store.budget('login-attempts', config.loginAttempts, config.loginWindowMs),
		/** Failed sign-ins from one address, whatever the username (password spraying). */
		loginFailuresByAddress: store.budget(
			'login-fail-address',
			config.loginFailuresPerAddress,
			config.loginWindowMs
		),
		/** Failed sign-ins for one username, from whatever address (one account, many addresses). */
		loginFailuresByUsername: store.budget(
			'login-fail-username',
			config.loginFailuresPerUsername,
			config.loginWindowMs
		),
		/** Join codes that matched no meeting (or an ended one), per address: guessing codes. */
		joinMissesByAddress: store.budget(
			'join-miss-address',
			config.joinMissesPerAddress,
			config.joinWindowMs
		),
		/** Guests joining from one address: a room behind one NAT fits in the burst. */
		guestsByAddress: store.budget('guests-address', config.guestsPerAddress, config.joinWindowMs),
		/** Guests joining one meeting. */
		guestsByMeeting: store.budget('guests-meeting', config.guestsPerMeeting, config.joinWindowMs),
		/** Registration attempts per address. */
		registrationsByAddress: store.budget(
			'register-address',
			config.registrationsPerAddress,
			config.registrationWindowMs
		),
		/** "That username is taken" answers per address: the oracle of which usernames exist. */
		takenByAddress: store.budget(
			'taken-address',
			config.takenPerAddress,
			config.registrationWindowMs
		)
	};
}

export type Budgets = ReturnType<typeof createBudgets>;

/** Whole minutes to tell someone to wait, at least one. */
export const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
