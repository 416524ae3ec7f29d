/**
 * Who may open which document. Topic documents are readable by anyone who knows the topic (a
 * draft only by its owner) and meeting documents by anyone who knows the meeting; no client may
 * write either. A voter's ballot is not a document on the server: it travels as messages on its
 * topic (`votes.ts`). Refusals carry a named reason the provider reports as
 * `authenticationFailed`.
 */
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { SocketLog } from '../socket-log.ts';
import type { SessionManager, SessionValidation } from '../../src/lib/server/auth/session.ts';
import type { MeetingStore, TopicStore } from '../../src/lib/server/storage/store.ts';
import { topicVisibleTo } from '../../src/lib/core/topic-rules.ts';
import {
	meetingRoom,
	parseDocumentName,
	topicRoom,
	type DocumentName
} from '../../src/lib/shared/documents.ts';

/** Context of every collaboration connection. */
export interface CollabContext {
	/** Session from the cookie sent with the WebSocket upgrade, if any. */
	cookieSession: SessionValidation | null;
	/** Ties the socket to a session a document was opened with (token), so sign-out closes it. */
	bindSession?: (sessionId: string) => void;
	/** Counts the socket among its room's, so losing the room's lease closes it. */
	joinRoom?: (room: string) => void;
	/**
	 * The socket's user opened a document of a meeting: lets the socket send the messages of every
	 * member the user carries there as a proxy at once (`collab.ts`); resolves once that is read.
	 */
	carrying?: (userId: string, meetingId: string) => Promise<void>;
	/** Closes the socket (`servedElsewhere`): another instance serves its room. */
	moved?: () => void;
	/** The socket's logger (with its `connectionId`); absent for the server's own connections. */
	log?: SocketLog;
	/** Runs `callback` once the socket closes (for what a document holds before it connects). */
	onSocketClose?: (callback: () => void) => void;
	/**
	 * The socket's last validated token, shared by its documents' contexts (one object per socket):
	 * a phone opens its meeting and topic with the same token at once, and the session's row is
	 * read once for them (`TOKEN_REUSE_MS`). Absent: every document validates its token.
	 */
	tokens?: {
		last: { token: string; at: number; result: Promise<SessionValidation | null> } | null;
	};
	/** Set by `onAuthenticate`: who this document connection acts for. */
	auth?: SessionValidation | null;
	document?: DocumentName;
}

export class Refusal extends Error {
	reason: string;
	constructor(reason: string, message: string) {
		super(message);
		this.reason = reason;
	}
}

/**
 * How long a socket's validated token is reused for the next documents it opens with it. Only
 * while the session has not expired; sign-out closes the socket (`bindSession`), so a revoked
 * session is not reused, and the documents it already opened stay open anyway.
 */
export const TOKEN_REUSE_MS = 10_000;

export function authExtension(deps: {
	sessions: SessionManager;
	topics: TopicStore;
	meetings: MeetingStore;
	now: () => number;
	/** Throws a `Refusal` when the connection or user already holds too much (`limits.ts`). */
	admit: (socketId: string, userId: string | null, documentName: string) => Promise<void>;
	/** Drops what `admit` reserved on a socket that closed. */
	socketClosed?: (socketId: string) => void;
	/** Whether this instance serves the room (holds its lease, `cluster/ownership.ts`). */
	own?: (room: string) => Promise<boolean>;
	/** A document of the room is served here. */
	serving?: (documentName: string, room: string) => void;
}): Extension {
	/** The token's session, validated once for the documents a socket opens together. */
	async function validateToken(context: CollabContext, token: string) {
		const now = deps.now();
		const last = context.tokens?.last;
		if (last && last.token === token && now - last.at < TOKEN_REUSE_MS) {
			const auth = await last.result.catch(() => null);
			if (auth && now < auth.session.expiresAt) return auth;
		}
		const result = deps.sessions.validate(token, now);
		if (context.tokens) context.tokens.last = { token, at: now, result };
		return result;
	}

	/** Refuses the document, and closes its socket, when another instance serves its room. */
	async function enterRoom(data: onAuthenticatePayload<CollabContext>, room: string) {
		if (deps.own && !(await deps.own(room))) {
			data.context.moved?.();
			throw new Refusal('moved', 'Another instance serves this room; reconnect.');
		}
		data.context.joinRoom?.(room);
		deps.serving?.(data.documentName, room);
	}

	/** Reserves the document's place on its socket and the user's (see `limits.ts`). */
	async function admit(data: onAuthenticatePayload<CollabContext>, auth: SessionValidation | null) {
		const { socketId } = data;
		data.context.onSocketClose?.(() => deps.socketClosed?.(socketId));
		await deps.admit(socketId, auth?.user.id ?? null, data.documentName);
	}

	/** Whoever signed in may carry members' votes in a roll meeting (its guests too). */
	async function proxyOf(
		data: onAuthenticatePayload<CollabContext>,
		auth: SessionValidation | null,
		meetingId: string | null
	) {
		if (!auth || meetingId === null) return;
		await data.context.carrying?.(auth.user.id, meetingId);
	}

	async function authenticate(data: onAuthenticatePayload<CollabContext>) {
		const document = parseDocumentName(data.documentName);
		if (!document) throw new Refusal('unknown-document', 'No such document.');
		if (document.kind === 'ballot') {
			// Pages loaded before ballots became messages on their topic: the device keeps the vote,
			// and the page, once reloaded, sends it.
			throw new Refusal('unknown-document', 'Ballots are sent on their topic: reload the page.');
		}

		let auth = data.context.cookieSession ?? null;
		if (data.token) {
			auth = await validateToken(data.context, data.token);
			if (!auth) throw new Refusal('invalid-token', 'The session token is not valid.');
			data.context.bindSession?.(auth.session.id);
		}

		if (document.kind === 'meeting') {
			const meeting = await deps.meetings.get(document.meetingId);
			if (!meeting) throw new Refusal('unknown-meeting', 'No such meeting.');
			data.connectionConfig.readOnly = true;
			await enterRoom(data, meetingRoom(document.meetingId));
			await admit(data, auth);
			// Proxies exist in roll meetings only.
			if (meeting.access === 'roll') await proxyOf(data, auth, meeting.id);
			return { auth, document } satisfies Partial<CollabContext>;
		}

		const topic = await deps.topics.get(document.topicId);
		const visible = topic && topicVisibleTo(topic, auth?.user.id ?? null);
		if (!visible) throw new Refusal('unknown-topic', 'No such topic.');

		data.connectionConfig.readOnly = true;
		await enterRoom(data, topicRoom(topic));
		await admit(data, auth);
		// A topic opened in a roll meeting (where proxies vote) has the roll's version.
		if (topic.rollVersion != null) await proxyOf(data, auth, topic.meetingId);
		return { auth, document } satisfies Partial<CollabContext>;
	}

	return {
		extensionName: 'plenum-auth',
		priority: 1000,

		async onAuthenticate(data: onAuthenticatePayload<CollabContext>) {
			try {
				const accepted = await authenticate(data);
				data.context.log?.debug(
					{ document: data.documentName, userId: accepted.auth?.user.id ?? null },
					'document opened'
				);
				return accepted;
			} catch (error) {
				const reason = error instanceof Refusal ? error.reason : 'error';
				data.context.log?.info({ document: data.documentName, reason }, 'document refused');
				throw error;
			}
		},

		async beforeHandleAwareness({ states }) {
			// Nobody needs to see who else is looking: relaying awareness costs the server for no use.
			states.clear();
		}
	};
}
