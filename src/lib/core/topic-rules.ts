import {
	MAJORITIES,
	RESULTS_VISIBILITIES,
	resultsVisibility,
	visibilityRules,
	type Majority,
	type ResultsVisibility
} from './outcome.ts';
import { managesTopic } from './meeting-rules.ts';
import {
	POLL_KINDS,
	SCORE_MAX_LIMIT,
	SEATS_LIMIT,
	YES_NO_LABELS,
	type PollKind,
	type PollSettings
} from './poll.ts';
import type { MemberRole, TopicStatus, TopicWithOptions } from './types.ts';

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const OPTION_MAX = 200;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 20;

export const LATE_GRACE_MAX = 86_400;

export interface TopicInput extends PollSettings {
	title: string;
	description: string;
	options: string[];
	/** Seconds after closing during which arriving ballots still count; 0 refuses them. */
	lateGraceSeconds: number;
	hideResults: boolean;
	/** Voters see live results before they vote (see `ResultsVisibility`). */
	resultsBeforeVoting: boolean;
	majority: Majority;
	quorum: number;
}

export const QUORUM_MAX = 1_000_000;

/** Why `parseTopicInput` refused, for the UI's own wording (`errors` in the i18n messages). */
export const TOPIC_INPUT_ERRORS = [
	'topic-input-missing',
	'kind-unknown',
	'title-missing',
	'title-too-long',
	'description-not-text',
	'description-too-long',
	'options-not-text',
	'options-count',
	'option-too-long',
	'options-duplicate',
	'late-grace-range',
	'hide-results-not-boolean',
	'majority-unknown',
	'quorum-invalid',
	'flags-not-boolean',
	'choices-range',
	'score-max-range',
	'seats-range',
	'results-visibility-unknown',
	'results-visibility-conflict',
	'topic-edit-unknown-field'
] as const;
export type TopicInputError = (typeof TOPIC_INPUT_ERRORS)[number];

export type TopicInputResult =
	| { ok: true; value: TopicInput }
	| {
			ok: false;
			field: 'title' | 'description' | 'options' | 'lateGraceSeconds' | 'rules' | 'kind' | 'body';
			code: TopicInputError;
			/** Values the message names (limits, allowed values), for translations. */
			params?: Record<string, number | string>;
			/** The refusal in English, as the JSON API gives it. */
			message: string;
	  };

