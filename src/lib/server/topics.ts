/** Topic use cases shared by the form actions and the JSON API. */
import {
	parseTopicInput,
	topicVisibleTo,
	type NamedVotesError,
	type TopicInputResult
} from '../core/topic-rules.ts';
import { resultsVisibility, resultsVisible, shownResults } from '../core/outcome.ts';
import { pollSettings } from '../core/poll.ts';
import type { RefusalReason, TopicWithOptions } from '../core/types.ts';
import { eligibility } from '../core/vote-rules.ts';
import type { Services } from './services.ts';
import { topicValues } from './topic-snapshot.ts';
import { managesTopic } from '../core/meeting-rules.ts';
import type { NamedVote, TopicChange, TopicEdit } from './storage/store.ts';
import type { ProxyStore } from './storage/proxy-store.ts';

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

/**
 * How many are present in the topic's meeting now (null outside a meeting): checked in at the
 * door, or with the meeting open, as the meeting counts presence.
 */
export async function presentAt(services: Services, topicId: string): Promise<number | null> {
	const topic = await services.stores.topics.get(topicId);
	return topic?.meetingId ? services.presentCount(topic.meetingId) : null;
}

/**
 * Edits a draft (see `decideDraftEdit`) and pushes it to everyone watching the topic and, for a
 * topic on an agenda, the meeting's agenda.
 */
export async function editDraftTopic(
	services: Services,
	topicId: string,
	actorId: string,
	patch: unknown
): Promise<TopicEdit> {
	const result = await services.stores.topics.editDraft(topicId, actorId, patch);
	if (result.ok) {
		await services.publishTopic(topicId);
		if (result.topic.meetingId) await services.publishMeeting(result.topic.meetingId);
	}
	return result;
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
		services.now(),
		action === 'close' ? await presentAt(services, topicId) : null
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
 * Results as the public may see them, with the audit chain's head they can check an export
 * against: while the host hides an open topic's totals, only the turnout is given (the audit
 * export and downloads are withheld until it closes).
 */
export async function publicResults(services: Services, topic: TopicWithOptions) {
	// Roll meetings only: eligible (the roll the topic opened with), checked in, roll version.
	const electorate = await services.stores.roll.electorate(topic.id);
	return {
		...shownResults(topic, (await services.stores.votes.results(topic.id))!),
		audit: topic.audit ?? null,
		...(electorate ? { electorate } : {})
	};
}

/**
 * A topic page's first render: what the topic document holds for anyone, runoff rounds
 * included, so the first paint is final.
 */
export async function topicFirstPaint(services: Services, topic: TopicWithOptions) {
	const results = await publicResults(services, topic);
	const { meta, state } = topicValues(topic);
	return {
		meta,
		state,
		results: {
			totals: results.totals,
			turnout: results.turnout,
			at: 0,
			hidden: results.hidden === true,
			...(results.rounds ? { rounds: results.rounds } : {}),
			...(results.seats !== undefined ? { seats: results.seats } : {}),
			...(results.quota !== undefined ? { quota: results.quota } : {}),
			...(results.elected ? { elected: results.elected } : {}),
			...(results.pendingLot ? { pendingLot: results.pendingLot } : {}),
			...(results.weight ? { weight: results.weight } : {}),
			...(results.paper
				? { paper: { ballots: results.paper.ballots, totals: results.paper.totals } }
				: {})
		}
	};
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
		resultsVisibility: resultsVisibility(topic),
		majority: topic.majority,
		quorum: topic.quorum,
		closesAt: topic.closesAt,
		presentAtClose: topic.presentAtClose,
		meetingId: topic.meetingId,
		...pollSettings(topic),
		options: topic.options.map(({ id, label }) => ({ id, label }))
	};
}

/** Whether this user manages the topic: its creator, or a host or co-host of its meeting. */
export async function managesTopicAs(
	services: Services,
	topic: TopicWithOptions,
	userId: string | null
): Promise<boolean> {
	if (!userId) return false;
	if (topic.ownerId === userId) return true;
	if (!topic.meetingId) return false;
	const meeting = await services.stores.meetings.get(topic.meetingId);
	if (!meeting) return false;
	const role = await services.stores.meetings.role(meeting.id, userId);
	return managesTopic(topic, userId, { ownerId: meeting.ownerId, role });
}

