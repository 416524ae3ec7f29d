import type { Majority } from '../../../core/outcome.ts';
import { pollRules, type PollKind } from '../../../core/poll.ts';
import { decideDraftEdit, transition, type TopicInput } from '../../../core/topic-rules.ts';
import type {
	OptionRecord,
	TopicRecord,
	TopicStatus,
	TopicWithOptions
} from '../../../core/types.ts';
import { randomId } from '../../../shared/ids.ts';
import type { TopicStore } from '../store.ts';
import { managesTopic } from '../../../core/meeting-rules.ts';
import { auditAppender, auditHeadReader } from './audit.ts';
import { topicCounter } from './lots.ts';
import { memberReader } from './members.ts';
import type { Db } from './db.ts';

interface TopicRow {
	id: string;
	owner_id: string;
	title: string;
	description: string;
	status: TopicStatus;
	created_at: number;
	opened_at: number | null;
	closed_at: number | null;
	late_grace_seconds: number;
	meeting_id: string | null;
	hide_results: number;
	majority: Majority;
	quorum: number;
	closes_at: number | null;
	kind: PollKind;
	min_choices: number;
	max_choices: number;
	score_max: number;
	seats: number;
	secret: number;
	allow_change: number;
	results_before_voting: number;
	present_at_close: number | null;
}

interface OptionRow {
	id: string;
	topic_id: string;
	label: string;
	position: number;
}

const toTopic = (row: TopicRow): TopicRecord => ({
	id: row.id,
	ownerId: row.owner_id,
	title: row.title,
	description: row.description,
	status: row.status,
	createdAt: row.created_at,
	openedAt: row.opened_at,
	closedAt: row.closed_at,
	lateGraceSeconds: row.late_grace_seconds,
	meetingId: row.meeting_id,
	hideResults: row.hide_results === 1,
	resultsBeforeVoting: row.results_before_voting === 1,
	presentAtClose: row.present_at_close,
	majority: row.majority,
	quorum: row.quorum,
	closesAt: row.closes_at,
	kind: row.kind,
	minChoices: row.min_choices,
	maxChoices: row.max_choices,
	scoreMax: row.score_max,
	seats: row.seats,
	secret: row.secret === 1,
	allowChange: row.allow_change === 1
});

const toOption = (row: OptionRow): OptionRecord => ({
	id: row.id,
	topicId: row.topic_id,
	label: row.label,
	position: row.position
});

/** Reads a topic with its options; shared by the topic and vote adapters. */
export function topicReader(db: Db) {
	const topic = db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE id = ?');
	const options = db.prepare<[string], OptionRow>(
		'SELECT * FROM options WHERE topic_id = ? ORDER BY position'
	);
	const auditHead = auditHeadReader(db);
	return (id: string): TopicWithOptions | null => {
		const row = topic.get(id);
		if (!row) return null;
		const head = auditHead(id);
		return {
			...toTopic(row),
			options: options.all(id).map(toOption),
			...(head ? { audit: head } : {})
		};
	};
}

/**
 * Inserts a draft topic with its options; call inside a transaction. Meetings pass their id and
 * the topic's place on the agenda.
 */
