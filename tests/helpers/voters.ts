/**
 * Voters as real clients: `@hocuspocus/provider` over Node's WebSocket, one socket per voter
 * (or shared), the read-only topic document and the voter's own ballot document.
 */
import type { Choice } from '../../src/lib/core/poll.ts';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import {
	ballotDocumentName,
	ballotMap,
	readBallot,
	readTopic,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { randomId } from '../../src/lib/shared/ids.ts';
import { ballotLinkKeeper, ballotLinkStep } from '../../src/lib/shared/ballot-link.ts';
import { ballotStatus, type OwnBallot } from '../../src/lib/shared/ballot-status.ts';
import { ServerLink } from '../../src/lib/state/server-link.ts';

export function socket(wsUrl: string) {
	return new HocuspocusProviderWebsocket({ url: wsUrl, delay: 100, minDelay: 100, maxDelay: 1000 });
}

export function openDocument(
	websocket: HocuspocusProviderWebsocket,
	name: string,
	token: string | null
) {
	const doc = new Y.Doc();
	let failure: string | null = null;
	const provider = new HocuspocusProvider({
		websocketProvider: websocket,
		name,
		document: doc,
		token,
		awareness: null,
		onAuthenticationFailed: ({ reason }) => (failure = reason)
	});
	provider.attach();
	return {
		doc,
		provider,
		failure: () => failure,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

export function connectVoter(
	wsUrl: string,
	topicId: string,
	account: { user: { id: string }; token: string },
	shared?: HocuspocusProviderWebsocket
) {
	const websocket = shared ?? socket(wsUrl);
	const topic = openDocument(websocket, topicDocumentName(topicId), account.token);
	const ballot = openDocument(
		websocket,
		ballotDocumentName(topicId, account.user.id),
		account.token
	);
	return {
		websocket,
		topic,
		ballot,
		tally: () => readTopic(topic.doc).results,
		state: () => readTopic(topic.doc).state,
		answer: () => readBallot(ballot.doc),
		/** A single-choice ballot in the short form (`optionId`). */
		vote(optionId: string, ballotId = randomId(16)) {
			ballotMap(ballot.doc).set('request', { ballotId, optionId, castAt: Date.now() });
			return ballotId;
		},
		/** Any ballot: option ids (ranked: in order of preference) or points per option. */
		choose(choice: Choice, ballotId = randomId(16)) {
			ballotMap(ballot.doc).set('request', { ballotId, choice, castAt: Date.now() });
			return ballotId;
		},
		destroy() {
			topic.destroy();
			ballot.destroy();
			if (!shared) websocket.destroy();
		}
	};
}

export type Voter = ReturnType<typeof connectVoter>;

/** Retries an assertion until it passes or the time is up; no fixed sleeps. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			return await check();
		} catch (error) {
			lastError = error;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
	}
	throw lastError;
}

/**
 * A voter whose ballot closes on the server as the browser's does (`ballotLinkStep`, with the
 * idle time where votes may change), and opens again to vote.
 */
export function connectClosingVoter(
	wsUrl: string,
	topicId: string,
	account: { user: { id: string }; token: string },
	allowChange: boolean,
	/** Where votes may change, how long the ballot stays open idle (shorter than the browser's). */
	idleMs = 1_000
) {
	const websocket = socket(wsUrl);
	const topic = openDocument(websocket, topicDocumentName(topicId), account.token);
	const doc = new Y.Doc();
	let mine: OwnBallot | null = null;
	const status = () => {
		const { request, receipt, refusal, sealed } = readBallot(doc);
		return ballotStatus(request, receipt, refusal, mine, allowChange, sealed);
	};
	const step = () =>
		ballotLinkStep({
			open: link.open,
			settled: link.settled,
			loaded: true,
			status: status().kind,
			allowChange,
			idleMs
		});
	const keeper = ballotLinkKeeper({
		step,
		open: () => link.connect(),
		close: () => link.disconnect()
	});
	const review = () => keeper.review();
	const link = new ServerLink({
		websocket,
		name: ballotDocumentName(topicId, account.user.id),
		doc,
		token: account.token,
		onChange: review
	});
	ballotMap(doc).observe(review);
	link.connect();
	return {
		doc,
		link,
		status,
		answer: () => readBallot(doc),
		tally: () => readTopic(topic.doc).results,
		/** Opens the ballot (if closed) and writes the choice, as `BallotLive.vote` does. */
		choose(choice: Choice, ballotId = randomId(16)) {
			mine = { ballotId, choice };
			keeper.cancel();
			link.connect();
			ballotMap(doc).set('request', { ballotId, choice, castAt: Date.now() });
			return ballotId;
		},
		destroy() {
			keeper.cancel();
			link.disconnect();
			topic.destroy();
			doc.destroy();
			websocket.destroy();
		}
	};
}
