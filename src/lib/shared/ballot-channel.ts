/**
 * A device's side of one ballot (`ballot-messages.ts`): the device's copy, a small Y.Doc kept on
 * the device (IndexedDB in the browser) with the voter's `request` and the server's last word on
 * it (`receipt`, `refusal`, `sealed`), and the messages that carry them over the topic document.
 *
 * A request is written into the copy first, then sent; it stays pending until an answer names its
 * ballot id. Each time the topic connection is synced (the page opened, the network back, the
 * server restarted) the device sends a pending request again, with the same ballot id, or asks what
 * counts for it: a vote cast offline is counted exactly once, and a vote changed on another device
 * shows. Shared by the browser (`BallotLive`), the tests' voters and nothing else: the server never
 * holds a ballot document.
 */
import type * as Y from 'yjs';
import { askMessage, readBallotAnswer, voteMessage, type BallotAnswer } from './ballot-messages.ts';
import {
	ballotMap,
	readBallot,
	type BallotReceipt,
	type BallotRefusal,
	type BallotRequestValue
} from './documents.ts';

/** Whether two JSON values are equal (receipts and refusals are small plain objects). */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether two receipts name the same counted ballot (a rebuilt receipt keeps the first time). */
const sameBallot = (a: BallotReceipt | null, b: BallotReceipt) =>
	a !== null && a.ballotId === b.ballotId && a.tracker === b.tracker && same(a.choice, b.choice);

/**
 * Writes the server's answer into the device's copy. A receipt replaces the one held unless it
 * names the same ballot; no receipt and not sealed: no vote of this voter counts; sealed: one
 * counts that the server cannot name, so the receipt held (if any) stays and says what it was. A
 * refusal replaces the one held; an answer without one keeps it (it concerns an older request).
 */
export function applyAnswer(doc: Y.Doc, answer: Omit<BallotAnswer, 'type'>, origin?: unknown) {
	const map = ballotMap(doc);
	const current = readBallot(doc);
	const { receipt, refusal } = answer;
	doc.transact(() => {
		if (receipt && !sameBallot(current.receipt, receipt)) map.set('receipt', receipt);
		if (!receipt && !answer.sealed && current.receipt) map.delete('receipt');
		const sealed = answer.sealed && !current.receipt;
		if (sealed && !current.sealed) map.set('sealed', true);
		if (!sealed && current.sealed) map.delete('sealed');
		if (refusal && !sameRefusal(current.refusal, refusal)) map.set('refusal', refusal);
	}, origin);
}

/** The same refusal of the same ballot, told again (its time is the first one's). */
const sameRefusal = (a: BallotRefusal | null, b: BallotRefusal) =>
	a !== null && a.ballotId === b.ballotId && a.reason === b.reason;

/** The request the server has not answered yet, if any. */
export function pendingRequest(doc: Y.Doc): BallotRequestValue | null {
	const { request, receipt, refusal } = readBallot(doc);
	if (!request) return null;
	if (receipt?.ballotId === request.ballotId || refusal?.ballotId === request.ballotId) return null;
	return request;
}

export class BallotChannel {
	readonly doc: Y.Doc;
	readonly #send: (payload: string) => void;
	readonly #forEntryId: string | undefined;

	/**
	 * `send`: sends a stateless message on the topic document (lost while offline: `connected`
	 * sends again). `forEntryId`: the member a proxy votes for.
	 */
	constructor(doc: Y.Doc, send: (payload: string) => void, forEntryId?: string) {
		this.doc = doc;
		this.#send = send;
		this.#forEntryId = forEntryId;
	}

	/** The topic is synced on the server again: send what is pending, else ask what counts. */
	connected() {
		const request = pendingRequest(this.doc);
		this.#send(request ? voteMessage(request, this.#forEntryId) : askMessage(this.#forEntryId));
	}

	/** Sends the request the device holds again, answered or not (a refused one may count now). */
	sendAgain() {
		const { request } = readBallot(this.doc);
		if (request) this.#send(voteMessage(request, this.#forEntryId));
	}

	/** Keeps the request on the device, then sends it. */
	vote(request: BallotRequestValue) {
		ballotMap(this.doc).set('request', request);
		this.#send(voteMessage(request, this.#forEntryId));
	}

	/** A stateless message on the topic: applied when it answers this ballot. */
	receive(payload: string): boolean {
		const answer = readBallotAnswer(payload);
		if (!answer || answer.for !== this.#forEntryId) return false;
		applyAnswer(this.doc, answer);
		return true;
	}
}
