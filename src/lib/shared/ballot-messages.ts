/**
 * A voter's ballot as messages on the topic document (Hocuspocus stateless messages on
 * `topic/<id>`), instead of a document of its own. The device sends its request and asks what
 * counts for it; the server answers from the votes table, after the request's batch committed.
 *
 * - `plenum/vote` (device → server): a request (`BallotRequestValue`), for the voter or, with
 *   `for`, for a member they carry as proxy. Sent again, with the same ballot id, until answered:
 *   a ballot id already counted is answered with its receipt and counted once.
 * - `plenum/ask` (device → server): what counts for this voter (or `for` that member) now. A
 *   device asks each time its topic connection is synced; the server also sends the voter's later
 *   receipts (a vote changed on another device) to every device of theirs that asked or voted.
 * - `plenum/ballot` (server → device): the answer, `BallotAnswer`.
 *
 * Each frame is one JSON string of at most `MAX_BALLOT_MESSAGE` characters; anything else is
 * answered with a `plenum/ballot` refusal (`malformed-ballot`) or ignored (no ballot id to name).
 */
import type { BallotReceipt, BallotRefusal, BallotRequestValue } from './documents.ts';

export const VOTE_MESSAGE = 'plenum/vote';
export const ASK_MESSAGE = 'plenum/ask';
export const BALLOT_MESSAGE = 'plenum/ballot';

/** Longest message a device may send (a ranked ballot over 200 options fits several times). */
export const MAX_BALLOT_MESSAGE = 16_384;

/** A roll entry id a proxy votes for (the ids the server issues are shorter). */
const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type BallotMessage =
	| { type: typeof VOTE_MESSAGE; request: unknown; for?: string }
	| { type: typeof ASK_MESSAGE; for?: string };

/**
 * What counts for the voter now. `receipt`: their counted vote (null: none); `sealed`: a secret
 * topic's vote counts that the server cannot name (the device keeps the receipt it holds);
 * `refusal`: why the request this device sent was not counted.
 */
export interface BallotAnswer {
	type: typeof BALLOT_MESSAGE;
	for?: string;
	receipt: BallotReceipt | null;
	sealed: boolean;
	refusal: BallotRefusal | null;
}

export const voteMessage = (request: BallotRequestValue, forEntryId?: string) =>
	JSON.stringify({ type: VOTE_MESSAGE, request, ...(forEntryId ? { for: forEntryId } : {}) });

export const askMessage = (forEntryId?: string) =>
	JSON.stringify({ type: ASK_MESSAGE, ...(forEntryId ? { for: forEntryId } : {}) });

export const ballotAnswer = (answer: Omit<BallotAnswer, 'type' | 'for'>, forEntryId?: string) =>
	JSON.stringify({ type: BALLOT_MESSAGE, ...(forEntryId ? { for: forEntryId } : {}), ...answer });

function parseObject(payload: string): Record<string, unknown> | null {
	if (payload.length > MAX_BALLOT_MESSAGE) return null;
	try {
		const value: unknown = JSON.parse(payload);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: null;
	} catch {
		return null;
	}
}

/**
 * A device's message, or null when it is none of ours (other stateless payloads, garbage). The
 * request itself is checked where it is decided (`parseBallotRequest`), so a malformed one is
 * refused by its ballot id.
 */
export function parseBallotMessage(payload: string): BallotMessage | 'malformed' | null {
	const value = parseObject(payload);
	if (value?.type !== VOTE_MESSAGE && value?.type !== ASK_MESSAGE) return null;
	const forEntryId = value.for;
	if (forEntryId !== undefined && (typeof forEntryId !== 'string' || !ENTRY_ID.test(forEntryId)))
		return 'malformed';
	const target = forEntryId === undefined ? {} : { for: forEntryId };
	if (value.type === ASK_MESSAGE) return { type: ASK_MESSAGE, ...target };
	if (!('request' in value)) return 'malformed';
	return { type: VOTE_MESSAGE, request: value.request, ...target };
}

/** The server's answer, or null for any other payload. */
export function readBallotAnswer(payload: string): BallotAnswer | null {
	const value = parseObject(payload);
	if (value?.type !== BALLOT_MESSAGE) return null;
	const { receipt, refusal, sealed } = value;
	const forEntryId = value.for;
	if (forEntryId !== undefined && typeof forEntryId !== 'string') return null;
	if (
		receipt !== null &&
		(typeof receipt !== 'object' || typeof (receipt as BallotReceipt).ballotId !== 'string')
	)
		return null;
	if (
		refusal !== null &&
		(typeof refusal !== 'object' || typeof (refusal as BallotRefusal).ballotId !== 'string')
	)
		return null;
	return {
		type: BALLOT_MESSAGE,
		...(forEntryId === undefined ? {} : { for: forEntryId }),
		receipt: receipt as BallotReceipt | null,
		sealed: sealed === true,
		refusal: refusal as BallotRefusal | null
	};
}
