import { canonicalJson } from '../../../core/audit-chain.ts';
import type { Choice } from '../../../core/poll.ts';
import type { Voter, VoteRecord } from '../../../core/types.ts';
import { decideVote, eligibility } from '../../../core/vote-rules.ts';
import { randomTracker } from '../../../shared/ids.ts';
import type { BallotInput, CastOutcome, NamedVote, VoteStore } from '../store.ts';
import { auditAppender, auditReader } from './audit.ts';
import type { Db } from './db.ts';
import { topicCounter } from './lots.ts';
import { memberReader } from './members.ts';
import { topicReader } from './topics.ts';

interface VoteRow {
	topic_id: string;
	user_id: string;
	choice: string;
	ballot_id: string;
	tracker: string;
	created_at: number;
}

const toVote = (row: VoteRow): VoteRecord => ({
	topicId: row.topic_id,
	userId: row.user_id,
	choice: JSON.parse(row.choice) as Choice,
	ballotId: row.ballot_id,
	tracker: row.tracker,
	createdAt: row.created_at
});

/** The option of a one-option ballot, kept in its own column under the options foreign key. */
const singleOption = (choice: Choice) =>
	Array.isArray(choice) && choice.length === 1 ? choice[0] : null;

export function sqliteVotes(db: Db): VoteStore {
	const readTopic = topicReader(db);
	const members = memberReader(db);
	const audit = auditAppender(db);
	const readAudit = auditReader(db);
	const counter = topicCounter(db);
	const findVote = db.prepare<[string, string], VoteRow>(
		'SELECT * FROM votes WHERE topic_id = ? AND user_id = ?'
	);
	const guestOf = db
		.prepare<[string], string | null>('SELECT guest_meeting_id FROM users WHERE id = ?')
		.pluck();
	const insertVote = db.prepare(
		'INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
	);
	const replaceVote = db.prepare(
		`UPDATE votes SET option_id = ?, choice = ?, ballot_id = ?, tracker = ?, created_at = ?
		 WHERE topic_id = ? AND user_id = ?`
	);
	const refusedBefore = db.prepare<[string, string], number>(
		`SELECT 1 FROM audit_log WHERE topic_id = ? AND kind = 'vote.refused'
		 AND json_extract(payload, '$.ballotId') = ? LIMIT 1`
	);
	const named = db.prepare<
		[string],
		{ user_id: string; name: string; choice: string; created_at: number }
	>(
		`SELECT v.user_id, COALESCE(u.display_name, u.username) AS name, v.choice, v.created_at
		 FROM votes v JOIN users u ON u.id = v.user_id WHERE v.topic_id = ? ORDER BY name, v.user_id`
	);

	const castOne = (
		{ topicId, userId, request }: BallotInput,
		now: number,
		topics: Map<string, ReturnType<typeof readTopic>>
	): CastOutcome => {
		// A batch usually holds many ballots of one topic, which cannot change within its transaction.
		if (!topics.has(topicId)) topics.set(topicId, readTopic(topicId));
		const topic = topics.get(topicId)!;
		const existingRow = findVote.get(topicId, userId);
		const existing = existingRow ? toVote(existingRow) : null;
		const meeting = topic?.meetingId ? members.standing(topic.meetingId, userId) : null;
		const voter: Voter = { guestOf: guestOf.get(userId) ?? null, role: meeting?.role ?? null };
		const ineligible = topic ? eligibility(topic, meeting, voter) : null;
		const decision = decideVote(topic, existing, request, now, ineligible);
		if (decision.ok && decision.kind === 'duplicate') {
			return { ok: true, vote: decision.vote, duplicate: true };
		}
		if (!decision.ok) {
			const repeated = topic ? refusedBefore.get(topicId, request.ballotId) !== undefined : false;
			if (topic && !repeated) {
				audit(
					topicId,
					'vote.refused',
					{ ballotId: request.ballotId, reason: decision.reason },
					now
				);
			}
			return {
				ok: false,
				reason: decision.reason,
				vote: existing,
				repeated,
				closedAt: topic?.closedAt ?? null
			};
		}
		const vote: VoteRecord = {
			topicId,
			userId,
			choice: request.choice,
			ballotId: request.ballotId,
			tracker: randomTracker(),
			createdAt: now
		};
		const stored = canonicalJson(vote.choice);
		const late = decision.late ? { late: true } : {};
		if (decision.kind === 'change') {
			replaceVote.run(
				singleOption(vote.choice),
				stored,
				vote.ballotId,
				vote.tracker,
				now,
				topicId,
				userId
			);
			const replaces = decision.previous.tracker;
			audit(
				topicId,
				'vote.changed',
				{ tracker: vote.tracker, replaces, choice: vote.choice, ...late },
				now
			);
		} else {
			insertVote.run(
				topicId,
				userId,
				singleOption(vote.choice),
				stored,
				vote.ballotId,
				vote.tracker,
				now
			);
			audit(topicId, 'vote.accepted', { tracker: vote.tracker, choice: vote.choice, ...late }, now);
		}
		// A late ballot can change the count of a closed topic, and with it the lots it draws.
		if (decision.late && topic) counter.record(topic, now);
		return { ok: true, vote, duplicate: false };
	};
	const castMany = db.transaction((ballots: BallotInput[], now: number) => {
		const topics = new Map<string, ReturnType<typeof readTopic>>();
		return ballots.map((ballot) => castOne(ballot, now, topics));
	});

	return {
		async castMany(ballots, now) {
			return castMany.immediate(ballots, now);
		},
		async findVote(topicId, userId) {
			const row = findVote.get(topicId, userId);
			return row ? toVote(row) : null;
		},
		async results(topicId) {
			const topic = readTopic(topicId);
			if (!topic) return null;
			return { status: topic.status, ...counter.count(topic) };
		},
		async namedVotes(topicId): Promise<NamedVote[]> {
			return named.all(topicId).map((row) => ({
				userId: row.user_id,
				name: row.name,
				choice: JSON.parse(row.choice) as Choice,
				at: row.created_at
			}));
		},
		async audit(topicId) {
			return readAudit(topicId);
		}
	};
}
