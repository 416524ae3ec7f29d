/**
 * The account behind an OpenID Connect sign-in, and the groups a provider named for an account.
 *
 * Binding rule: an account is found by the provider's (issuer, subject) pair only, never by
 * username. The first sign-in of a subject creates a new account without a password, named from
 * the username claim; when that name is taken (by a password account, a guest, or a person of
 * another provider) the new account gets the first free `-2`, `-3`… suffix. So a provider can
 * never sign anyone into an account it did not create, and a later change of the username at the
 * provider changes nothing here.
 */
import { groupsFromClaim, usernameFromClaim } from './auth/oidc-claims.ts';
import type { ProviderIdentity } from './auth/oidc.ts';
import { logout } from './accounts.ts';
import type { Services } from './services.ts';
import type { SessionRecord, UserRecord } from './storage/store.ts';

/** Why a provider's sign-in was not let in (the `oidc` parameter of `/login`). */
export type OidcRefusal = 'not-in-group' | 'no-username';

export type OidcSignIn =
	| { ok: true; user: UserRecord; created: boolean; token: string; session: SessionRecord }
	| { ok: false; code: OidcRefusal };

export async function signInWithProvider(
	services: Services,
	identity: ProviderIdentity,
	previous: SessionRecord | null
): Promise<OidcSignIn> {
	const oidc = services.config.oidc!;
	const groups = groupsFromClaim(identity.claims[oidc.groupsClaim]);
	if (oidc.requiredGroup !== null && !groups.includes(oidc.requiredGroup)) {
		services.metrics.authRefused('not-in-group');
		return { ok: false, code: 'not-in-group' };
	}
	const username = usernameFromClaim(identity.claims[oidc.usernameClaim]);
	if (!username) return { ok: false, code: 'no-username' };
	const now = services.now();
	const { user, created } = await services.stores.identities.signIn(
		{ issuer: identity.issuer, subject: identity.subject, username, groups },
		now
	);
	// As with a password: the session the request carried (a guest's, a planted one) ends.
	await logout(services, previous);
	const { token, session } = await services.sessions.create(user.id, now);
	return { ok: true, user, created, token, session };
}

/**
 * The groups an account's provider named at its latest sign-in (sorted; [] for accounts that
 * never signed in through OpenID Connect). For features that grant something by group, such as
 * putting a person on a meeting's roll.
 */
export function groupsOf(services: Pick<Services, 'stores'>, userId: string): Promise<string[]> {
	return services.stores.identities.groups(userId);
}