/**
 * Control characters and bidirectional overrides are removed from user text: they can make a
 * label render as something else (an RTL override reverses "Yes" into "seY"-looking spoofs).
 * Tabs and newlines survive only in descriptions.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_INLINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_BLOCK =
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function cleanLine(value: string): string {
	return value.replace(UNSAFE_INLINE, ' ').replace(/\s+/g, ' ').trim();
}

export function cleanBlock(value: string): string {
	return value.replace(/\r\n?/g, '\n').replace(UNSAFE_BLOCK, '').trim();
}

/** Validates and normalises what a person typed to create a topic. */
export function parseTopicInput(raw: unknown): TopicInputResult {
	if (typeof raw !== 'object' || raw === null) {
		return {
			ok: false,
			field: 'title',
			code: 'topic-input-missing',
			message: 'Send a title and options.'
		};
	}
	const {
		title,
		description,
		lateGraceSeconds,
		hideResults,
		resultsVisibility: visibility,
		majority,
		quorum,
		kind = 'single',
		minChoices,
		maxChoices,
		scoreMax = 5,
		seats = 1,
		secret = true,
		allowChange = false
	} = raw as Record<string, unknown>;
	if (!POLL_KINDS.includes(kind as PollKind)) {
		return {
			ok: false,
			field: 'kind',
			code: 'kind-unknown',
			params: { kinds: POLL_KINDS.join(', ') },
			message: `The poll type is one of ${POLL_KINDS.join(', ')}.`
		};
	}
	// A yes/no/abstain topic always has the same three options, in this order.
	const options = kind === 'yes-no' ? [...YES_NO_LABELS] : (raw as Record<string, unknown>).options;
	if (typeof title !== 'string' || cleanLine(title) === '') {
		return { ok: false, field: 'title', code: 'title-missing', message: 'Give the topic a title.' };
	}
	const cleanTitle = cleanLine(title);
	if (cleanTitle.length > TITLE_MAX) {
		return {
			ok: false,
			field: 'title',
			code: 'title-too-long',
			params: { max: TITLE_MAX },
			message: `Keep the title under ${TITLE_MAX} characters.`
		};
	}
	if (description !== undefined && description !== null && typeof description !== 'string') {
		return {
			ok: false,
			field: 'description',
			code: 'description-not-text',
			message: 'The description must be text.'
		};
	}
	const cleanDescription = cleanBlock(description ?? '');
	if (cleanDescription.length > DESCRIPTION_MAX) {
		return {
			ok: false,
			field: 'description',
			code: 'description-too-long',
			params: { max: DESCRIPTION_MAX },
			message: `Keep the description under ${DESCRIPTION_MAX} characters.`
		};
	}
	if (!Array.isArray(options) || options.some((option) => typeof option !== 'string')) {
		return {
			ok: false,
			field: 'options',
			code: 'options-not-text',
			message: 'Options must be a list of text.'
		};
	}
	const labels = (options as string[]).map(cleanLine).filter((label) => label !== '');
	if (labels.length < OPTIONS_MIN || labels.length > OPTIONS_MAX) {
		return {
			ok: false,
			field: 'options',
			code: 'options-count',
			params: { min: OPTIONS_MIN, max: OPTIONS_MAX },
			message: `Give between ${OPTIONS_MIN} and ${OPTIONS_MAX} options.`
		};
	}
	if (labels.some((label) => label.length > OPTION_MAX)) {
		return {
			ok: false,
			field: 'options',
			code: 'option-too-long',
			params: { max: OPTION_MAX },
			message: `Keep each option under ${OPTION_MAX} characters.`
		};
	}
	const seen = new Set(labels.map((label) => label.toLocaleLowerCase()));
	if (seen.size !== labels.length) {
		return {
			ok: false,
			field: 'options',
			code: 'options-duplicate',
			message: 'Each option must be different.'
		};
	}
	const grace = lateGraceSeconds ?? 0;
	if (!Number.isInteger(grace) || (grace as number) < 0 || (grace as number) > LATE_GRACE_MAX) {
		return {
			ok: false,
			field: 'lateGraceSeconds',
			code: 'late-grace-range',
			params: { max: LATE_GRACE_MAX },
			message: `The grace period for late ballots is 0 to ${LATE_GRACE_MAX} seconds.`
		};
	}
	if (hideResults !== undefined && typeof hideResults !== 'boolean') {
		return {
			ok: false,
			field: 'rules',
			code: 'hide-results-not-boolean',
			message: 'hideResults is true or false.'
		};
	}
	if (visibility !== undefined && !RESULTS_VISIBILITIES.includes(visibility as ResultsVisibility)) {
		return {
			ok: false,
			field: 'rules',
			code: 'results-visibility-unknown',
			params: { values: RESULTS_VISIBILITIES.join(', ') },
			message: `resultsVisibility is one of ${RESULTS_VISIBILITIES.join(', ')}.`
		};
	}
	if (
		visibility !== undefined &&
		hideResults !== undefined &&
		hideResults !== (visibility === 'at-close')
	) {
		return {
			ok: false,
			field: 'rules',
			code: 'results-visibility-conflict',
			message: 'hideResults contradicts resultsVisibility; send resultsVisibility alone.'
		};
	}
	const shown =
		visibility !== undefined
			? visibilityRules(visibility as ResultsVisibility)
			: { hideResults: (hideResults as boolean | undefined) ?? false, resultsBeforeVoting: false };
	if (majority !== undefined && !MAJORITIES.includes(majority as Majority)) {
		return {
			ok: false,
			field: 'rules',
			code: 'majority-unknown',
			params: { majorities: MAJORITIES.join(', ') },
			message: `The majority is one of ${MAJORITIES.join(', ')}.`
		};
	}
	const minimum = quorum ?? 0;
	if (!Number.isInteger(minimum) || (minimum as number) < 0 || (minimum as number) > QUORUM_MAX) {
		return {
			ok: false,
			field: 'rules',
			code: 'quorum-invalid',
			message: 'The quorum is a number of voters, 0 for none.'
		};
	}
	if (typeof secret !== 'boolean' || typeof allowChange !== 'boolean') {
		return {
			ok: false,
			field: 'rules',
			code: 'flags-not-boolean',
			message: 'secret and allowChange are true or false.'
		};
	}
	const electing = kind === 'multiple' || kind === 'ranked';
	const most = maxChoices ?? (kind === 'multiple' ? (seats !== 1 ? seats : labels.length) : 1);
	if (
		seats !== 1 &&
		(!electing ||
			!Number.isInteger(seats) ||
			(seats as number) < 1 ||
			(seats as number) > Math.min(SEATS_LIMIT, labels.length - 1) ||
			(kind === 'multiple' && (most as number) > (seats as number)))
	) {
		const max = Math.min(SEATS_LIMIT, labels.length - 1);
		return {
			ok: false,
			field: 'kind',
			code: 'seats-range',
			params: { max },
			message: `Several seats are for approval or ranked topics: 1 to ${max} seats, fewer than the options; with approval, a voter marks at most as many options as there are seats.`
		};
	}
	const least = minChoices ?? 1;
	if (
		kind === 'multiple' &&
		!(
			Number.isInteger(least) &&
			Number.isInteger(most) &&
			(least as number) >= 1 &&
			(least as number) <= (most as number) &&
			(most as number) <= labels.length
		)
	) {
		return {
			ok: false,
			field: 'kind',
			code: 'choices-range',
			params: { max: labels.length },
			message: `Choose how many options a voter picks: at least 1, at most ${labels.length}, the least not above the most.`
		};
	}
	if (
		kind === 'score' &&
		(!Number.isInteger(scoreMax) ||
			(scoreMax as number) < 1 ||
			(scoreMax as number) > SCORE_MAX_LIMIT)
	) {
		return {
			ok: false,
			field: 'kind',
			code: 'score-max-range',
			params: { max: SCORE_MAX_LIMIT },
			message: `The highest score is 1 to ${SCORE_MAX_LIMIT} points.`
		};
	}
	return {
		ok: true,
		value: {
			title: cleanTitle,
			description: cleanDescription,
			options: labels,
			lateGraceSeconds: grace as number,
			...shown,
			majority: (majority as Majority | undefined) ?? 'simple',
			quorum: minimum as number,
			kind: kind as PollKind,
			minChoices: kind === 'multiple' ? (least as number) : 1,
			maxChoices: kind === 'multiple' ? (most as number) : 1,
			scoreMax: kind === 'score' ? (scoreMax as number) : 5,
			seats: electing ? (seats as number) : 1,
			secret,
			allowChange
		}
	};
}

