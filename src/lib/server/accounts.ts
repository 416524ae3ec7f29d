/**
 * Registration and sign-in, shared by the form actions and the JSON API so both give the same
 * answers. Expected failures are values with the field they concern and an HTTP status.
 */
import {
	parseLogin,
	parseRegistration,
	type AccountError,
	type CredentialsError
} from '../core/account-rules.ts';
import { loadPasswordEstimator } from '../core/password-strength.ts';
import { isHashingBusy } from './auth/password.ts';
import { hashSignupCode } from './auth/signup-codes.ts';
import { minutesOf } from './budgets.ts';
import type { Services } from './services.ts';
import type { SessionRecord, UserRecord } from './storage/store.ts';

export type AccountResult =
	| { ok: true; user: UserRecord; token: string; session: SessionRecord }
	| {
			ok: false;
			status: 400 | 401 | 403 | 409 | 429 | 503;
			field: 'username' | 'password' | 'code' | null;
			code: CredentialsError | AccountError;
			params?: Record<string, number | string>;
			message: string;
			retryAfterSeconds?: number;
	  };

const TAKEN = 'That username is taken.';

/** A 429 answer: what was refused, and how long to wait. */
function tooMany(
	code: 'too-many-attempts' | 'too-many-registrations',
	waitMs: number,
	what: string
): AccountResult {
	const minutes = minutesOf(waitMs);
	return {
		ok: false,
		status: 429,
		field: null,
		code,
		params: { minutes },
		message: `Too many ${what}. Try again in ${minutes} minute(s).`,
		retryAfterSeconds: Math.ceil(waitMs / 1000)
	};
}

const BUSY: AccountResult = {
	ok: false,
	status: 503,
	field: null,
	code: 'server-busy',
	message: 'Too many people are signing in right now. Try again in a moment.',
	retryAfterSeconds: 2
};

/** Runs a step that hashes a password; a full hashing queue becomes the 503 answer. */
async function hashing<T>(run: () => Promise<T>): Promise<T | typeof BUSY> {
	try {
		return await run();
	} catch (error) {
		if (isHashingBusy(error)) return BUSY;
		throw error;
	}
}

const CLOSED: AccountResult = {
	ok: false,
	status: 403,
	field: null,
	code: 'registration-closed',
	message: 'This server does not take new registrations.'
};

const CODE_REQUIRED: AccountResult = {
	ok: false,
	status: 400,
	field: 'code',
	code: 'signup-code-required',
	message: 'Registration needs a sign-up code; ask the operator of this server for one.'
};

const CODE_INVALID: AccountResult = {
	ok: false,
	status: 403,
	field: 'code',
	code: 'signup-code-invalid',
	message: 'That sign-up code is unknown, used or expired.'
};

/**
 * Creates an account, as `REGISTRATION` allows: `off` refuses every attempt (403), and
 * `invitation` needs an unused, unexpired sign-up code, used up by the same transaction that
 * creates the account. Every attempt spends from the address's registration budget, and each
 * "username taken" answer (which tells that an account exists) from a smaller one, so neither
 * mass sign-ups nor probing for usernames goes on from one address.
 */
