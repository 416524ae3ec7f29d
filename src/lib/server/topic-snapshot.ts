/** The values a topic document holds for a stored topic; also the page's first render. */
import { resultsVisibility } from '../core/outcome.ts';
import { pollSettings } from '../core/poll.ts';
import type { TopicWithOptions } from '../core/types.ts';
import type { TopicAudit, TopicMeta, TopicState } from '../shared/documents.ts';

export function topicValues(topic: TopicWithOptions) {
	const meta: TopicMeta = {
		id: topic.id,
		title: topic.title,
		description: topic.description,
		options: topic.options.map(({ id, label }) => ({ id, label }))
	};
	const state: TopicState = {
		status: topic.status,
		openedAt: topic.openedAt,
		closedAt: topic.closedAt,
		lateGraceSeconds: topic.lateGraceSeconds,
		hideResults: topic.hideResults,
		resultsVisibility: resultsVisibility(topic),
		majority: topic.majority,
		quorum: topic.quorum,
		closesAt: topic.closesAt,
		...pollSettings(topic)
	};
	// The audit chain's head, published as it grows, so an export can be checked against it.
	const audit: TopicAudit | null = topic.audit ?? null;
	return { meta, state, audit };
}
