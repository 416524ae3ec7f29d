/**
 * Voters as real clients: `@hocuspocus/provider` over Node's WebSocket, one socket per voter
 * (or shared), the read-only topic document and the voter's ballot as messages on it.
 */
import type { Choice } from '../../src/lib/core/poll.ts';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { BallotChannel } from '../../src/lib/shared/ballot-channel.ts';
import { voteMessage } from '../../src/lib/shared/ballot-messages.ts';
import {
	readBallot,
	readTopic,
	topicDocumentName,
	type BallotRequestValue
} from '../../src/lib/shared/documents.ts';
import { randomId } from '../../src/lib/shared/ids.ts';

export function socket(wsUrl: string) {
	return new HocuspocusProviderWebsocket({ url: wsUrl, delay: 100, minDelay: 100, maxDelay: 1000 });
}

/**
 * A real provider for the document on the socket. `sessionAwareness`: under an address of its own
 * (`name\0session`), so several people's providers of one document can share a socket.
 */
export function openDocument(
	websocket: HocuspocusProviderWebsocket,
	name: string,
	token: string | null,
	{ sessionAwareness = false }: { sessionAwareness?: boolean } = {}
) {
	const doc = new Y.Doc();
	let failure: string | null = null;
	const provider = new HocuspocusProvider({
		websocketProvider: websocket,
		name,
		document: doc,
		token,
		awareness: null,
		sessionAwareness,
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

/**
 * Voting on a topic document as the browser does (`BallotChannel`): the device's copy of the
 * ballot in a Y.Doc of its own, requests and answers as messages on the topic, sent again (or
 * asked) each time the topic syncs. `forEntryId`: a proxy's ballot for a member they carry.
 */
export function openBallot(topic: ReturnType<typeof openDocument>, forEntryId?: string) {
	const doc = new Y.Doc();
	const { provider } = topic;
	const channel = new BallotChannel(doc, (payload) => provider.sendStateless(payload), forEntryId);
	const synced = () => channel.connected();
	let answers = 0;
	const stateless = ({ payload }: { payload: string }) => {
		if (channel.receive(payload)) answers++;
	};
	provider.on('synced', synced);
	provider.on('stateless', stateless);
	if (provider.isSynced) channel.connected();
	return {
		doc,
		channel,
		/** How many answers the server sent this ballot. */
		answers: () => answers,
		/** Why the server refused the topic (and so the ballot), if it did. */
		failure: topic.failure,
		/** Sends any request as it is, as a modified client could (nothing kept on the device). */
		sendRaw: (request: unknown) =>
			provider.sendStateless(voteMessage(request as BallotRequestValue, forEntryId)),
		destroy: () => {
			provider.off('synced', synced);
			provider.off('stateless', stateless);
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
	const ballot = openBallot(topic);
	return {
		websocket,
		topic,
		ballot,
		tally: () => readTopic(topic.doc).results,
		state: () => readTopic(topic.doc).state,
		answer: () => readBallot(ballot.doc),
		/** A single-choice ballot in the short form (`optionId`). */
		vote(optionId: string, ballotId = randomId(16)) {
			ballot.channel.vote({ ballotId, choice: [optionId], castAt: Date.now() });
			return ballotId;
		},
		/** Any ballot: option ids (ranked: in order of preference) or points per option. */
		choose(choice: Choice, ballotId = randomId(16)) {
			ballot.channel.vote({ ballotId, choice, castAt: Date.now() });
			return ballotId;
		},
		destroy() {
			ballot.destroy();
			topic.destroy();
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
