import type { BallotReceipt, BallotRefusal, BallotRequestValue } from './documents.ts';

/**
 * What a voter's device should say about its ballot, from the three values of the ballot
 * document. The receipt is the server's word on the counted vote; a device learns its own choice
 * was not the one counted by comparing ballot ids.
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

export function ballotStatus(
	request: BallotRequestValue | null,
	receipt: BallotReceipt | null,
	refusal: BallotRefusal | null
): BallotStatus {
	if (receipt && (!request || request.ballotId === receipt.ballotId)) {
		return { kind: 'accepted', optionId: receipt.optionId, tracker: receipt.tracker };
	}
	if (request && refusal?.ballotId === request.ballotId) {
		return {
			kind: 'refused',
			optionId: request.optionId,
			reason: refusal.reason,
			message: refusal.message,
			counted: receipt,
			closedAt: refusal.closedAt ?? null
		};
	}
	if (request) return { kind: 'pending', optionId: request.optionId };
	return { kind: 'none' };
}
