/**
 * Sign-in with an OpenID Connect provider through `openid-client`: the authorization code flow
 * with PKCE (S256), `state` and `nonce`, the provider's endpoints and keys found by discovery
 * from the issuer. What the browser carries between the two legs (verifier, state, nonce and
 * where to go afterwards) sits in a short-lived HttpOnly cookie scoped to `/login/oidc`; it is
 * never stored on the server, and it is deleted when the provider sends the person back.
 */
import * as client from 'openid-client';
import type { Cookies } from '@sveltejs/kit';
import type { OidcConfig } from '../config.ts';

export const OIDC_COOKIE = 'plenum_oidc';
const COOKIE_PATH = '/login/oidc';
/** How long a person may take at the provider before the callback is refused as expired. */
const PENDING_SECONDS = 10 * 60;

/** The values of one sign-in in progress. */
export interface PendingSignIn {
	state: string;
	nonce: string;
	verifier: string;
	/** Where to go after signing in (already checked by `safeNext`). */
	next: string;
}

/** Who the provider says signed in: the ID token's claims, completed from the userinfo endpoint. */
export interface ProviderIdentity {
	issuer: string;
	subject: string;
	claims: Record<string, unknown>;
}

export function createOidc(config: OidcConfig) {
	let discovered: Promise<client.Configuration> | null = null;
	const issuer = new URL(config.issuer);
	/** Discovery once, kept for the process; a failed one is tried again by the next sign-in. */
	function configuration(): Promise<client.Configuration> {
		discovered ??= client
			.discovery(issuer, config.clientId, config.clientSecret, undefined, {
				// Plain http is accepted for a provider on this machine only (see config.ts).
				execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
				timeout: 10
			})
			.catch((failure) => {
				discovered = null;
				throw failure;
			});
		return discovered;
	}

	return {
		config,
		/** The provider's authorization URL for a new sign-in, and the values to keep for its return. */
		async start(next: string): Promise<{ url: URL; pending: PendingSignIn }> {
			const provider = await configuration();
			const pending: PendingSignIn = {
				state: client.randomState(),
				nonce: client.randomNonce(),
				verifier: client.randomPKCECodeVerifier(),
				next
			};
			const url = client.buildAuthorizationUrl(provider, {
				redirect_uri: config.redirectUri,
				scope: config.scopes.join(' '),
				code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
				code_challenge_method: 'S256',
				state: pending.state,
				nonce: pending.nonce
			});
			return { url, pending };
		},

		/**
		 * Redeems the code of the provider's answer (`callbackUrl`, the public URL the provider
		 * redirected to) after checking state, nonce, PKCE and the ID token's signature, issuer,
		 * audience and lifetime; the library throws on any mismatch.
		 */
		async finish(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderIdentity> {
			const provider = await configuration();
			const tokens = await client.authorizationCodeGrant(provider, callbackUrl, {
				pkceCodeVerifier: pending.verifier,
				expectedState: pending.state,
				expectedNonce: pending.nonce,
				idTokenExpected: true
			});
			const idToken = tokens.claims()!;
			let claims: Record<string, unknown> = { ...idToken };
			// Many providers put profile and group claims only in the userinfo answer.
			const missing =
				claims[config.usernameClaim] === undefined || claims[config.groupsClaim] === undefined;
			if (missing && provider.serverMetadata().userinfo_endpoint) {
				const info = await client.fetchUserInfo(provider, tokens.access_token, idToken.sub);
				// The signed ID token wins where both name a claim.
				claims = { ...info, ...claims };
			}
			return { issuer: idToken.iss, subject: idToken.sub, claims };
		}
	};
}

export type Oidc = ReturnType<typeof createOidc>;

export function setPendingCookie(cookies: Cookies, pending: PendingSignIn, secure: boolean) {
	cookies.set(OIDC_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
		path: COOKIE_PATH,
		httpOnly: true,
		// Lax: the provider's redirect back is a top-level GET, which carries it.
		sameSite: 'lax',
		secure,
		maxAge: PENDING_SECONDS
	});
}

/** The sign-in in progress, read and deleted at once, so a callback URL works only once. */
export function takePendingCookie(cookies: Cookies, secure: boolean): PendingSignIn | null {
	const raw = cookies.get(OIDC_COOKIE);
	cookies.delete(OIDC_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure });
	if (!raw || raw.length > 2048) return null;
	try {
		const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
		const strings = ['state', 'nonce', 'verifier', 'next'].every(
			(key) => typeof value?.[key] === 'string'
		);
		return strings ? (value as PendingSignIn) : null;
	} catch {
		return null;
	}
}
