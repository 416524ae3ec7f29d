/** The identity and sign-up code operations of the port, in SQLite's SQL. */
import type { IdentityPort } from '../identities.ts';
import { preparer, type Db } from './db.ts';

export function sqliteIdentityPort(db: Db): IdentityPort {
	const prepare = preparer(db);
	const identityAccount = prepare<
		[string, string],
		{ id: string; username: string; created_at: number }
	>(
		`SELECT u.id, u.username, u.created_at FROM identities i JOIN users u ON u.id = i.user_id
		 WHERE i.issuer = ? AND i.subject = ?`
	);
	const insertIdentity = prepare(
		`INSERT INTO identities (issuer, subject, user_id, groups, created_at, signed_in_at)
		 VALUES (?, ?, ?, ?, ?, ?)`
	);
	const setSignIn = prepare(
		'UPDATE identities SET groups = ?, signed_in_at = ? WHERE issuer = ? AND subject = ?'
	);
	const groups = prepare<[string], string>(
		`SELECT DISTINCT g.value FROM identities i, json_each(i.groups) g
			 WHERE i.user_id = ? ORDER BY g.value`
	).pluck();
	const insertCode = prepare(
		'INSERT INTO signup_codes (code_hash, note, created_at, expires_at) VALUES (?, ?, ?, ?)'
	);
	const usable = prepare<[string, number], number>(
		'SELECT 1 FROM signup_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?'
	).pluck();
	const claim = prepare(
		`UPDATE signup_codes SET used_at = ?
		 WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`
	);
	const usedBy = prepare('UPDATE signup_codes SET used_by = ? WHERE code_hash = ?');
	const release = prepare(
		'UPDATE signup_codes SET used_at = NULL, used_by = NULL WHERE code_hash = ?'
	);
	return {
		identityAccount(issuer, subject) {
			const row = identityAccount.get(issuer, subject);
			return row
				? { id: row.id, username: row.username, createdAt: row.created_at, guest: null }
				: null;
		},
		insertIdentity(identity) {
			const json = JSON.stringify(identity.groups);
			insertIdentity.run(
				identity.issuer,
				identity.subject,
				identity.userId,
				json,
				identity.createdAt,
				identity.createdAt
			);
		},
		setIdentitySignIn(issuer, subject, names, now) {
			setSignIn.run(JSON.stringify(names), now, issuer, subject);
		},
		identityGroups: (userId) => groups.all(userId),
		insertSignupCode(code) {
			insertCode.run(code.codeHash, code.note, code.createdAt, code.expiresAt);
		},
		signupCodeUsable: (codeHash, now) => usable.get(codeHash, now) === 1,
		claimSignupCode: (codeHash, now) => claim.run(now, codeHash, now).changes === 1,
		settleSignupCode(codeHash, userId) {
			if (userId === null) release.run(codeHash);
			else usedBy.run(userId, codeHash);
		}
	};
}
