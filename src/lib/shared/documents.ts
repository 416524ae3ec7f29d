/**
 * Names and shapes of the Yjs documents Plenum syncs. Shared by the browser, the collaboration
 * server and tests, so the schema is written down once.
 *
 * - `topic/<topicId>`: one per topic, read-only for every client; only the server writes it.
 * - `ballot/<topicId>/<userId>`: a voter's ballot, kept on their device only (IndexedDB); the
 *   server never opens one (`ballot-messages.ts`: the ballot travels as messages on its topic).
 *   `/<entryId>` names a proxy's ballot for the roll member `entryId` who handed their vote to
 *   them. The device writes `request` (a `choice`, or one `optionId`) and keeps the server's
 *   answer: `receipt` (the counted vote), `refusal` (the last ballot it did not count, with the
 *   reason), or `sealed` (true) for a secret vote it counts but cannot name to a device without
 *   its receipt.
 * - `meeting/<meetingId>`: one per meeting, read-only for every client: agenda, the topic the host
 *   shows now, and how many participants are present.
 */
import type * as Y from 'yjs';
import type { Majority, ResultsVisibility } from '../core/outcome.ts';
import type { Choice, PollSettings, RunoffRound } from '../core/poll.ts';
import type { Electorate } from '../core/roll-rules.ts';
import type { WeightTally } from '../core/weights.ts';
import type { RefusalReason, TopicStatus } from '../core/types.ts';

export const COLLAB_PATH = '/collab';

const ID = '[A-Za-z0-9_-]{1,64}';
const TOPIC_NAME = new RegExp(`^topic/(${ID})$`);
const BALLOT_NAME = new RegExp(`^ballot/(${ID})/(${ID})(?:/(${ID}))?$`);
const MEETING_NAME = new RegExp(`^meeting/(${ID})$`);

export type DocumentName =
	| { kind: 'topic'; topicId: string }
	| { kind: 'ballot'; topicId: string; userId: string; forEntryId?: string }
	| { kind: 'meeting'; meetingId: string };

export const topicDocumentName = (topicId: string) => `topic/${topicId}`;
export const ballotDocumentName = (topicId: string, userId: string, forEntryId?: string) =>
	forEntryId === undefined
		? `ballot/${topicId}/${userId}`
		: `ballot/${topicId}/${userId}/${forEntryId}`;
export const meetingDocumentName = (meetingId: string) => `meeting/${meetingId}`;

/**
 * The query parameter of every WebSocket URL (`/collab` and `/feed`) that names the socket's room:
 * a meeting with its topics, or a topic outside any meeting. A load balancer sends every socket of
 * a room to one instance by it, and that instance alone writes the room's documents
 * (`docs/SCALING.md`). One instance on its own ignores it.
 */
export const ROOM_PARAM = 'room';

/** The room of a meeting, named by its document. */
export const meetingRoom = (meetingId: string) => meetingDocumentName(meetingId);

/** The room of a topic: its meeting's, or its own outside a meeting. */
export const topicRoom = (topic: { id: string; meetingId: string | null }) =>
	topic.meetingId ? meetingRoom(topic.meetingId) : topicDocumentName(topic.id);

/** A WebSocket URL that carries its room. */
export const roomUrl = (url: string, room: string) =>
	`${url}${url.includes('?') ? '&' : '?'}${ROOM_PARAM}=${encodeURIComponent(room)}`;

/** Parses a document name sent by a client; anything else is refused. */
export function parseDocumentName(name: string): DocumentName | null {
	const topic = TOPIC_NAME.exec(name);
	if (topic) return { kind: 'topic', topicId: topic[1] };
	const ballot = BALLOT_NAME.exec(name);
	if (ballot) {
		const [, topicId, userId, forEntryId] = ballot;
		return forEntryId === undefined
			? { kind: 'ballot', topicId, userId }
			: { kind: 'ballot', topicId, userId, forEntryId };
	}
	const meeting = MEETING_NAME.exec(name);
	if (meeting) return { kind: 'meeting', meetingId: meeting[1] };
	return null;
}

/** `topic` map of a topic document. Each key holds one JSON value, replaced whole. */
export interface TopicMeta {
	id: string;
	title: string;
	description: string;
	options: { id: string; label: string }[];
}

/** The topic's status and rules, with its poll type (`PollSettings`). */
export interface TopicState extends PollSettings {
	status: TopicStatus;
	openedAt: number | null;
	closedAt: number | null;
	/** Ballots arriving up to this many seconds after closing still count. */
	lateGraceSeconds: number;
	/** Totals are withheld while the topic is open. */
	hideResults: boolean;
	/**
	 * When voters' pages show the live results: before they vote, after they voted, or (with
	 * `hideResults`, which withholds them from this document) only at close.
	 */
	resultsVisibility: ResultsVisibility;
	majority: Majority;
	/** Minimum turnout for the result to stand. */
	quorum: number;
	/** When the topic closes by itself (server time, ms), if a timer runs. */
	closesAt: number | null;
}

/**
 * The audit chain's head as a topic document publishes it: the newest audit entry's number and
 * hash (null before the topic opens). `yarn audit:verify <export> --head <head>` checks an export
 * reaches exactly this entry. Written inside `results` (`TopicResults.audit`); documents written
 * before that keep it under `audit`, which `readTopic` still reads.
 */
export interface TopicAudit {
	entries: number;
	head: string;
}

