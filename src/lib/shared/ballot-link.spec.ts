import { describe, expect, it } from 'vitest';
import { BALLOT_IDLE_CLOSE_MS, ballotLinkStep, type BallotLinkState } from './ballot-link.ts';

const settled: BallotLinkState = {
	open: true,
	settled: true,
	loaded: true,
	status: 'accepted',
	allowChange: false
};

describe('ballotLinkStep', () => {
	it.each(['accepted', 'refused', 'sealed'] as const)(
		'closes a settled %s ballot at once where votes cannot change',
		(status) => {
			expect(ballotLinkStep({ ...settled, status })).toEqual({ kind: 'close', afterMs: 0 });
		}
	);

	it('keeps a ballot open for a short idle time where votes may change', () => {
		expect(ballotLinkStep({ ...settled, allowChange: true })).toEqual({
			kind: 'close',
			afterMs: BALLOT_IDLE_CLOSE_MS
		});
	});

	it('keeps a pending vote open until its answer is in', () => {
		expect(ballotLinkStep({ ...settled, status: 'pending' })).toEqual({ kind: 'stay' });
	});

	it('keeps the ballot of a voter who has not voted open, ready for their vote', () => {
		expect(ballotLinkStep({ ...settled, status: 'none' })).toEqual({ kind: 'stay' });
		expect(ballotLinkStep({ ...settled, status: 'none', allowChange: true })).toEqual({
			kind: 'stay'
		});
	});

	it('keeps a ballot open until the server has its state and has answered it', () => {
		expect(ballotLinkStep({ ...settled, settled: false })).toEqual({ kind: 'stay' });
	});

	it("keeps a ballot open until the device's own copy is read (a vote cast offline may be in it)", () => {
		expect(ballotLinkStep({ ...settled, loaded: false })).toEqual({
			kind: 'stay'
		});
	});

	it('opens a closed ballot again when a vote is pending on the device', () => {
		expect(ballotLinkStep({ ...settled, open: false, settled: false, status: 'pending' })).toEqual({
			kind: 'open'
		});
	});

	it('leaves a closed ballot closed while nothing is pending', () => {
		for (const status of ['accepted', 'refused', 'sealed', 'none'] as const) {
			expect(ballotLinkStep({ ...settled, open: false, settled: false, status })).toEqual({
				kind: 'stay'
			});
		}
	});
});
