/**
 * Every WebSocket close code the server sends, named, in one place (as Hocuspocus keeps its own
 * in `CloseEvents.ts`). The server sends each from one place; the browser's connection and the
 * tests compare against these, never against bare numbers. Isomorphic: no imports.
 */
export const CLOSE = {
	/** A message over `MAX_MESSAGE_BYTES` (sent by `ws` itself, from `maxPayload`). */
	messageTooBig: { code: 1009, reason: 'message-too-big' },
	/**
	 * The process is stopping after its votes were committed (SIGTERM); clients reconnect at once,
	 * without backoff, and find the next process (the standard "Service Restart").
	 */
	restarting: { code: 1012, reason: 'server restarting' },
	/** The session that opened the socket, by cookie or by token, was signed out. */
	sessionEnded: { code: 4401, reason: 'session-ended' },
	/** Nothing, not even the answer to a ping, arrived for the idle timeout. */
	timedOut: { code: 4408, reason: 'connection-timeout' },
	/** More messages than `MESSAGE_RATE`/`MESSAGE_BURST` allow. */
	rateLimited: { code: 4429, reason: 'rate-limited' },
	/**
	 * Another instance serves the socket's room now (several instances, `docs/SCALING.md`): the
	 * client reconnects with its usual backoff, and nginx sends it to that instance. Not 1012: a
	 * whole room coming back every 100-250 ms while a dead instance's lease lapses is a storm.
	 */
	servedElsewhere: { code: 4503, reason: 'room-served-elsewhere' }
} as const;

/**
 * Close codes of the results feed (`/feed`). y-websocket stops reconnecting on 4400-4499, so a
 * refusal is final for it; 1011 and 1012 make it retry.
 */
export const FEED_CLOSE = {
	/** No topic this client may read. */
	unknownTopic: { code: 4404, reason: 'unknown-topic' },
	/** A frame that could not be read. */
	malformed: { code: 4400, reason: 'malformed-message' },
	rateLimited: CLOSE.rateLimited,
	/** The topic document could not be loaded. */
	unavailable: { code: 1011, reason: 'unavailable' },
	restarting: CLOSE.restarting,
	servedElsewhere: CLOSE.servedElsewhere
} as const;
