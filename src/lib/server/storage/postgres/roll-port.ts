/** The roll's part of the storage port in PostgreSQL's SQL (roll entries, invitations, roll audit). */
import type { Choice } from '../../../core/poll.ts';
import { weightUnits } from '../../../core/weights.ts';
import type { AsyncPort, RollPort } from '../port.ts';
import {
	toAuditEntry,
	toRollEntry,
	toVote,
	type AuditRow,
	type EntryRow,
	type VoteRow,
	toBoundEntry,
	type BoundEntryRow
} from '../rows.ts';
import type { Sql } from './db.ts';

type AsyncRollPort = Pick<AsyncPort, keyof RollPort>;

/** Rows per statement in batch writes: far below PostgreSQL's 65,535 parameters per statement. */
const CHUNK = 1000;

function* chunks<T>(list: T[]): Generator<T[]> {
	for (let start = 0; start < list.length; start += CHUNK) yield list.slice(start, start + CHUNK);
}

/**
 * An entry with whether someone is bound to it, and whether an unused invitation is out (0/1, as
 * SQLite answers them).
 */
const entryColumns = (sql: Sql) => sql`
	e.id, e.meeting_id, e.name, e.contact, e.member_number, e.added_version, e.removed_version,
	e.checked_in_at,
	e.weight,
	EXISTS (SELECT 1 FROM invitations i WHERE i.entry_id = e.id AND i.revoked_at IS NULL
		AND i.user_id IS NOT NULL)::int AS bound,
	EXISTS (SELECT 1 FROM invitations i WHERE i.entry_id = e.id AND i.revoked_at IS NULL
		AND i.user_id IS NULL)::int AS invited`;

/**
 * The roll operations over one connection or transaction. Entries sort by name, then member
 * number (none first), then id, in bytes (`COLLATE "C"`), as SQLite sorts them.
 */
