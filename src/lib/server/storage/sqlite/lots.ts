import { canonicalJson, lotPayload } from '../../../core/audit-chain.ts';
import { countBallots } from '../../../core/counting.ts';
import { pollRules, type Choice, type Tally } from '../../../core/poll.ts';
import type { TopicWithOptions } from '../../../core/types.ts';
import { auditAppender } from './audit.ts';
import type { Db } from './db.ts';

/**
 * Counts a topic's ballots with the seed of its lots (the hash of its latest closing entry, once
 * closed), and records the lots a closed count draws as a `count.lot` audit entry. Call `record`
 * inside the transaction that closes the topic or takes a late ballot, so the entry commits with it.
 */
export function topicCounter(db: Db) {
	const audit = auditAppender(db);
	const choices = db
		.prepare<[string], string>('SELECT choice FROM votes WHERE topic_id = ? ORDER BY id')
		.pluck();
	const closing = db
		.prepare<[string], string>(
			"SELECT hash FROM audit_log WHERE topic_id = ? AND kind = 'topic.closed' ORDER BY n DESC LIMIT 1"
		)
		.pluck();
	const latestLot = db.prepare<[string], { kind: string; payload: string }>(
		`SELECT kind, payload FROM audit_log WHERE topic_id = ? AND kind IN ('topic.closed', 'count.lot')
		 ORDER BY n DESC LIMIT 1`
	);

	function count(topic: TopicWithOptions): Tally {
		const seed = topic.status === 'closed' ? (closing.get(topic.id) ?? null) : null;
		const ballots = choices.all(topic.id).map((text) => JSON.parse(text) as Choice);
		const optionIds = topic.options.map((option) => option.id);
		return countBallots(pollRules(topic), optionIds, ballots, { seed });
	}

	function record(topic: TopicWithOptions, now: number) {
		if (topic.status !== 'closed') return;
		const seed = closing.get(topic.id);
		if (!seed) return;
		const payload = lotPayload(count(topic), seed);
		if (!payload) return;
		const latest = latestLot.get(topic.id);
		const same =
			latest?.kind === 'count.lot' &&
			canonicalJson(JSON.parse(latest.payload)) === canonicalJson(payload);
		if (!same) audit(topic.id, 'count.lot', { ...payload }, now);
	}

	return { count, record };
}