/**
 * Why this user may not vote on the topic at all (observer, guest of another meeting, guest of
 * a meeting for accounts only), so the page says so instead of offering a ballot the server
 * would refuse. Null: they may vote.
 */
export async function ineligibility(
	services: Services,
	topic: TopicWithOptions,
	user: { id: string; guest: { meetingId: string } | null } | null
): Promise<RefusalReason | null> {
	if (!user) return null;
	const meeting = topic.meetingId ? await services.stores.meetings.get(topic.meetingId) : null;
	const role = meeting ? await services.stores.meetings.role(meeting.id, user.id) : null;
	const rollEntry =
		meeting?.access === 'roll' ? await services.stores.roll.binding(meeting.id, user.id) : null;
	const ineligible = eligibility(topic, meeting, {
		guestOf: user.guest?.meetingId ?? null,
		role,
		rollEntry
	});
	if (ineligible || !meeting || !rollEntry) return ineligible;
	const { delegatedTo } = await proxyOf(services, meeting.id, user.id);
	return delegatedTo ? 'delegated' : null;
}

/**
 * The viewer's part in a roll meeting's proxies: the members whose vote they carry now (a ballot
 * for each on the topic page) and the proxy they handed their own vote to.
 */
export async function proxyOf(
	services: Services,
	meetingId: string | null,
	userId: string | null
): Promise<{ carries: { entryId: string; name: string }[]; delegatedTo: string | null }> {
	return proxyPart(services.stores.proxies, meetingId, userId);
}

/**
 * `proxyOf` from the proxy store alone, for `server/` (the collaboration server counts a proxy's
 * ballots apart from its per-socket limit by the members they carry).
 */
export async function proxyPart(
	proxies: ProxyStore,
	meetingId: string | null,
	userId: string | null
): Promise<{ carries: { entryId: string; name: string }[]; delegatedTo: string | null }> {
	const none = { carries: [], delegatedTo: null };
	if (!meetingId || !userId) return none;
	const view = await proxies.view(meetingId, userId);
	const entry = view?.entry;
	if (!view || !entry) return none;
	const standing = view.delegations.filter((d) => d.status === 'approved');
	return {
		carries: standing
			.filter((d) => d.toEntryId === entry.id)
			.map((d) => ({ entryId: d.fromEntryId, name: d.fromName })),
		delegatedTo: standing.find((d) => d.fromEntryId === entry.id)?.toName ?? null
	};
}

export type NamedVotesResult =
	| { ok: true; votes: NamedVote[] }
	| {
			ok: false;
			status: 403 | 404 | 409;
			code: 'forbidden' | 'not-found' | 'conflict';
			/** What exactly was refused, for the hosts' page to word in its language. */
			reason: NamedVotesError;
			message: string;
	  };

/**
 * Who voted what, for the people who manage a named topic. A secret topic never answers, not
 * even to its host; hidden results stay hidden here too until closing.
 */
export async function namedVotes(
	services: Services,
	topicId: string,
	userId: string
): Promise<NamedVotesResult> {
	const topic = await services.stores.topics.get(topicId);
	if (!topic) {
		return {
			ok: false,
			status: 404,
			code: 'not-found',
			reason: 'topic-not-found',
			message: 'No such topic.'
		};
	}
	if (!(await managesTopicAs(services, topic, userId))) {
		return {
			ok: false,
			status: 403,
			code: 'forbidden',
			reason: 'votes-hosts-only',
			message: 'Only the topic’s hosts see votes.'
		};
	}
	if (topic.secret) {
		return {
			ok: false,
			status: 403,
			code: 'forbidden',
			reason: 'votes-secret',
			message: 'This is a secret ballot: nobody can see who voted what.'
		};
	}
	if (!resultsVisible(topic)) {
		return {
			ok: false,
			status: 409,
			code: 'conflict',
			reason: 'votes-hidden',
			message: 'Results are hidden until voting closes; so is who voted what.'
		};
	}
	return { ok: true, votes: await services.stores.votes.namedVotes(topicId) };
}
