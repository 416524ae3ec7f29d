/**
 * Accounts from OpenID Connect and registration with operators' sign-up codes, over any engine.
 */
import { randomId } from '../../../shared/ids.ts';
import { usernameCandidates } from '../../auth/oidc-claims.ts';
import type { IdentityClaims, IdentitySignIn, SignupCodeUse } from '../identities.ts';
import { db, type UseCase } from '../port.ts';

/**
 * The account bound to the provider's (issuer, subject), with the groups of this sign-in
 * recorded; the first time, a new account without a password (an empty hash never matches) under
 * the first free name of `usernameCandidates`. An account is never looked up by username here.
 */
export function* signInWithIdentity(claims: IdentityClaims, now: number): UseCase<IdentitySignIn> {
	const { issuer, subject, groups } = claims;
	const found = yield* db.identityAccount(issuer, subject);
	if (found) {
		yield* db.setIdentitySignIn(issuer, subject, groups, now);
		return { user: found, created: false };
	}
	const id = randomId(16);
	for (const username of usernameCandidates(claims.username)) {
		if (yield* db.insertUser({ id, username, passwordHash: '', createdAt: now })) {
			yield* db.insertIdentity({ issuer, subject, userId: id, groups, createdAt: now });
			return { user: { id, username, createdAt: now, guest: null }, created: true };
		}
	}
	throw new Error(`no free username is left for ${claims.username}`);
}

export function* identityGroups(userId: string): UseCase<string[]> {
	return yield* db.identityGroups(userId);
}

export function* issueSignupCode(
	codeHash: string,
	note: string,
	now: number,
	expiresAt: number
): UseCase<void> {
	yield* db.insertSignupCode({ codeHash, note, createdAt: now, expiresAt });
}

export function* signupCodeUsable(codeHash: string, now: number): UseCase<boolean> {
	return yield* db.signupCodeUsable(codeHash, now);
}

/**
 * A new password account made with a sign-up code, which it uses up: both or neither. A taken
 * username leaves the code usable.
 */
export function* registerWithSignupCode(
	codeHash: string,
	username: string,
	passwordHash: string,
	now: number
): UseCase<SignupCodeUse> {
	if (!(yield* db.claimSignupCode(codeHash, now))) return { ok: false, reason: 'code-invalid' };
	const id = randomId(16);
	if (!(yield* db.insertUser({ id, username, passwordHash, createdAt: now }))) {
		yield* db.settleSignupCode(codeHash, null);
		return { ok: false, reason: 'username-taken' };
	}
	yield* db.settleSignupCode(codeHash, id);
	return { ok: true, user: { id, username, createdAt: now, guest: null } };
}
