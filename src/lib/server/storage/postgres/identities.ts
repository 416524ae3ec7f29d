/**
 * The identity and sign-up code operations of the port in PostgreSQL's SQL (schema:
 * `server/migrations/postgres/0012_identities_signup_codes.sql`). The PostgreSQL adapter spreads
 * them into its port over the connection or transaction it runs on:
 * `...postgresIdentityPort((text, params) => sql.unsafe(text, params))` with postgres.js; its
 * spec runs `identityContract` (`../identities.contract.ts`). Group names sort with
 * `COLLATE "C"`, as SQLite sorts them.
 */
import type { IdentityPort } from '../identities.ts';

/** Runs one statement with `$1`, `$2`… parameters; the rows it returns, and how many it changed. */
export type Statement = (
	text: string,
	params: (string | number | null)[]
) => PromiseLike<ArrayLike<Record<string, unknown>> & { count: number }>;

export type AsyncIdentityPort = {
	[K in keyof IdentityPort]: (
		...args: Parameters<IdentityPort[K]>
	) => Promise<ReturnType<IdentityPort[K]>>;
};

export function postgresIdentityPort(run: Statement): AsyncIdentityPort {
	return {
		async identityAccount(issuer, subject) {
			const rows = await run(
				`SELECT u.id, u.username, u.created_at FROM identities i JOIN users u ON u.id = i.user_id
				 WHERE i.issuer = $1 AND i.subject = $2`,
				[issuer, subject]
			);
			const row = rows[0] as { id: string; username: string; created_at: number } | undefined;
			return row
				? { id: row.id, username: row.username, createdAt: Number(row.created_at), guest: null }
				: null;
		},
		async insertIdentity(identity) {
			await run(
				`INSERT INTO identities (issuer, subject, user_id, groups, created_at, signed_in_at)
				 VALUES ($1, $2, $3, $4, $5, $5)`,
				[
					identity.issuer,
					identity.subject,
					identity.userId,
					JSON.stringify(identity.groups),
					identity.createdAt
				]
			);
		},
		async setIdentitySignIn(issuer, subject, groups, now) {
			await run(
				'UPDATE identities SET groups = $1, signed_in_at = $2 WHERE issuer = $3 AND subject = $4',
				[JSON.stringify(groups), now, issuer, subject]
			);
		},
		async identityGroups(userId) {
			const rows = await run(
				`SELECT DISTINCT g.value COLLATE "C" AS value
				 FROM identities i, jsonb_array_elements_text(i.groups::jsonb) AS g(value)
				 WHERE i.user_id = $1 ORDER BY 1`,
				[userId]
			);
			return Array.from(rows, (row) => String(row.value));
		},
		async insertSignupCode(code) {
			await run(
				'INSERT INTO signup_codes (code_hash, note, created_at, expires_at) VALUES ($1, $2, $3, $4)',
				[code.codeHash, code.note, code.createdAt, code.expiresAt]
			);
		},
		async signupCodeUsable(codeHash, now) {
			const rows = await run(
				'SELECT 1 FROM signup_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2',
				[codeHash, now]
			);
			return rows.length === 1;
		},
		async claimSignupCode(codeHash, now) {
			// The row lock holds a concurrent claim until this transaction ends; it then finds
			// `used_at` set and changes nothing.
			const result = await run(
				`UPDATE signup_codes SET used_at = $2
				 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2`,
				[codeHash, now]
			);
			return result.count === 1;
		},
		async settleSignupCode(codeHash, userId) {
			if (userId === null) {
				await run('UPDATE signup_codes SET used_at = NULL, used_by = NULL WHERE code_hash = $1', [
					codeHash
				]);
			} else {
				await run('UPDATE signup_codes SET used_by = $2 WHERE code_hash = $1', [codeHash, userId]);
			}
		}
	};
}
