/**
 * Server-side sessions after the Lucia guide: a token `<id>.<secret>` made of random bytes; the
 * database keeps the id and the SHA-256 of the secret, so a leaked row is no usable cookie. The
 * secret is compared in constant time. Sessions slide: used within the last half of their life,
 * they are extended, but never beyond an absolute lifetime counted from sign-in. Used by the SvelteKit hooks, the JSON API and the collaboration server alike.
 */
import { sha256 } from '../../core/sha256.ts';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { SessionRecord, SessionStore, UserRecord } from '../storage/store.ts';

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** Default absolute lifetime (`SESSION_ABSOLUTE_DAYS`): 90 days after sign-in, used or not. */
export const SESSION_ABSOLUTE_MS = 90 * 24 * 60 * 60 * 1000;

export interface SessionValidation {
	session: SessionRecord;
	user: UserRecord;
}

function randomSecret(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

const hashSecret = (secret: string) => sha256(new TextEncoder().encode(secret));

export function createSessionManager(
	sessions: SessionStore,
	lifetime = SESSION_LIFETIME_MS,
	absolute = SESSION_ABSOLUTE_MS
) {
	/** The latest a session may be extended to: its sliding expiry, capped by the absolute one. */
	const until = (createdAt: number, now: number) => Math.min(now + lifetime, createdAt + absolute);
	return {
		/** Starts a session; the returned token is shown to the client once and never stored. */
		async create(userId: string, now: number): Promise<{ token: string; session: SessionRecord }> {
			const id = randomSecret();
			const secret = randomSecret();
			const session: SessionRecord = {
				id,
				userId,
				secretHash: hashSecret(secret),
				createdAt: now,
				expiresAt: until(now, now)
			};
			await sessions.create(session);
			return { token: `${id}.${secret}`, session };
		},

		/** Returns the session and user for a token, or null if it is malformed, unknown or expired. */
		async validate(
			token: string | null | undefined,
			now: number
		): Promise<SessionValidation | null> {
			if (!token || token.length > 128) return null;
			const [id, secret, ...rest] = token.split('.');
			if (!id || !secret || rest.length > 0) return null;
			const found = await sessions.find(id);
			if (!found) return null;
			if (!constantTimeEqual(hashSecret(secret), found.session.secretHash)) return null;
			if (now >= found.session.expiresAt || now >= found.session.createdAt + absolute) {
				await sessions.delete(id);
				return null;
			}
			const extended = until(found.session.createdAt, now);
			if (now >= found.session.expiresAt - lifetime / 2 && extended > found.session.expiresAt) {
				found.session.expiresAt = extended;
				await sessions.setExpiry(id, found.session.expiresAt);
			}
			return found;
		},

		async invalidate(sessionId: string): Promise<void> {
			await sessions.delete(sessionId);
		}
	};
}

export type SessionManager = ReturnType<typeof createSessionManager>;