export function postgresRollPort(sql: Sql): AsyncRollPort {
	return {
		async rollEntries(meetingId) {
			const rows = await sql<EntryRow[]>`
				SELECT ${entryColumns(sql)} FROM roll_entries e
				WHERE e.meeting_id = ${meetingId} AND e.removed_version IS NULL
				ORDER BY e.name COLLATE "C", e.member_number COLLATE "C" NULLS FIRST, e.id COLLATE "C"`;
			return rows.map(toRollEntry);
		},
		async rollHistory(meetingId) {
			const rows = await sql<EntryRow[]>`
				SELECT ${entryColumns(sql)} FROM roll_entries e WHERE e.meeting_id = ${meetingId}
				ORDER BY e.name COLLATE "C", e.member_number COLLATE "C" NULLS FIRST, e.id COLLATE "C"`;
			return rows.map(toRollEntry);
		},
		async rollEntry(meetingId, entryId) {
			const [row] = await sql<EntryRow[]>`
				SELECT ${entryColumns(sql)} FROM roll_entries e
				WHERE e.meeting_id = ${meetingId} AND e.id = ${entryId} AND e.removed_version IS NULL`;
			return row ? toRollEntry(row) : null;
		},
		async rollNumbers(meetingId) {
			const rows = await sql<{ member_number: string }[]>`
				SELECT member_number FROM roll_entries
				WHERE meeting_id = ${meetingId} AND removed_version IS NULL AND member_number IS NOT NULL`;
			return rows.map((row) => row.member_number);
		},
		async rollCount(meetingId) {
			const [{ count }] = await sql<{ count: number }[]>`
				SELECT count(*) AS count FROM roll_entries
				WHERE meeting_id = ${meetingId} AND removed_version IS NULL`;
			return count;
		},
		async checkedInCount(meetingId, version) {
			const [{ count }] =
				version === null
					? await sql<{ count: number }[]>`
						SELECT count(*) AS count FROM roll_entries
						WHERE meeting_id = ${meetingId} AND removed_version IS NULL
						  AND checked_in_at IS NOT NULL`
					: await sql<{ count: number }[]>`
						SELECT count(*) AS count FROM roll_entries
						WHERE meeting_id = ${meetingId} AND checked_in_at IS NOT NULL
						  AND added_version <= ${version}
						  AND (removed_version IS NULL OR removed_version > ${version})`;
			return count;
		},
		async insertRollEntries(list) {
			for (const chunk of chunks(list)) {
				const rows = chunk.map((e) => ({
					id: e.id,
					meeting_id: e.meetingId,
					name: e.name,
					contact: e.contact,
					member_number: e.memberNumber,
					added_version: e.addedVersion,
					weight: Number(weightUnits(e.weight))
				}));
				await sql`INSERT INTO roll_entries ${sql(rows)}`;
			}
		},
		async updateRollEntry(id, e) {
			await sql`
				UPDATE roll_entries SET name = ${e.name}, contact = ${e.contact},
				  member_number = ${e.memberNumber}, weight = ${Number(weightUnits(e.weight))}
				WHERE id = ${id}`;
		},
		async rollWeights(meetingId) {
			const rows = await sql<{ weight: number }[]>`
				SELECT weight FROM roll_entries WHERE meeting_id = ${meetingId} AND removed_version IS NULL`;
			return rows.map((row) => row.weight);
		},
		async setWeighted(meetingId, on) {
			await sql`UPDATE meetings SET weighted = ${on ? 1 : 0} WHERE id = ${meetingId}`;
		},
		async setTopicWeight(topicId, eligibleWeight) {
			await sql`UPDATE topics SET eligible_weight = ${eligibleWeight} WHERE id = ${topicId}`;
		},
		async setVoteWeight(topicId, entryId, weight) {
			await sql`
				UPDATE votes SET weight = ${weight} WHERE topic_id = ${topicId} AND roll_entry_id = ${entryId}`;
		},
		async weightedChoices(topicId) {
			const rows = await sql<{ choice: string; weight: number | null }[]>`
				SELECT choice, weight FROM (
				  SELECT choice, weight, id, NULL AS tracker FROM votes WHERE topic_id = ${topicId}
				  UNION ALL SELECT choice, weight, NULL, tracker FROM ballots WHERE topic_id = ${topicId}
				) b ORDER BY id, tracker COLLATE "C"`;
			return rows.map((row) => ({ choice: JSON.parse(row.choice) as Choice, weight: row.weight }));
		},
		async removeRollEntry(id, version) {
			await sql`UPDATE roll_entries SET removed_version = ${version} WHERE id = ${id}`;
		},
		async setRollVersion(meetingId, version) {
			await sql`UPDATE meetings SET roll_version = ${version} WHERE id = ${meetingId}`;
		},
		async setCheckedIn(entryId, at) {
			await sql`UPDATE roll_entries SET checked_in_at = ${at}::bigint WHERE id = ${entryId}`;
		},
		async setPresentFrom(meetingId, from) {
			await sql`UPDATE meetings SET present_from = ${from} WHERE id = ${meetingId}`;
		},
		async setRollGroup(meetingId, group) {
			await sql`UPDATE meetings SET roll_group = ${group} WHERE id = ${meetingId}`;
		},
		async setTopicRoll(topicId, version, eligible) {
			await sql`
				UPDATE topics SET roll_version = ${version}, eligible = ${eligible} WHERE id = ${topicId}`;
		},
		async revokeInvitations(entryIds, now) {
			for (const chunk of chunks(entryIds)) {
				await sql`
					UPDATE invitations SET revoked_at = ${now}
					WHERE entry_id IN ${sql(chunk)} AND revoked_at IS NULL`;
			}
		},
		async insertInvitations(list) {
			for (const chunk of chunks(list)) {
				const rows = chunk.map((i) => ({
					id: i.id,
					meeting_id: i.meetingId,
					entry_id: i.entryId,
					code_hash: i.codeHash,
					issued_at: i.issuedAt,
					issued_by: i.issuedBy
				}));
				await sql`INSERT INTO invitations ${sql(rows)}`;
			}
		},
		async invitationByHash(codeHash) {
			const [row] = await sql<
				{
					id: string;
					meeting_id: string;
					entry_id: string;
					user_id: string | null;
					revoked_at: number | null;
				}[]
			>`
				SELECT id, meeting_id, entry_id, user_id, revoked_at FROM invitations
				WHERE code_hash = ${codeHash}`;
			return row
				? {
						id: row.id,
						meetingId: row.meeting_id,
						entryId: row.entry_id,
						userId: row.user_id,
						revokedAt: row.revoked_at
					}
				: null;
		},
		async redeemInvitation(id, userId, now) {
			await sql`UPDATE invitations SET redeemed_at = ${now}, user_id = ${userId} WHERE id = ${id}`;
		},
		async binding(meetingId, userId) {
			const [row] = await sql<BoundEntryRow[]>`
				SELECT e.id, e.added_version, e.removed_version, e.weight FROM invitations i
				JOIN roll_entries e ON e.id = i.entry_id
				WHERE i.meeting_id = ${meetingId} AND i.user_id = ${userId} AND i.revoked_at IS NULL`;
			return row ? toBoundEntry(row) : null;
		},
		async findEntryVote(topicId, entryId) {
			const [row] = await sql<VoteRow[]>`
				SELECT topic_id, user_id, choice, ballot_id, tracker, created_at, cast_by FROM votes
				WHERE topic_id = ${topicId} AND roll_entry_id = ${entryId}`;
			return row ? toVote(row) : null;
		},
		async replaceEntryVote(vote, optionId, choice, entryId) {
			await sql`
				UPDATE votes SET option_id = ${optionId}, choice = ${choice}, ballot_id = ${vote.ballotId},
				  tracker = ${vote.tracker}, created_at = ${vote.createdAt}, user_id = ${vote.userId}
				WHERE topic_id = ${vote.topicId} AND roll_entry_id = ${entryId}`;
		},
		async lastMeetingAudit(meetingId) {
			const [row] = await sql<{ n: number; hash: string }[]>`
				SELECT n, hash FROM meeting_audit_log WHERE meeting_id = ${meetingId}
				ORDER BY n DESC LIMIT 1`;
			return row ?? null;
		},
		async insertMeetingAudit(e) {
			await sql`
				INSERT INTO meeting_audit_log (meeting_id, n, kind, payload, created_at, prev_hash, hash)
				VALUES (${e.topicId}, ${e.n}, ${e.kind}, ${JSON.stringify(e.payload)}, ${e.at},
				  ${e.prev}, ${e.hash})`;
		},
		async meetingAuditEntries(meetingId) {
			// The chain's id is the meeting's: read as a topic's chain is.
			const rows = await sql<AuditRow[]>`
				SELECT meeting_id AS topic_id, n, kind, payload, created_at, prev_hash, hash
				FROM meeting_audit_log WHERE meeting_id = ${meetingId} ORDER BY n`;
			return rows.map(toAuditEntry);
		}
	};
}
