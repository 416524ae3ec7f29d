import { describe, expect, it } from 'vitest';
import { USERNAME_PATTERN } from '../../core/account-rules.ts';
import { groupsFromClaim, usernameCandidates, usernameFromClaim } from './oidc-claims.ts';
import { hashSignupCode, newSignupCode } from './signup-codes.ts';

describe('usernameFromClaim', () => {
	it('makes a valid username from what providers send', () => {
		expect(usernameFromClaim('alice')).toBe('alice');
		expect(usernameFromClaim('Anna.Lee@Example.org')).toBe('anna-lee-example-org');
		expect(usernameFromClaim('  Jürgen Groß ')).toBe('jurgen-gro');
		expect(usernameFromClaim('bo')).toBe('user-bo');
		expect(usernameFromClaim('_-x')).toBe('user-x');
		expect(usernameFromClaim('a'.repeat(80))).toBe('a'.repeat(28));
	});

	it('gives null for a missing or unusable claim', () => {
		expect(usernameFromClaim(undefined)).toBeNull();
		expect(usernameFromClaim(42)).toBeNull();
		expect(usernameFromClaim('')).toBeNull();
		expect(usernameFromClaim('@@@')).toBeNull();
		expect(usernameFromClaim('李')).toBeNull();
	});

	it('leaves room for every suffix within the username rules', () => {
		const base = usernameFromClaim('x'.repeat(100))!;
		const all = [...usernameCandidates(base)];
		expect(all[0]).toBe(base);
		expect(all[1]).toBe(`${base}-2`);
		expect(all).toHaveLength(999);
		expect(all.every((name) => USERNAME_PATTERN.test(name))).toBe(true);
	});
});

describe('groupsFromClaim', () => {
	it('reads an array or a single string, deduplicated and sorted', () => {
		expect(groupsFromClaim(['members', 'board', 'members'])).toEqual(['board', 'members']);
		expect(groupsFromClaim('members')).toEqual(['members']);
	});

	it('ignores anything that is not a group name', () => {
		expect(groupsFromClaim(undefined)).toEqual([]);
		expect(groupsFromClaim({ members: true })).toEqual([]);
		expect(groupsFromClaim(['ok', 7, null, '', 'x'.repeat(300)])).toEqual(['ok']);
		expect(groupsFromClaim(Array.from({ length: 500 }, (_, i) => `g${i}`))).toHaveLength(200);
	});
});

describe('sign-up codes', () => {
	it('are long random codes whose hash ignores case, spaces and dashes', () => {
		const code = newSignupCode();
		expect(code).toMatch(/^[a-z2-7]{32}$/);
		expect(newSignupCode()).not.toBe(code);
		const spaced = code.toUpperCase().replace(/(.{4})/g, '$1-');
		expect(hashSignupCode(` ${spaced} `)).toBe(hashSignupCode(code));
		expect(hashSignupCode(code)).toMatch(/^[0-9a-f]{64}$/);
		expect(hashSignupCode(code)).not.toContain(code);
	});
});