export async function register(
	services: Services,
	username: unknown,
	password: unknown,
	previous: SessionRecord | null = null,
	address = 'unknown',
	code: unknown = undefined
): Promise<AccountResult> {
	const { budgets } = services;
	const mode = services.config.registration;
	if (mode === 'off') return CLOSED;
	const probing = await budgets.takenByAddress.spent(address);
	if (probing > 0) return tooMany('too-many-registrations', probing, 'registrations');
	const wait = await budgets.registrationsByAddress.take(address);
	if (wait > 0) return tooMany('too-many-registrations', wait, 'registrations');
	const parsed = parseRegistration(username, password, await loadPasswordEstimator());
	if (!parsed.ok) return { ...parsed, status: 400 };
	const now = services.now();
	let codeHash: string | null = null;
	if (mode === 'invitation') {
		if (typeof code !== 'string' || !code.trim()) return CODE_REQUIRED;
		codeHash = hashSignupCode(code);
		if (!(await services.stores.signupCodes.usable(codeHash, now))) return CODE_INVALID;
	}
	const existing = await services.stores.users.findByUsername(parsed.username);
	if (existing) {
		await budgets.takenByAddress.take(address);
		return { ok: false, status: 409, field: 'username', code: 'username-taken', message: TAKEN };
	}
	const hashed = await hashing(() => services.passwords.hash(parsed.password));
	if (typeof hashed !== 'string') return hashed;
	let user: UserRecord | null;
	if (codeHash === null) {
		user = await services.stores.users.create(parsed.username, hashed, now);
	} else {
		const used = await services.stores.signupCodes.register(codeHash, parsed.username, hashed, now);
		// Used by someone else between the check and now.
		if (!used.ok && used.reason === 'code-invalid') return CODE_INVALID;
		user = used.ok ? used.user : null;
	}
	if (!user) {
		await budgets.takenByAddress.take(address);
		return { ok: false, status: 409, field: 'username', code: 'username-taken', message: TAKEN };
	}
	// A guest who creates an account leaves their guest session behind, as at sign-in.
	await logout(services, previous);
	const { token, session } = await services.sessions.create(user.id, now);
	return { ok: true, user, token, session };
}

/**
 * Signs in with a fresh session. A session the request already carried is ended, so a token
 * planted before sign-in (session fixation) is never the one that gets signed in.
 */
export async function login(
	services: Services,
	username: unknown,
	password: unknown,
	address: string,
	previous: SessionRecord | null = null
): Promise<AccountResult> {
	if (!services.config.passwordSignIn) {
		return {
			ok: false,
			status: 403,
			field: null,
			code: 'password-sign-in-off',
			message: 'Sign-in with a password is turned off on this server.'
		};
	}
	const parsed = parseLogin(username, password);
	if (!parsed.ok) return { ...parsed, status: 400 };
	const now = services.now();
	const key = `${address}|${parsed.username}`;
	const { budgets } = services;
	const wait = await budgets.loginAttempts.take(key);
	if (wait > 0) return tooMany('too-many-attempts', wait, 'sign-in attempts');
	// Spraying many usernames from one address, or guessing one username from many addresses,
	// is stopped before any password is hashed.
	const spent = Math.max(
		await budgets.loginFailuresByAddress.spent(address),
		await budgets.loginFailuresByUsername.spent(parsed.username)
	);
	if (spent > 0) return tooMany('too-many-attempts', spent, 'sign-in attempts');
	const user = await services.stores.users.findByUsername(parsed.username);
	const valid = await hashing(async () =>
		services.passwords.verify(
			// Accounts from OpenID Connect have no password (an empty hash): checked against the
			// decoy like an unknown username, so they take as long and never match.
			user?.passwordHash || (await services.passwords.decoyHash()),
			parsed.password
		)
	);
	if (typeof valid !== 'boolean') return valid;
	if (!user || !user.passwordHash || !valid) {
		await budgets.loginFailuresByAddress.take(address);
		await budgets.loginFailuresByUsername.take(parsed.username);
		services.metrics.authRefused('wrong-credentials');
		return {
			ok: false,
			status: 401,
			field: 'password',
			code: 'wrong-credentials',
			message: 'Wrong username or password.'
		};
	}
	await budgets.loginAttempts.reset(key);
	await logout(services, previous);
	const { token, session } = await services.sessions.create(user.id, now);
	return {
		ok: true,
		user: { id: user.id, username: user.username, createdAt: user.createdAt, guest: null },
		token,
		session
	};
}

/** Ends a session: deletes it and closes the collaboration sockets it opened. */
export async function logout(services: Services, session: SessionRecord | null): Promise<void> {
	if (!session) return;
	await services.sessions.invalidate(session.id);
	services.endSession(session.id);
}
