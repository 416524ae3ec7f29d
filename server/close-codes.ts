/**
 * Every WebSocket close code the server sends, named, in one place (as Hocuspocus keeps its own
 * in `CloseEvents.ts`). Clients and tests compare against these, never against bare numbers.
 */
export const CLOSE = {
	/** A message over `MAX_MESSAGE_BYTES` (sent by `ws` itself, from `maxPayload`). */
	messageTooBig: { code: 1009, reason: 'message-too-big' },
	/** The process is stopping; clients reconnect to the next one. */
	restarting: { code: 1012, reason: 'server restarting' },
	/** The session that opened the socket, by cookie or by token, was signed out. */
	sessionEnded: { code: 4401, reason: 'session-ended' },
	/** More messages than `MESSAGE_RATE`/`MESSAGE_BURST` allow. */
	rateLimited: { code: 4429, reason: 'rate-limited' }
} as const;