/** Why a topic's voting could not be opened or closed. */
export const TRANSITION_ERRORS = ['already-open', 'not-opened', 'already-closed'] as const;
export type TransitionError = (typeof TRANSITION_ERRORS)[number];

export type TransitionResult =
	{ ok: true; status: TopicStatus } | { ok: false; code: TransitionError; reason: string };

/**
 * Why a change to a topic (opening, closing, its timer, hiding results) was refused; the store's
 * refusals carry one of these beside their English message.
 */
export const TOPIC_CHANGE_ERRORS = [
	'topic-not-found',
	'topic-managers-only',
	'timer-needs-open',
	'topic-not-draft',
	...TRANSITION_ERRORS
] as const;
export type TopicChangeError = (typeof TOPIC_CHANGE_ERRORS)[number];

/** Why the hosts' list of who voted what is not given. */
export const NAMED_VOTES_ERRORS = [
	'topic-not-found',
	'votes-hosts-only',
	'votes-secret',
	'votes-hidden'
] as const;
export type NamedVotesError = (typeof NAMED_VOTES_ERRORS)[number];

/** Topics move draft -> open -> closed; a closed topic may be reopened by its owner. */
export function transition(from: TopicStatus, action: 'open' | 'close'): TransitionResult {
	if (action === 'open') {
		return from === 'open'
			? { ok: false, code: 'already-open', reason: 'The topic is already open.' }
			: { ok: true, status: 'open' };
	}
	return from === 'open'
		? { ok: true, status: 'closed' }
		: from === 'draft'
			? { ok: false, code: 'not-opened', reason: 'The topic has not been opened.' }
			: { ok: false, code: 'already-closed', reason: 'The topic is already closed.' };
}

