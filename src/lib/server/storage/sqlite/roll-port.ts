/** The roll's part of the storage port in SQLite's SQL (roll entries, invitations, roll audit). */
import type { AuditEntry, AuditKind } from '../../../core/audit-chain.ts';
import type { Choice } from '../../../core/poll.ts';
import { weightUnits } from '../../../core/weights.ts';
import type { RollPort } from '../port.ts';
import { preparer, type Db } from './db.ts';
import {
	toRollEntry,
	toVote,
	type EntryRow,
	type VoteRow,
	toBoundEntry,
	type BoundEntryRow
} from '../rows.ts';

/** An entry with whether someone is bound to it, and whether an unused invitation is out. */
const ENTRY = `SELECT e.*,
	EXISTS (SELECT 1 FROM invitations i WHERE i.entry_id = e.id AND i.revoked_at IS NULL
		AND i.user_id IS NOT NULL) AS bound,
	EXISTS (SELECT 1 FROM invitations i WHERE i.entry_id = e.id AND i.revoked_at IS NULL
		AND i.user_id IS NULL) AS invited
	FROM roll_entries e`;

export function sqliteRollPort(db: Db): RollPort {
	const prepare = preparer(db);
	const entries = prepare<[string], EntryRow>(
		`${ENTRY} WHERE e.meeting_id = ? AND e.removed_version IS NULL
		 ORDER BY e.name, e.member_number, e.id`
	);
	const history = prepare<[string], EntryRow>(
		`${ENTRY} WHERE e.meeting_id = ? ORDER BY e.name, e.member_number, e.id`
	);
	const entry = prepare<[string, string], EntryRow>(
		`${ENTRY} WHERE e.meeting_id = ? AND e.id = ? AND e.removed_version IS NULL`
	);
	const numbers = prepare<[string], string>(
		`SELECT member_number FROM roll_entries
			 WHERE meeting_id = ? AND removed_version IS NULL AND member_number IS NOT NULL`
	).pluck();
	const count = prepare<[string], number>(
		'SELECT count(*) FROM roll_entries WHERE meeting_id = ? AND removed_version IS NULL'
	).pluck();
	const checkedInNow = prepare<[string], number>(
		`SELECT count(*) FROM roll_entries
			 WHERE meeting_id = ? AND removed_version IS NULL AND checked_in_at IS NOT NULL`
	).pluck();
	const checkedInAt = prepare<[string, number, number], number>(
		`SELECT count(*) FROM roll_entries WHERE meeting_id = ? AND checked_in_at IS NOT NULL
			 AND added_version <= ? AND (removed_version IS NULL OR removed_version > ?)`
	).pluck();
	const insertEntry = prepare(
		`INSERT INTO roll_entries (id, meeting_id, name, contact, member_number, added_version, weight)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const updateEntry = prepare(
		'UPDATE roll_entries SET name = ?, contact = ?, member_number = ?, weight = ? WHERE id = ?'
	);
	const weights = prepare<[string], number>(
		'SELECT weight FROM roll_entries WHERE meeting_id = ? AND removed_version IS NULL'
	).pluck();
	const setWeighted = prepare('UPDATE meetings SET weighted = ? WHERE id = ?');
	const setTopicWeight = prepare('UPDATE topics SET eligible_weight = ? WHERE id = ?');
	const setVoteWeight = prepare(
		'UPDATE votes SET weight = ? WHERE topic_id = ? AND roll_entry_id = ?'
	);
	const weightedChoices = prepare<[string, string], { choice: string; weight: number | null }>(
		`SELECT choice, weight FROM (SELECT choice, weight, id, NULL AS tracker FROM votes WHERE topic_id = ?
		   UNION ALL SELECT choice, weight, NULL, tracker FROM ballots WHERE topic_id = ?)
		 ORDER BY id, tracker`
	);
	const removeEntry = prepare('UPDATE roll_entries SET removed_version = ? WHERE id = ?');
	const setVersion = prepare('UPDATE meetings SET roll_version = ? WHERE id = ?');
	const setCheckedIn = prepare('UPDATE roll_entries SET checked_in_at = ? WHERE id = ?');
	const setPresentFrom = prepare('UPDATE meetings SET present_from = ? WHERE id = ?');
	const setRollGroup = prepare('UPDATE meetings SET roll_group = ? WHERE id = ?');
	const setTopicRoll = prepare('UPDATE topics SET roll_version = ?, eligible = ? WHERE id = ?');
	const revoke = prepare(
		'UPDATE invitations SET revoked_at = ? WHERE entry_id = ? AND revoked_at IS NULL'
	);
	const insertInvitation = prepare(
		`INSERT INTO invitations (id, meeting_id, entry_id, code_hash, issued_at, issued_by)
		 VALUES (?, ?, ?, ?, ?, ?)`
	);
	const byHash = prepare<
		[string],
		{
			id: string;
			meeting_id: string;
			entry_id: string;
			user_id: string | null;
			revoked_at: number | null;
		}
	>('SELECT id, meeting_id, entry_id, user_id, revoked_at FROM invitations WHERE code_hash = ?');
	const redeem = prepare('UPDATE invitations SET redeemed_at = ?, user_id = ? WHERE id = ?');
	const binding = prepare<[string, string], BoundEntryRow>(
		`SELECT e.id, e.added_version, e.removed_version, e.weight FROM invitations i
		 JOIN roll_entries e ON e.id = i.entry_id
		 WHERE i.meeting_id = ? AND i.user_id = ? AND i.revoked_at IS NULL`
	);
	const entryVote = prepare<[string, string], VoteRow>(
		'SELECT * FROM votes WHERE topic_id = ? AND roll_entry_id = ?'
	);
	const replaceEntryVote = prepare(
		`UPDATE votes SET option_id = ?, choice = ?, ballot_id = ?, tracker = ?, created_at = ?,
		   user_id = ? WHERE topic_id = ? AND roll_entry_id = ?`
	);
	const lastAudit = prepare<[string], { n: number; hash: string }>(
		'SELECT n, hash FROM meeting_audit_log WHERE meeting_id = ? ORDER BY n DESC LIMIT 1'
	);
	const insertAudit = prepare(
		`INSERT INTO meeting_audit_log (meeting_id, n, kind, payload, created_at, prev_hash, hash)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const audit = prepare<
		[string],
		{
			meeting_id: string;
			n: number;
			kind: AuditKind;
			payload: string;
			created_at: number;
			prev_hash: string;
			hash: string;
		}
	>(
		`SELECT meeting_id, n, kind, payload, created_at, prev_hash, hash FROM meeting_audit_log
		 WHERE meeting_id = ? ORDER BY n`
	);

	return {
		rollEntries: (meetingId) => entries.all(meetingId).map(toRollEntry),
		rollHistory: (meetingId) => history.all(meetingId).map(toRollEntry),
		rollEntry(meetingId, entryId) {
			const row = entry.get(meetingId, entryId);
			return row ? toRollEntry(row) : null;
		},
		rollNumbers: (meetingId) => numbers.all(meetingId),
		rollCount: (meetingId) => count.get(meetingId) ?? 0,
		checkedInCount: (meetingId, version) =>
			(version === null
				? checkedInNow.get(meetingId)
				: checkedInAt.get(meetingId, version, version)) ?? 0,
		insertRollEntries(list) {
			for (const e of list) {
				insertEntry.run(
					e.id,
					e.meetingId,
					e.name,
					e.contact,
					e.memberNumber,
					e.addedVersion,
					Number(weightUnits(e.weight))
				);
			}
		},
		updateRollEntry(id, e) {
			updateEntry.run(e.name, e.contact, e.memberNumber, Number(weightUnits(e.weight)), id);
		},
		rollWeights: (meetingId) => weights.all(meetingId),
		setWeighted(meetingId, on) {
			setWeighted.run(on ? 1 : 0, meetingId);
		},
		setTopicWeight(topicId, eligibleWeight) {
			setTopicWeight.run(eligibleWeight, topicId);
		},
		setVoteWeight(topicId, entryId, weight) {
			setVoteWeight.run(weight, topicId, entryId);
		},
		weightedChoices: (topicId) =>
			weightedChoices
				.all(topicId, topicId)
				.map((row) => ({ choice: JSON.parse(row.choice) as Choice, weight: row.weight })),
		removeRollEntry(id, version) {
			removeEntry.run(version, id);
		},
		setRollVersion(meetingId, version) {
			setVersion.run(version, meetingId);
		},
		setCheckedIn(entryId, at) {
			setCheckedIn.run(at, entryId);
		},
		setPresentFrom(meetingId, from) {
			setPresentFrom.run(from, meetingId);
		},
		setRollGroup(meetingId, group) {
			setRollGroup.run(group, meetingId);
		},
		setTopicRoll(topicId, version, eligible) {
			setTopicRoll.run(version, eligible, topicId);
		},
		revokeInvitations(entryIds, now) {
			for (const entryId of entryIds) revoke.run(now, entryId);
		},
		insertInvitations(list) {
			for (const i of list) {
				insertInvitation.run(i.id, i.meetingId, i.entryId, i.codeHash, i.issuedAt, i.issuedBy);
			}
		},
		invitationByHash(codeHash) {
			const row = byHash.get(codeHash);
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
		redeemInvitation(id, userId, now) {
			redeem.run(now, userId, id);
		},
		binding(meetingId, userId) {
			const row = binding.get(meetingId, userId);
			return row ? toBoundEntry(row) : null;
		},
		findEntryVote(topicId, entryId) {
			const row = entryVote.get(topicId, entryId);
			return row ? toVote(row) : null;
		},
		replaceEntryVote(vote, optionId, choice, entryId) {
			replaceEntryVote.run(
				optionId,
				choice,
				vote.ballotId,
				vote.tracker,
				vote.createdAt,
				vote.userId,
				vote.topicId,
				entryId
			);
		},
		lastMeetingAudit: (meetingId) => lastAudit.get(meetingId) ?? null,
		insertMeetingAudit(e: AuditEntry) {
			insertAudit.run(e.topicId, e.n, e.kind, JSON.stringify(e.payload), e.at, e.prev, e.hash);
		},
		meetingAuditEntries: (meetingId) =>
			audit.all(meetingId).map((row) => ({
				topicId: row.meeting_id,
				n: row.n,
				kind: row.kind,
				payload: JSON.parse(row.payload),
				at: row.created_at,
				prev: row.prev_hash,
				hash: row.hash
			}))
	};
}
