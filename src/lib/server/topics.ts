/** Topic use cases shared by the form actions and the JSON API. */
import { parseTopicInput, topicVisibleTo } from '../core/topic-rules.ts';
import type { TopicWithOptions } from '../core/types.ts';
import type { Services } from './services.ts';
import type { TopicChange } from './storage/store.ts';

export type CreateTopicResult =
	| { ok: true; topic: TopicWithOptions }
	| { ok: false; field: 'title' | 'description' | 'options' | 'lateGraceSeconds'; message: string };

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
	if (result.ok) await services.publishTopic(topicId);
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
		options: topic.options.map(({ id, label }) => ({ id, label }))
	};
}
