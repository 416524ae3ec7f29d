/** Proxy votes' part of the storage port in PostgreSQL's SQL (delegations, settings, cast-by). */
import type { AsyncPort, ProxyPort } from '../port.ts';
import { toDelegation, type DelegationRow, toBoundEntry, type BoundEntryRow } from '../rows.ts';
import type { Sql } from './db.ts';

type AsyncProxyPort = Pick<AsyncPort, keyof ProxyPort>;

export function postgresProxyPort(sql: Sql): AsyncProxyPort {
	return {
		async delegations(meetingId) {
			const rows = await sql<DelegationRow[]>`
				SELECT * FROM delegations WHERE meeting_id = ${meetingId} ORDER BY requested_at, seq`;
			return rows.map(toDelegation);
		},
		async delegation(meetingId, id) {
			const [row] = await sql<DelegationRow[]>`
				SELECT * FROM delegations WHERE meeting_id = ${meetingId} AND id = ${id}`;
			return row ? toDelegation(row) : null;
		},
		async liveDelegationFrom(meetingId, entryId) {
			const [row] = await sql<DelegationRow[]>`
				SELECT * FROM delegations
				WHERE meeting_id = ${meetingId} AND from_entry_id = ${entryId} AND status <> 'revoked'`;
			return row ? toDelegation(row) : null;
		},
		async insertDelegation(d) {
			await sql`
				INSERT INTO delegations (id, meeting_id, from_entry_id, to_entry_id, status, requested_by,
				  requested_at, approved_by, approved_at, revoked_by, revoked_at)
				VALUES (${d.id}, ${d.meetingId}, ${d.fromEntryId}, ${d.toEntryId}, ${d.status},
				  ${d.requestedBy}, ${d.requestedAt}, ${d.approvedBy}, ${d.approvedAt}, ${d.revokedBy},
				  ${d.revokedAt})`;
		},
		async updateDelegation(d) {
			await sql`
				UPDATE delegations SET status = ${d.status}, approved_by = ${d.approvedBy},
				  approved_at = ${d.approvedAt}, revoked_by = ${d.revokedBy}, revoked_at = ${d.revokedAt}
				WHERE id = ${d.id}`;
		},
		async setProxySettings(meetingId, { limit, revocable }) {
			await sql`
				UPDATE meetings SET proxy_limit = ${limit}, proxy_revocable = ${revocable ? 1 : 0}
				WHERE id = ${meetingId}`;
		},
		async entryForVote(meetingId, entryId) {
			const [row] = await sql<BoundEntryRow[]>`
				SELECT id, added_version, removed_version, weight FROM roll_entries
				WHERE meeting_id = ${meetingId} AND id = ${entryId}`;
			return row ? toBoundEntry(row) : null;
		},
		async setCastBy(topicId, entryId, by) {
			// A member's ballot is in `votes` or, on a secret topic, its participation: never in both.
			await Promise.all([
				sql`UPDATE votes SET cast_by = ${by} WHERE topic_id = ${topicId} AND roll_entry_id = ${entryId}`,
				sql`UPDATE participations SET cast_by = ${by} WHERE topic_id = ${topicId} AND roll_entry_id = ${entryId}`
			]);
		},
		async proxyCasts(topicId) {
			const rows = await sql<{ roll_entry_id: string; cast_by: string }[]>`
				SELECT roll_entry_id, cast_by FROM votes WHERE topic_id = ${topicId} AND cast_by IS NOT NULL
				UNION ALL
				SELECT roll_entry_id, cast_by FROM participations
				WHERE topic_id = ${topicId} AND cast_by IS NOT NULL`;
			return rows.map((row) => ({ entryId: row.roll_entry_id, castBy: row.cast_by }));
		}
	};
}
