/** Paper ballots and the list of who has voted, shared by the JSON API and the host's pages. */
import type { VotedList } from '../core/voted-list.ts';
import type { Services } from './services.ts';
import type { PaperChange } from './storage/use-cases/paper.ts';
import { managesTopicAs } from './topics.ts';

/** Adds a batch of counted paper ballots and pushes the new results to everyone watching. */
export async function addPaperBallots(
	services: Services,
	topicId: string,
	actorId: string,
	raw: unknown
): Promise<PaperChange> {
	const result = await services.stores.votes.addPaper(topicId, actorId, raw, services.now());
	if (result.ok) await services.publishTopic(topicId);
	return result;
}

export type VotedListResult =
	| { ok: true; list: VotedList }
	| { ok: false; status: 403 | 404; reason: 'topic-not-found' | 'voters-hosts-only' };

/**
 * Who has voted (never what), for those who manage the topic only: on a secret topic too, since
 * it names no choice. Everyone else gets 403, and a topic they may not know of 404.
 */
export async function votedListFor(
	services: Services,
	topicId: string,
	userId: string
): Promise<VotedListResult> {
	const topic = await services.stores.topics.get(topicId);
	if (!topic) return { ok: false, status: 404, reason: 'topic-not-found' };
	if (!(await managesTopicAs(services, topic, userId))) {
		return { ok: false, status: 403, reason: 'voters-hosts-only' };
	}
	const list = await services.stores.votes.votedList(topicId);
	return list ? { ok: true, list } : { ok: false, status: 404, reason: 'topic-not-found' };
}
