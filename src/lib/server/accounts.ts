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
import { decoyHash, hashPassword, verifyPassword } from './auth/password.ts';
import type { Services } from './services.ts';
import type { SessionRecord, UserRecord } from './storage/store.ts';

export type AccountResult =
	| { ok: true; user: UserRecord; token: string; session: SessionRecord }
	| {
			ok: false;
			status: 400 | 401 | 409 | 429;
			field: 'username' | 'password' | null;
			code: CredentialsError | AccountError;
			params?: Record<string, number | string>;
			message: string;
			retryAfterSeconds?: number;
	  };

const TAKEN = 'That username is taken.';

export async function register(
	services: Services,
	username: unknown,
	password: unknown,
	previous: SessionRecord | null = null
): Promise<AccountResult> {
	const parsed = parseRegistration(username, password);
	if (!parsed.ok) return { ...parsed, status: 400 };
	const now = services.now();
	const existing = await services.stores.users.findByUsername(parsed.username);
	if (existing) {
		return { ok: false, status: 409, field: 'username', code: 'username-taken', message: TAKEN };
	}
	const user = await services.stores.users.create(
		parsed.username,
		await hashPassword(parsed.password),
		now
	);
	if (!user) {
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
	const parsed = parseLogin(username, password);
	if (!parsed.ok) return { ...parsed, status: 400 };
	const now = services.now();
	const key = `${address}|${parsed.username}`;
	const wait = services.loginLimiter.hit(key, now);
	if (wait > 0) {
		const seconds = Math.ceil(wait / 1000);
		return {
			ok: false,
			status: 429,
			field: null,
			code: 'too-many-attempts',
			params: { minutes: Math.ceil(seconds / 60) },
			message: `Too many sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
			retryAfterSeconds: seconds
		};
	}
	const user = await services.stores.users.findByUsername(parsed.username);
	const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), parsed.password);
	if (!user || !valid) {
		return {
			ok: false,
			status: 401,
			field: 'password',
			code: 'wrong-credentials',
			message: 'Wrong username or password.'
		};
	}
	services.loginLimiter.reset(key);
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
