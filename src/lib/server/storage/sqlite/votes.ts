import { decideVote } from '../../../core/vote-rules.ts';
import type { VoteRecord } from '../../../core/types.ts';
import { randomTracker } from '../../../shared/ids.ts';
import type { BallotInput, CastOutcome, VoteStore } from '../store.ts';
import { auditAppender, auditReader } from './audit.ts';
import type { Db } from './db.ts';
import { topicReader } from './topics.ts';

interface VoteRow {
	topic_id: string;
	user_id: string;
	option_id: string;
	ballot_id: string;
	tracker: string;
	created_at: number;
}

const toVote = (row: VoteRow): VoteRecord => ({
	topicId: row.topic_id,
	userId: row.user_id,
	optionId: row.option_id,
	ballotId: row.ballot_id,
	tracker: row.tracker,
	createdAt: row.created_at
});

export function sqliteVotes(db: Db): VoteStore {
	const readTopic = topicReader(db);
	const audit = auditAppender(db);
	const readAudit = auditReader(db);
	const findVote = db.prepare<[string, string], VoteRow>(
		'SELECT * FROM votes WHERE topic_id = ? AND user_id = ?'
	);
	const insertVote = db.prepare(
		'INSERT INTO votes (topic_id, user_id, option_id, ballot_id, tracker, created_at) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const refusedBefore = db.prepare<[string, string], number>(
		`SELECT 1 FROM audit_log WHERE topic_id = ? AND kind = 'vote.refused'
		 AND json_extract(payload, '$.ballotId') = ? LIMIT 1`
	);
	const totals = db.prepare<[string], { option_id: string; count: number }>(
		'SELECT option_id, COUNT(*) AS count FROM votes WHERE topic_id = ? GROUP BY option_id'
	);

	const castOne = ({ topicId, userId, request }: BallotInput, now: number): CastOutcome => {
		const topic = readTopic(topicId);
		const existingRow = findVote.get(topicId, userId);
		const existing = existingRow ? toVote(existingRow) : null;
		const decision = decideVote(topic, existing, request, now);
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
			optionId: request.optionId,
			ballotId: request.ballotId,
			tracker: randomTracker(),
			createdAt: now
		};
		insertVote.run(topicId, userId, vote.optionId, vote.ballotId, vote.tracker, now);
		const entry = { tracker: vote.tracker, optionId: vote.optionId };
		audit(topicId, 'vote.accepted', decision.late ? { ...entry, late: true } : entry, now);
		return { ok: true, vote, duplicate: false };
	};
	const castMany = db.transaction((ballots: BallotInput[], now: number) =>
		ballots.map((ballot) => castOne(ballot, now))
	);

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
			const counts: Record<string, number> = Object.fromEntries(
				topic.options.map((option) => [option.id, 0])
			);
			let turnout = 0;
			for (const row of totals.all(topicId)) {
				counts[row.option_id] = row.count;
				turnout += row.count;
			}
			return { status: topic.status, turnout, totals: counts };
		},
		async audit(topicId) {
			return readAudit(topicId);
		}
	};
}