export function topicWriter(db: Db) {
	const insertTopic = db.prepare(
		`INSERT INTO topics (id, owner_id, title, description, status, created_at, late_grace_seconds,
		   meeting_id, agenda_position, hide_results, majority, quorum, kind, min_choices, max_choices,
		   score_max, secret, allow_change, results_before_voting, seats)
		 VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertOption = db.prepare(
		'INSERT INTO options (id, topic_id, label, position) VALUES (?, ?, ?, ?)'
	);
	return (
		ownerId: string,
		input: TopicInput,
		now: number,
		agenda: { meetingId: string; position: number } | null = null
	): string => {
		const id = randomId(10);
		insertTopic.run(
			id,
			ownerId,
			input.title,
			input.description,
			now,
			input.lateGraceSeconds,
			agenda?.meetingId ?? null,
			agenda?.position ?? null,
			input.hideResults ? 1 : 0,
			input.majority,
			input.quorum,
			input.kind,
			input.minChoices,
			input.maxChoices,
			input.scoreMax,
			input.secret ? 1 : 0,
			input.allowChange ? 1 : 0,
			input.resultsBeforeVoting ? 1 : 0,
			input.seats ?? 1
		);
		input.options.forEach((label, position) => insertOption.run(randomId(10), id, label, position));
		return id;
	};
}

export function sqliteTopics(db: Db): TopicStore {
	const read = topicReader(db);
	const audit = auditAppender(db);
	const auditHead = auditHeadReader(db);
	const write = topicWriter(db);
	const members = memberReader(db);
	const counter = topicCounter(db);
	const byOwner = db.prepare<[string], { id: string }>(
		'SELECT id FROM topics WHERE owner_id = ? AND meeting_id IS NULL ORDER BY created_at DESC, id'
	);
	const setStatus = db.prepare(
		`UPDATE topics SET status = ?,
		   opened_at = CASE WHEN ? = 'open' THEN ? ELSE opened_at END,
		   closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END,
		   present_at_close = CASE WHEN ? = 'closed' THEN ? ELSE NULL END,
		   closes_at = NULL
		 WHERE id = ?`
	);

	const create = db.transaction((ownerId: string, input: TopicInput, now: number) =>
		read(write(ownerId, input, now))!
	);

	const setHidden = db.prepare('UPDATE topics SET hide_results = ? WHERE id = ?');
	const setClosesAt = db.prepare('UPDATE topics SET closes_at = ? WHERE id = ?');
	const timed = db
		.prepare<[], string>("SELECT id FROM topics WHERE closes_at IS NOT NULL AND status = 'open'")
		.pluck();

	/** The topic with `actorId`'s standing in its meeting, if it exists; otherwise the refusal. */
	function withStanding(id: string, actorId: string) {
		const topic = read(id);
		if (!topic) {
			return {
				ok: false,
				reason: 'not-found',
				code: 'topic-not-found',
				message: 'No such topic.'
			} as const;
		}
		const meeting = topic.meetingId ? members.standing(topic.meetingId, actorId) : null;
		return { ok: true, topic, meeting } as const;
	}

	/** The topic, if it exists and `actorId` manages it; otherwise the refusal. */
	function owned(id: string, actorId: string) {
		const found = withStanding(id, actorId);
		if (!found.ok) return found;
		const { topic, meeting } = found;
		if (!managesTopic(topic, actorId, meeting)) {
			return {
				ok: false,
				reason: 'forbidden',
				code: 'topic-managers-only',
				message: 'Only the topic’s owner or the meeting’s hosts can do that.'
			} as const;
		}
		return { ok: true, topic } as const;
	}

	const updateTopic = db.prepare(
		`UPDATE topics SET title = ?, description = ?, late_grace_seconds = ?, hide_results = ?,
		   results_before_voting = ?, majority = ?, quorum = ?, kind = ?, min_choices = ?,
		   max_choices = ?, score_max = ?, secret = ?, allow_change = ?, seats = ?
		 WHERE id = ? AND status = 'draft'`
	);
	const deleteOptions = db.prepare('DELETE FROM options WHERE topic_id = ?');
	const insertOption = db.prepare(
		'INSERT INTO options (id, topic_id, label, position) VALUES (?, ?, ?, ?)'
	);

	/** A draft's new settings; options keep their id where their label stays. */
	const editDraft = db.transaction((id: string, actorId: string, patch: unknown) => {
		const found = withStanding(id, actorId);
		if (!found.ok) return found;
		const { topic, meeting } = found;
		const decision = decideDraftEdit(topic, actorId, meeting, patch);
		if (!decision.ok) return decision;
		const input = decision.value;
		updateTopic.run(
			input.title,
			input.description,
			input.lateGraceSeconds,
			input.hideResults ? 1 : 0,
			input.resultsBeforeVoting ? 1 : 0,
			input.majority,
			input.quorum,
			input.kind,
			input.minChoices,
			input.maxChoices,
			input.scoreMax,
			input.secret ? 1 : 0,
			input.allowChange ? 1 : 0,
			input.seats ?? 1,
			id
		);
		const idOf = new Map(topic.options.map((option) => [option.label, option.id]));
		deleteOptions.run(id);
		input.options.forEach((label, position) =>
			insertOption.run(idOf.get(label) ?? randomId(10), id, label, position)
		);
		return { ok: true, topic: read(id)! } as const;
	});

	const changeStatus = db.transaction(
		(
			id: string,
			actorId: string,
			action: 'open' | 'close',
			now: number,
			present: number | null
		) => {
			const found = owned(id, actorId);
			if (!found.ok) return found;
			const { topic } = found;
			const next = transition(topic.status, action);
			if (!next.ok) {
				return {
					ok: false,
					reason: 'invalid-transition',
					code: next.code,
					message: next.reason
				} as const;
			}
			setStatus.run(next.status, next.status, now, next.status, now, next.status, present, id);
			if (action === 'open') {
				// The replay of the log counts with the rules and options the topic opened with.
				audit(
					id,
					'topic.opened',
					{ by: actorId, rules: pollRules(topic), options: topic.options.map((o) => o.id) },
					now
				);
			} else {
				// The closing entry names the head it closes, so the chain states its own length.
				const head = auditHead(id);
				audit(
					id,
					'topic.closed',
					{ by: actorId, entries: head?.entries ?? 0, head: head?.head ?? null },
					now
				);
				// Lots the count draws are seeded by the closing entry, so recorded after it.
				counter.record(read(id)!, now);
			}
			return { ok: true, topic: read(id)! } as const;
		}
	);

	return {
		async create(ownerId, input, now) {
			return create.immediate(ownerId, input, now);
		},
		async get(id) {
			return read(id);
		},
		async listByOwner(ownerId) {
			return byOwner.all(ownerId).map(({ id }) => read(id)!);
		},
		async changeStatus(id, actorId, action, now, present = null) {
			return changeStatus.immediate(id, actorId, action, now, present);
		},
		async editDraft(id, actorId, patch) {
			return editDraft.immediate(id, actorId, patch);
		},
		async setTimer(id, actorId, closesAt) {
			return db
				.transaction(() => {
					const found = owned(id, actorId);
					if (!found.ok) return found;
					if (found.topic.status !== 'open') {
						return {
							ok: false,
							reason: 'invalid-transition',
							code: 'timer-needs-open',
							message: 'A timer runs only while voting is open.'
						} as const;
					}
					setClosesAt.run(closesAt, id);
					return { ok: true, topic: read(id)! } as const;
				})
				.immediate();
		},
		async listTimed() {
			return timed.all().map((id) => read(id)!);
		},
		async setResultsHidden(id, actorId, hidden) {
			return db
				.transaction(() => {
					const found = owned(id, actorId);
					if (!found.ok) return found;
					setHidden.run(hidden ? 1 : 0, id);
					return { ok: true, topic: read(id)! } as const;
				})
				.immediate();
		}
	};
}
