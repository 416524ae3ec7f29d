import type { Choice } from '../core/poll.ts';
import { refusalMessages } from '../core/vote-rules.ts';
import type { BallotReceipt, BallotRefusal, BallotRequestValue } from './documents.ts';

/**
 * What a voter's device should say about its ballot. The receipt is the server's word on the
 * counted vote, told to every device of the voter's, while each device keeps its own `request`;
 * a device also remembers the ballot it cast itself (`mine`, in localStorage): when the receipt
 * names another ballot, this device's choice was not the one counted, and it says so. Where the
 * topic lets voters change their vote, a newer ballot of this device is pending until its receipt
 * replaces the old one. A secret vote cast on another device shows as counted without its choice
 * (`sealed`): the server keeps no link from the voter to it that could name it.
 */
export type BallotStatus =
	| { kind: 'none' }
	| { kind: 'pending'; choice: Choice }
	| { kind: 'accepted'; choice: Choice; tracker: string }
	/** A secret vote of this voter counts; cast elsewhere, so its choice is not on this device. */
	| { kind: 'sealed' }
	| {
			kind: 'refused';
			choice: Choice;
			reason: BallotRefusal['reason'];
			message: string;
			/** The vote that counts instead, if the voter has one. */
			counted: BallotReceipt | null;
			/** A secret vote of this voter counts instead, one this device cannot name. */
			sealed: boolean;
			/** For late ballots: when the topic closed. */
			closedAt: number | null;
	  };

/** Whether a vote of this voter counts (shown or sealed), so a new one is a change, if allowed. */
export const hasCountedVote = (status: BallotStatus) =>
	status.kind === 'accepted' ||
	status.kind === 'sealed' ||
	(status.kind === 'refused' && (status.counted !== null || status.sealed));

/** The ballot this device cast, kept on the device only. */
export type OwnBallot = Pick<BallotRequestValue, 'ballotId' | 'choice'>;

export function ballotStatus(
	request: BallotRequestValue | null,
	receipt: BallotReceipt | null,
	refusal: BallotRefusal | null,
	mine: OwnBallot | null = null,
	allowChange = false,
	sealed = false
): BallotStatus {
	const own = mine ?? request;
	if (receipt && (!own || own.ballotId === receipt.ballotId)) {
		return { kind: 'accepted', choice: receipt.choice, tracker: receipt.tracker };
	}
	if (own && refusal?.ballotId === own.ballotId) {
		return {
			kind: 'refused',
			choice: own.choice,
			reason: refusal.reason,
			message: refusal.message,
			counted: receipt,
			sealed: sealed && !receipt,
			closedAt: refusal.closedAt ?? null
		};
	}
	if (own && receipt && allowChange && request?.ballotId === receipt.ballotId) {
		// Where votes may change, a later ballot from another device replaced this one's.
		return { kind: 'accepted', choice: receipt.choice, tracker: receipt.tracker };
	}
	if (own && receipt && !allowChange) {
		// Another device's ballot reached the server first; this one was merged away unseen.
		return {
			kind: 'refused',
			choice: own.choice,
			reason: 'already-voted',
			message: refusalMessages['already-voted'],
			counted: receipt,
			sealed: false,
			closedAt: null
		};
	}
	if (own) return { kind: 'pending', choice: own.choice };
	return sealed ? { kind: 'sealed' } : { kind: 'none' };
}
