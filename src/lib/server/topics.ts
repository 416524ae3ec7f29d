/** Topic use cases shared by the form actions and the JSON API. */
import { parseTopicInput, topicVisibleTo, type TopicInputResult } from '../core/topic-rules.ts';
import { resultsVisible } from '../core/outcome.ts';
import type { TopicWithOptions } from '../core/types.ts';
import type { Services } from './services.ts';
import type { TopicChange } from './storage/store.ts';

export type CreateTopicResult =
	{ ok: true; topic: TopicWithOptions } | Extract<TopicInputResult, { ok: false }>;

export async function createTopic(
	services: Services,
	ownerId: string,
	raw: unknown
): Promise<CreateTopicResult> {
	const parsed = parseTopicInput(raw);
	if (!parsed.ok) return parsed;
	return {
		ok: true,
		topic: await services.stores.topics.create(ownerId, parsed.value, services.now())
	};
}

/** Opens or closes a topic and pushes the new state to everyone watching it. */
export async function changeTopicStatus(
	services: Services,
	topicId: string,
	actorId: string,
	action: 'open' | 'close'
): Promise<TopicChange> {
	const result = await services.stores.topics.changeStatus(
		topicId,
		actorId,
		action,
		services.now()
	);
	if (result.ok) {
		services.scheduleTimer(topicId, result.topic.ownerId, null);
		await services.publishTopic(topicId);
	}
	return result;
}

/** Hides or reveals an open topic's totals and pushes the change to everyone watching. */
export async function setResultsHidden(
	services: Services,
	topicId: string,
	actorId: string,
	hidden: boolean
): Promise<TopicChange> {
	const result = await services.stores.topics.setResultsHidden(topicId, actorId, hidden);
	if (result.ok) await services.publishTopic(topicId);
	return result;
}

export const TIMER_MAX_SECONDS = 24 * 60 * 60;

/** Starts a countdown after which the open topic closes by itself (0 stops it). */
export async function startTimer(
	services: Services,
	topicId: string,
	actorId: string,
	seconds: number
): Promise<TopicChange> {
	const closesAt = seconds > 0 ? services.now() + seconds * 1000 : null;
	const result = await services.stores.topics.setTimer(topicId, actorId, closesAt);
	if (result.ok) {
		services.scheduleTimer(topicId, result.topic.ownerId, closesAt);
		await services.publishTopic(topicId);
	}
	return result;
}

/** The topic if this viewer may see it (see `topicVisibleTo`), else null. */
export async function visibleTopic(
	services: Services,
	topicId: string,
	viewerId: string | null
): Promise<TopicWithOptions | null> {
	const topic = await services.stores.topics.get(topicId);
	if (!topic || !topicVisibleTo(topic, viewerId)) return null;
	return topic;
}

/**
 * Results as the public may see them: while the host hides an open topic's totals, only the
 * turnout is given (the audit export and downloads are withheld until it closes).
 */
export async function publicResults(services: Services, topic: TopicWithOptions) {
	const results = (await services.stores.votes.results(topic.id))!;
	return resultsVisible(topic) ? results : { ...results, totals: {}, hidden: true };
}

export function topicJson(topic: TopicWithOptions) {
	return {
		id: topic.id,
		title: topic.title,
		description: topic.description,
		status: topic.status,
		ownerId: topic.ownerId,
		createdAt: topic.createdAt,
		openedAt: topic.openedAt,
		closedAt: topic.closedAt,
		lateGraceSeconds: topic.lateGraceSeconds,
		hideResults: topic.hideResults,
		majority: topic.majority,
		quorum: topic.quorum,
		closesAt: topic.closesAt,
		options: topic.options.map(({ id, label }) => ({ id, label }))
	};
}
