import {
	canonicalJson,
	lotPayload,
	nextEntry,
	type AuditEntry,
	type AuditKind
} from '../../../core/audit-chain.ts';
import { countBallots, countGroups, countsGroups } from '../../../core/counting.ts';
import { paperBallots, paperTotals, type PaperTotals } from '../../../core/paper.ts';
import { pollRules, type Tally } from '../../../core/poll.ts';
import type { TopicWithOptions } from '../../../core/types.ts';
import { countWeights } from '../../../core/weights.ts';
import { db, type UseCase } from '../port.ts';

/** The newest entry of a topic's chain as the next one links to it (none yet: `null`). */
export type AuditHead = Pick<AuditEntry, 'n' | 'hash'> | null;

/**
 * Appends to a topic's audit chain. Call it inside the use case that makes the change it records,
 * after the topic is locked, so the entry and the change commit together and the chain stays one
 * line however many instances write the topic. `head`, when the caller knows it (it appended the
 * previous entry itself in the same transaction), saves reading it again.
 */
export function* appendAudit(
	topicId: string,
	kind: AuditKind,
	payload: Record<string, unknown>,
	at: number,
	head?: AuditHead
): UseCase<AuditEntry> {
	const previous = head === undefined ? yield* db.lastAudit(topicId) : head;
	const entry = nextEntry(previous, topicId, kind, payload, at);
	yield* db.insertAudit(entry);
	return entry;
}

/**
 * A topic's count, with the seed of its lots (the hash of its latest closing entry, once closed):
 * the stored votes and then the paper batches (`paper`: their share, when there are any), in the
 * order the audit replay counts them.
 */
export function* countTopic(topic: TopicWithOptions): UseCase<Tally & { paper?: PaperTotals }> {
	const seed = topic.status === 'closed' ? yield* db.lastClosingHash(topic.id) : null;
	const optionIds = topic.options.map((option) => option.id);
	const batches = yield* db.paperBatches(topic.id);
	const paperChoices = batches.flatMap(paperBallots);
	const paper = paperTotals(batches);
	const rules = pollRules(topic);
	if (topic.eligibleWeight == null) {
		// Recounted at every tally write: ballots that say the same are read as one group where the
		// count allows it, so a tally costs the number of distinct ballots, not of voters.
		const tally = countsGroups(rules.kind)
			? countGroups(
					rules,
					optionIds,
					[
						...(yield* db.ballotGroups(topic.id)),
						...paperChoices.map((choice) => ({ choice, count: 1 }))
					],
					{ seed }
				)
			: countBallots(rules, optionIds, [...(yield* db.voteChoices(topic.id)), ...paperChoices], {
					seed
				});
		return paper ? { ...tally, paper } : tally;
	}
	// A weighted topic: head counts as ever, and beside them the weights of the same ballots.
	const weighted = yield* db.weightedChoices(topic.id);
	const tally = countBallots(
		rules,
		optionIds,
		[...weighted.map((ballot) => ballot.choice), ...paperChoices],
		{ seed }
	);
	const weight = countWeights(
		optionIds,
		weighted.map(({ choice, weight }) => ({ choice, weight: weight ?? 0 }))
	);
	return { ...tally, weight, ...(paper ? { paper } : {}) };
}

/**
 * Records the lots a closed count draws as a `count.lot` audit entry (unless the latest one says
 * the same); inside the use case that closes the topic or takes a late ballot.
 */
export function* recordLots(topic: TopicWithOptions, now: number): UseCase<void> {
	if (topic.status !== 'closed') return;
	const seed = yield* db.lastClosingHash(topic.id);
	if (!seed) return;
	const payload = lotPayload(yield* countTopic(topic), seed);
	if (!payload) return;
	const latest = yield* db.latestOf(topic.id, ['topic.closed', 'count.lot']);
	const same =
		latest?.kind === 'count.lot' && canonicalJson(latest.payload) === canonicalJson(payload);
	if (!same) yield* appendAudit(topic.id, 'count.lot', { ...payload }, now);
}