export interface TopicResults {
	/**
	 * Per option id: ballots naming it, first preferences (ranked) or points (score); empty while
	 * the host hides them.
	 */
	totals: Record<string, number>;
	/** Ranked topics: the instant-runoff rounds or STV stages (absent while hidden). */
	rounds?: RunoffRound[];
	/** Topics electing several options: how many, the STV quota, and who is elected so far. */
	seats?: number;
	quota?: number;
	elected?: string[];
	/** Approval with seats, while voting is open: options tied for the last seats (see `Tally`). */
	pendingLot?: string[];
	/** True while the totals are withheld (see `resultsVisible`). */
	hidden?: boolean;
	/**
	 * Weighted topics: the weight per option and of all ballots cast, exact decimal strings
	 * (aggregates only; per-option weights empty while hidden). The outcome is decided on these.
	 */
	weight?: WeightTally;
	/** Number of voters whose vote was counted (paper ballots included). */
	turnout: number;
	/**
	 * Of those, counted paper ballots a host added: how many, and per option (empty while the
	 * totals are hidden). Absent when there are none.
	 */
	paper?: { ballots: number; totals: Record<string, number> };
	/** Server time of the newest vote included. */
	at: number;
	/**
	 * The audit chain's head when these totals were counted. Kept in the same value as the totals:
	 * both change with every tally write, and a Y.Map reclaims a key's overwritten values only
	 * when no other key was written between them, so two keys left two items behind per write.
	 */
	audit?: TopicAudit | null;
}

/**
 * `presence` of a topic or meeting document: distinct signed-in people with it open now, counted
 * by the server; the topic's owner and the meeting's hosts and observers are not counted.
 */
export interface Presence {
	present: number;
	/** `check-in`: the meeting counts who the door checked in instead of open screens. */
	from?: 'check-in';
}

/** `ballot` map of a device's copy of its ballot (`ballot-channel.ts`). */
export interface BallotRequestValue {
	ballotId: string;
	/** Option ids (in order of preference for ranked topics) or points per option (score). */
	choice: Choice;
	/** When the voter chose, by the device's clock; informational only. */
	castAt: number;
}

export interface BallotReceipt {
	ballotId: string;
	choice: Choice;
	/** Public tracker code of the counted vote. */
	tracker: string;
	acceptedAt: number;
}

export interface BallotRefusal {
	ballotId: string;
	/** The refused choice; null when the ballot could not be read. */
	choice: Choice | null;
	reason: RefusalReason;
	message: string;
	at: number;
	/** For `topic-closed`: when the topic closed, so the voter sees it happened while they were away. */
	closedAt?: number | null;
}

/** `meeting` map of a meeting document. */
export interface MeetingValues {
	/** `endedAt`: when the host ended the meeting (its code no longer admits anyone), else null. */
	meta: { id: string; title: string; code: string; endedAt?: number | null };
	agenda: { id: string; title: string; status: TopicStatus }[];
	current: { topicId: string | null };
	/** Signed-in participants with the meeting open now (see `Presence`). */
	presence: Presence;
	/** Roll meetings: the roll now (null otherwise); see `Electorate`. */
	electorate?: Electorate | null;
}

export const topicMap = (doc: Y.Doc) => doc.getMap<unknown>('topic');
export const meetingMap = (doc: Y.Doc) => doc.getMap<unknown>('meeting');

export function readMeeting(doc: Y.Doc): Partial<MeetingValues> {
	return meetingMap(doc).toJSON() as Partial<MeetingValues>;
}
export const ballotMap = (doc: Y.Doc) => doc.getMap<unknown>('ballot');

export function readTopic(doc: Y.Doc) {
	const map = topicMap(doc);
	return {
		meta: (map.get('meta') as TopicMeta | undefined) ?? null,
		state: (map.get('state') as TopicState | undefined) ?? null,
		results: (map.get('results') as TopicResults | undefined) ?? null,
		presence: (map.get('presence') as Presence | undefined) ?? null,
		/** Roll meetings: eligible (the roll the topic opened with), checked in, roll version. */
		electorate: (map.get('electorate') as Electorate | undefined) ?? null,
		audit:
			(map.get('results') as TopicResults | undefined)?.audit ??
			(map.get('audit') as TopicAudit | undefined) ??
			null
	};
}

/**
 * Tallies the server sends a topic's presenter screens between writes of a large audience's
 * document (a stateless message on `topic/<id>`): the results the next write will carry.
 */
const RESULTS_PREVIEW = 'plenum/results';

export const resultsPreview = (results: TopicResults) =>
	JSON.stringify({ type: RESULTS_PREVIEW, results });

/** The results of a preview, or null for any other stateless payload. */
export function readResultsPreview(payload: string): TopicResults | null {
	try {
		const value = JSON.parse(payload) as { type?: unknown; results?: TopicResults };
		const results = value?.type === RESULTS_PREVIEW ? value.results : undefined;
		return results && typeof results.at === 'number' && typeof results.turnout === 'number'
			? results
			: null;
	} catch {
		return null;
	}
}

export function readBallot(doc: Y.Doc) {
	const map = ballotMap(doc);
	return {
		request: (map.get('request') as BallotRequestValue | undefined) ?? null,
		receipt: (map.get('receipt') as BallotReceipt | undefined) ?? null,
		refusal: (map.get('refusal') as BallotRefusal | undefined) ?? null,
		/**
		 * A secret topic's vote of this voter counts, but the server cannot name it (its ballot id
		 * lives only on the device that cast it): set when the ballot has no receipt to show.
		 */
		sealed: map.get('sealed') === true
	};
}
