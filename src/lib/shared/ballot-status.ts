import { refusalMessages } from '../core/vote-rules.ts';
import type { BallotReceipt, BallotRefusal, BallotRequestValue } from './documents.ts';

/**
 * What a voter's device should say about its ballot. The receipt is the server's word on the
 * counted vote. The ballot document is shared by all of a voter's devices, and their offline
 * choices merge into one `request` (the higher Yjs client id wins), so each device also remembers
 * the ballot it cast itself (`mine`): when the receipt names another ballot, this device's choice
 * was not the one counted, and it says so.
 */
export type BallotStatus =
	| { kind: 'none' }
	| { kind: 'pending'; optionId: string }
	| { kind: 'accepted'; optionId: string; tracker: string }
	| {
			kind: 'refused';
			optionId: string;
			reason: BallotRefusal['reason'];
			message: string;
			/** The vote that counts instead, if the voter has one. */
			counted: BallotReceipt | null;
			/** For late ballots: when the topic closed. */
			closedAt: number | null;
	  };

/** The ballot this device cast, kept on the device only. */
export type OwnBallot = Pick<BallotRequestValue, 'ballotId' | 'optionId'>;

export function ballotStatus(
	request: BallotRequestValue | null,
	receipt: BallotReceipt | null,
	refusal: BallotRefusal | null,
	mine: OwnBallot | null = null
): BallotStatus {
	const own = mine ?? request;
	if (receipt && (!own || own.ballotId === receipt.ballotId)) {
		return { kind: 'accepted', optionId: receipt.optionId, tracker: receipt.tracker };
	}
	if (own && refusal?.ballotId === own.ballotId) {
		return {
			kind: 'refused',
			optionId: own.optionId,
			reason: refusal.reason,
			message: refusal.message,
			counted: receipt,
			closedAt: refusal.closedAt ?? null
		};
	}
	if (own && receipt) {
		// Another device's ballot reached the server first; this one was merged away unseen.
		return {
			kind: 'refused',
			optionId: own.optionId,
			reason: 'already-voted',
			message: refusalMessages['already-voted'],
			counted: receipt,
			closedAt: null
		};
	}
	if (own) return { kind: 'pending', optionId: own.optionId };
	return { kind: 'none' };
}
