/**
 * One phone in the hall: its own WebSocket (a `HocuspocusProviderWebsocket`, as the browser has
 * one per device) carrying the meeting document and the topic document, on which it votes as the
 * browser does (`plenum/vote` messages, `ballot-messages.ts`): it asks what counts for it once the
 * topic is synced, then sends each request and waits for its answer. The topic is a real
 * `HocuspocusProvider`; the observing sample logs each tally it shows. The meeting document is a
 * silent subscription.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
	askMessage,
	readBallotAnswer,
	voteMessage,
	type BallotAnswer
} from '../src/lib/shared/ballot-messages.ts';
import {
	meetingDocumentName,
	readResultsPreview,
	topicDocumentName,
	topicMap,
	type TopicResults
} from '../src/lib/shared/documents.ts';
import { randomId } from '../src/lib/shared/ids.ts';
import { subscribeSilently } from './subscription.ts';

/** Wall-clock ms with sub-ms precision, comparable across worker threads. */
export const now = () => performance.timeOrigin + performance.now();

export interface PhoneConfig {
	wsUrl: string;
	topicId: string;
	meetingId: string;
	userId: string;
	token: string;
	optionIds: string[];
	/** Ranked topics get a full ranking with a different first preference each time. */
	ranked: boolean;
	/** Decode the topic document and log every tally shown. */
	observe: boolean;
}

/** A tally as one screen showed it: when (local), and the server's time and turnout in it. */
export interface TallySeen {
	shownAt: number;
	at: number;
	turnout: number;
}

export interface VoteOutcome {
	sentAt: number;
	receivedAt: number;
	/** Server time of acceptance (the receipt's `acceptedAt`). */
	acceptedAt: number;
}

export interface PhoneEvents {
	receipt(outcome: VoteOutcome): void;
	refusal(reason: string): void;
	disconnect(): void;
}

export function socketFor(wsUrl: string) {
	return new HocuspocusProviderWebsocket({
		url: wsUrl,
		WebSocketPolyfill: WebSocket,
		delay: 1000,
		minDelay: 500,
		maxDelay: 5000
	});
}

/** A provider on a shared socket, resolving once synced (or rejecting on refusal). */
export function openProvider(websocket: HocuspocusProviderWebsocket, name: string, token: string) {
	const doc = new Y.Doc();
	let provider!: HocuspocusProvider;
	const synced = new Promise<void>((resolve, reject) => {
		provider = new HocuspocusProvider({
			websocketProvider: websocket,
			name,
			document: doc,
			token,
			awareness: null,
			onSynced: () => resolve(),
			onAuthenticationFailed: ({ reason }) => reject(new Error(`${name} refused: ${reason}`))
		});
	});
	provider.attach();
	return { doc, provider, synced };
}

/** Logs each `results` value a topic document shows, with the local time it was applied. */
export function logTallies(doc: Y.Doc, log: TallySeen[]) {
	const record = () => {
		const results = topicMap(doc).get('results') as TopicResults | undefined;
		if (results) log.push({ shownAt: now(), at: results.at, turnout: results.turnout });
	};
	topicMap(doc).observe((event) => {
		if (event.keysChanged.has('results')) record();
	});
}

/**
 * Logs the results previews a presenter's screen gets between writes of a large hall's topic
 * document (stateless messages), as the screen shows them.
 */
export function logPreviews(provider: HocuspocusProvider, log: TallySeen[]) {
	provider.on('stateless', ({ payload }: { payload: string }) => {
		const results = readResultsPreview(payload);
		// The screen shows a preview only when it is newer than what it shows (`TopicLive`).
		if (results && results.at > (log.at(-1)?.at ?? -Infinity)) {
			log.push({ shownAt: now(), at: results.at, turnout: results.turnout });
		}
	});
}

/**
 * When `answer` answers the vote in flight (its receipt or refusal names the pending ballot):
 * `settled()` (the phone is idle again, before anything hears of it), then the outcome to
 * `events`. Whether it did.
 */
export function settleVote(
	pending: { ballotId: string; sentAt: number } | null,
	answer: BallotAnswer | null,
	events: PhoneEvents,
	settled: () => void
): boolean {
	if (!pending || !answer) return false;
	const { receipt, refusal } = answer;
	if (receipt?.ballotId === pending.ballotId) {
		settled();
		events.receipt({ sentAt: pending.sentAt, receivedAt: now(), acceptedAt: receipt.acceptedAt });
		return true;
	}
	if (refusal?.ballotId === pending.ballotId) {
		settled();
		events.refusal(refusal.reason);
		return true;
	}
	return false;
}

/** What the worker needs of a phone, whether on the real provider or raw (`RawPhone`). */
export interface HallPhone {
	readonly tallies: TallySeen[];
	/** True for phones on the real `@hocuspocus/provider`. */
	readonly real: boolean;
	readonly ready: Promise<void>;
	readonly idle: boolean;
	vote(): void;
	describe(): string;
	destroy(): void;
}

export class Phone implements HallPhone {
	readonly tallies: TallySeen[] = [];
	readonly real = true;
	/** The ballot id in flight and when it was written, or null when the phone is idle. */
	private pending: { ballotId: string; sentAt: number } | null = null;
	private option: number;
	private websocket: HocuspocusProviderWebsocket;
	private topic: ReturnType<typeof openProvider>;
	readonly ready: Promise<void>;
	private readonly config: PhoneConfig;
	private readonly events: PhoneEvents;

	constructor(config: PhoneConfig, events: PhoneEvents) {
		this.config = config;
		this.events = events;
		this.option = Math.floor(Math.random() * config.optionIds.length);
		this.websocket = socketFor(config.wsUrl);
		let connectedOnce = false;
		this.websocket.on('connect', () => (connectedOnce = true));
		this.websocket.on('disconnect', () => connectedOnce && events.disconnect());
		this.topic = openProvider(this.websocket, topicDocumentName(config.topicId), config.token);
		const { provider } = this.topic;
		provider.on('synced', () => provider.sendStateless(askMessage()));
		provider.on('stateless', ({ payload }: { payload: string }) => this.check(payload));
		if (config.observe) logTallies(this.topic.doc, this.tallies);
		const subscription = subscribeSilently(
			this.websocket,
			[meetingDocumentName(config.meetingId)],
			config.token
		);
		this.silentPending = subscription.pending;
		this.ready = Promise.all([this.topic.synced, subscription.done]).then(() => undefined);
	}

	private silentPending: Set<string>;

	/** What a phone that is not ready yet still waits for, for the error message. */
	describe(): string {
		return [
			`socket ${this.websocket.status}`,
			`topic ${this.topic.provider.isSynced ? 'synced' : 'waiting'}`,
			this.silentPending.size ? `silent waiting: ${[...this.silentPending].join(', ')}` : ''
		]
			.filter(Boolean)
			.join('; ');
	}

	get idle() {
		return this.pending === null;
	}

	/** Sends a new request, for an option other than the last one (so the totals change). */
	vote() {
		const { optionIds } = this.config;
		this.option = (this.option + 1) % optionIds.length;
		const ballotId = randomId(16);
		this.pending = { ballotId, sentAt: now() };
		const choice = this.config.ranked
			? [...optionIds.slice(this.option), ...optionIds.slice(0, this.option)]
			: [optionIds[this.option]];
		this.topic.provider.sendStateless(voteMessage({ ballotId, choice, castAt: Date.now() }));
	}

	private check(payload: string) {
		settleVote(this.pending, readBallotAnswer(payload), this.events, () => (this.pending = null));
	}

	destroy() {
		this.topic.provider.destroy();
		this.websocket.destroy();
	}
}
