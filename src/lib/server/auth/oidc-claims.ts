/**
 * What Plenum takes from an OpenID provider's claims: a username for a new account and the
 * person's groups. Pure functions, shared by the sign-in route and the storage adapters.
 */
import { normaliseUsername, USERNAME_PATTERN } from '../../core/account-rules.ts';

/** Longest base, so that a `-999` suffix still fits the 32 characters of a username. */
const BASE_MAX = 28;

/**
 * A valid username made from a claim's value: lower case, accents dropped, every run of other
 * characters (`@`, `.`, spaces) turned into one `-` (`Anna.Lee@example.org` → `anna-lee-example-org`).
 * Null when the claim is missing or holds nothing usable.
 */
export function usernameFromClaim(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const base = normaliseUsername(value)
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9_-]+/g, '-')
		.replace(/^[-_]+/, '')
		.slice(0, BASE_MAX)
		.replace(/-+$/, '');
	if (!base) return null;
	const name = base.length < 3 ? `user-${base}` : base;
	return USERNAME_PATTERN.test(name) ? name : null;
}

/** The candidates for a new account's username, in order: the base, then `base-2` … `base-999`. */
export function* usernameCandidates(base: string): Generator<string> {
	yield base;
	for (let n = 2; n < 1000; n++) yield `${base}-${n}`;
}

/**
 * The group claim as a list of names: an array of strings, or one string (some providers send a
 * single group so). Anything else (missing, objects) is no groups. At most 200 groups of at most
 * 256 characters each are kept, deduplicated and sorted.
 */
export function groupsFromClaim(value: unknown): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
	const names = list.filter(
		(each): each is string => typeof each === 'string' && each.length > 0 && each.length <= 256
	);
	return [...new Set(names)].sort().slice(0, 200);
}