/**
 * Who may see a topic: everyone who knows it, except that a draft outside a meeting is its owner's
 * alone. A draft on a meeting's agenda is visible, so participants can follow the host to it
 * before voting opens (the agenda already names it).
 */
export function topicVisibleTo(
	topic: { status: TopicStatus; ownerId: string; meetingId: string | null },
	viewerId: string | null
): boolean {
	return topic.status !== 'draft' || topic.ownerId === viewerId || topic.meetingId !== null;
}

/** What a draft edit may change: the fields of `POST /api/topics`. */
export const TOPIC_EDIT_FIELDS = [
	'title',
	'description',
	'options',
	'lateGraceSeconds',
	'hideResults',
	'resultsVisibility',
	'majority',
	'quorum',
	'kind',
	'minChoices',
	'maxChoices',
	'scoreMax',
	'seats',
	'secret',
	'allowChange'
] as const;

/** A stored topic as the input that would create it again (the base of a draft edit). */
export function topicInputOf(topic: TopicWithOptions): Record<string, unknown> {
	return {
		title: topic.title,
		description: topic.description,
		options: topic.options.map((option) => option.label),
		lateGraceSeconds: topic.lateGraceSeconds,
		resultsVisibility: resultsVisibility(topic),
		majority: topic.majority,
		quorum: topic.quorum,
		kind: topic.kind,
		minChoices: topic.minChoices,
		maxChoices: topic.maxChoices,
		scoreMax: topic.scoreMax,
		seats: topic.seats ?? 1,
		secret: topic.secret,
		allowChange: topic.allowChange
	};
}

export type DraftEditDecision =
	| { ok: true; value: TopicInput }
	| {
			ok: false;
			reason: 'forbidden' | 'invalid-transition';
			code: TopicChangeError;
			message: string;
	  }
	| (Extract<TopicInputResult, { ok: false }> & { reason: 'validation' });

/**
 * Whether someone may edit a topic, and its new settings: only the people who manage it (see
 * `managesTopic`), only while it is a draft (no ballot was ever taken, so nothing counted under
 * the old rules), and only with fields of `TOPIC_EDIT_FIELDS`. Fields left out keep their value;
 * the whole result is checked as a new topic would be.
 */
export function decideDraftEdit(
	topic: TopicWithOptions,
	actorId: string,
	meeting: { ownerId: string; role: MemberRole | null } | null,
	patch: unknown
): DraftEditDecision {
	if (!managesTopic(topic, actorId, meeting)) {
		return {
			ok: false,
			reason: 'forbidden',
			code: 'topic-managers-only',
			message: 'Only the topic’s owner or the meeting’s hosts can do that.'
		};
	}
	if (topic.status !== 'draft') {
		return {
			ok: false,
			reason: 'invalid-transition',
			code: 'topic-not-draft',
			message: 'Only a draft can be edited: this topic has been opened.'
		};
	}
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
		return {
			ok: false,
			reason: 'validation',
			field: 'body',
			code: 'topic-input-missing',
			message: 'Send the fields to change as an object.'
		};
	}
	const unknown = Object.keys(patch).find(
		(key) => !(TOPIC_EDIT_FIELDS as readonly string[]).includes(key)
	);
	if (unknown !== undefined) {
		return {
			ok: false,
			reason: 'validation',
			field: 'body',
			code: 'topic-edit-unknown-field',
			params: { field: unknown.slice(0, 40), fields: TOPIC_EDIT_FIELDS.join(', ') },
			message: `A topic has no field “${unknown.slice(0, 40)}” to edit; fields are ${TOPIC_EDIT_FIELDS.join(', ')}.`
		};
	}
	const changes = patch as Record<string, unknown>;
	const merged: Record<string, unknown> = { ...topicInputOf(topic), ...changes };
	// The older flag alone changes only whether results wait for the close.
	if ('hideResults' in changes && !('resultsVisibility' in changes)) {
		delete merged.resultsVisibility;
		if (changes.hideResults === false && topic.resultsBeforeVoting) {
			merged.resultsVisibility = 'before-voting';
		}
	}
	const parsed = parseTopicInput(merged);
	return parsed.ok ? parsed : { ...parsed, reason: 'validation' };
}
