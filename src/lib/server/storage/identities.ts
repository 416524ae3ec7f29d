/**
 * Storage of how people get an account other than by registering with a password: identities
 * from an OpenID Connect provider, bound to one account each, and the one-time sign-up codes
 * operators issue when registration is by invitation.
 */
import type { UserRecord } from './store.ts';

/** What a provider said about a person at one sign-in. */
export interface IdentityClaims {
	issuer: string;
	subject: string;
	/** A valid username for a new account (see `usernameFromClaim`); taken ones get a suffix. */
	username: string;
	/** The group claim's values, recorded for the meeting roll. */
	groups: string[];
}

export interface IdentitySignIn {
	user: UserRecord;
	/** True when this sign-in made the account. */
	created: boolean;
}

export interface IdentityStore {
	/**
	 * Finds the account bound to (issuer, subject) and records the groups, or, the first time,
	 * creates an account without a password and binds it, in one transaction. Never looks an
	 * account up by username: a taken username gets the first free `-2`, `-3`… suffix instead.
	 */
	signIn(claims: IdentityClaims, now: number): Promise<IdentitySignIn>;
	/** The groups the provider last named for an account (all its identities), sorted; [] if none. */
	groups(userId: string): Promise<string[]>;
}

export type SignupCodeUse =
	{ ok: true; user: UserRecord } | { ok: false; reason: 'code-invalid' | 'username-taken' };

export interface SignupCodeStore {
	/** Stores a new code's hash, valid until `expiresAt`. */
	issue(codeHash: string, note: string, now: number, expiresAt: number): Promise<void>;
	/** Whether a code is unused and unexpired (checked before a password is hashed). */
	usable(codeHash: string, now: number): Promise<boolean>;
	/** Creates the account and uses the code up, in one transaction: both or neither. */
	register(
		codeHash: string,
		username: string,
		passwordHash: string,
		now: number
	): Promise<SignupCodeUse>;
}

/**
 * The storage operations behind these stores (part of the port, `port.ts`): plain reads and
 * writes, every decision is in `use-cases/identities.ts`.
 */
export interface IdentityPort {
	/** The account bound to (issuer, subject), if any. */
	identityAccount(issuer: string, subject: string): UserRecord | null;
	insertIdentity(identity: {
		issuer: string;
		subject: string;
		userId: string;
		groups: string[];
		createdAt: number;
	}): void;
	/** Records a later sign-in: its time and the groups it named. */
	setIdentitySignIn(issuer: string, subject: string, groups: string[], now: number): void;
	/** The groups of every identity of the account, deduplicated and sorted. */
	identityGroups(userId: string): string[];

	insertSignupCode(code: {
		codeHash: string;
		note: string;
		createdAt: number;
		expiresAt: number;
	}): void;
	/** Unused and unexpired. */
	signupCodeUsable(codeHash: string, now: number): boolean;
	/**
	 * Marks a usable code used (row-locked until the transaction ends); false when it was not
	 * usable, also when a concurrent transaction claimed it first.
	 */
	claimSignupCode(codeHash: string, now: number): boolean;
	/** After a claim: records the account it made, or (null) makes it usable again. */
	settleSignupCode(codeHash: string, userId: string | null): void;
}
