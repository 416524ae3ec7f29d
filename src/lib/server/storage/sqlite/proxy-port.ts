/** Proxy votes' part of the storage port in SQLite's SQL (delegations, settings, cast-by). */
import type { Delegation } from '../../../core/proxy-rules.ts';
import type { ProxyPort } from '../port.ts';
import { toDelegation, type DelegationRow, toBoundEntry, type BoundEntryRow } from '../rows.ts';
import { preparer, type Db } from './db.ts';

export function sqliteProxyPort(db: Db): ProxyPort {
	const prepare = preparer(db);
	const all = prepare<[string], DelegationRow>(
		'SELECT * FROM delegations WHERE meeting_id = ? ORDER BY requested_at, rowid'
	);
	const one = prepare<[string, string], DelegationRow>(
		'SELECT * FROM delegations WHERE meeting_id = ? AND id = ?'
	);
	const liveFrom = prepare<[string, string], DelegationRow>(
		`SELECT * FROM delegations WHERE meeting_id = ? AND from_entry_id = ? AND status <> 'revoked'`
	);
	const insert = prepare(
		`INSERT INTO delegations (id, meeting_id, from_entry_id, to_entry_id, status, requested_by,
		   requested_at, approved_by, approved_at, revoked_by, revoked_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const update = prepare(
		`UPDATE delegations SET status = ?, approved_by = ?, approved_at = ?, revoked_by = ?,
		   revoked_at = ? WHERE id = ?`
	);
	const settings = prepare('UPDATE meetings SET proxy_limit = ?, proxy_revocable = ? WHERE id = ?');
	const entry = prepare<[string, string], BoundEntryRow>(
		`SELECT id, added_version, removed_version, weight FROM roll_entries
		 WHERE meeting_id = ? AND id = ?`
	);
	// A member's ballot is in `votes` or, on a secret topic, its participation: never in both.
	const castBy = prepare('UPDATE votes SET cast_by = ? WHERE topic_id = ? AND roll_entry_id = ?');
	const castByApart = prepare(
		'UPDATE participations SET cast_by = ? WHERE topic_id = ? AND roll_entry_id = ?'
	);
	const casts = prepare<[string, string], { roll_entry_id: string; cast_by: string }>(
		`SELECT roll_entry_id, cast_by FROM votes WHERE topic_id = ? AND cast_by IS NOT NULL
		 UNION ALL
		 SELECT roll_entry_id, cast_by FROM participations WHERE topic_id = ? AND cast_by IS NOT NULL`
	);

	return {
		delegations: (meetingId) => all.all(meetingId).map(toDelegation),
		delegation(meetingId, id) {
			const row = one.get(meetingId, id);
			return row ? toDelegation(row) : null;
		},
		liveDelegationFrom(meetingId, entryId) {
			const row = liveFrom.get(meetingId, entryId);
			return row ? toDelegation(row) : null;
		},
		insertDelegation(d: Delegation) {
			insert.run(
				d.id,
				d.meetingId,
				d.fromEntryId,
				d.toEntryId,
				d.status,
				d.requestedBy,
				d.requestedAt,
				d.approvedBy,
				d.approvedAt,
				d.revokedBy,
				d.revokedAt
			);
		},
		updateDelegation(d: Delegation) {
			update.run(d.status, d.approvedBy, d.approvedAt, d.revokedBy, d.revokedAt, d.id);
		},
		setProxySettings(meetingId, { limit, revocable }) {
			settings.run(limit, revocable ? 1 : 0, meetingId);
		},
		entryForVote(meetingId, entryId) {
			const row = entry.get(meetingId, entryId);
			return row ? toBoundEntry(row) : null;
		},
		setCastBy(topicId, entryId, by) {
			castBy.run(by, topicId, entryId);
			castByApart.run(by, topicId, entryId);
		},
		proxyCasts: (topicId) =>
			casts
				.all(topicId, topicId)
				.map((row) => ({ entryId: row.roll_entry_id, castBy: row.cast_by }))
	};
}
