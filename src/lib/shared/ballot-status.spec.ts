import { describe, expect, it } from 'vitest';
import { ballotStatus } from './ballot-status.ts';

const request = (ballotId: string, optionId = 'o1') => ({ ballotId, optionId, castAt: 1 });
const receipt = (ballotId: string, optionId = 'o1') => ({
	ballotId,
	optionId,
	tracker: 'AAAA-BBBB-CCCC',
	acceptedAt: 2
});
const refusal = (ballotId: string) => ({
	ballotId,
	optionId: 'o2',
	reason: 'already-voted' as const,
	message: 'You have already voted.',
	at: 3
});

describe('ballotStatus', () => {
	it('is none before any choice, pending until the server answers', () => {
		expect(ballotStatus(null, null, null)).toEqual({ kind: 'none' });
		expect(ballotStatus(request('b1'), null, null)).toEqual({ kind: 'pending', optionId: 'o1' });
	});

	it('is accepted when the receipt is for this ballot', () => {
		expect(ballotStatus(request('b1'), receipt('b1'), null)).toMatchObject({
			kind: 'accepted',
			optionId: 'o1'
		});
	});

	it('is pending for a new choice while an older vote counts, then refused naming the counted vote', () => {
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), null).kind).toBe('pending');
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), refusal('b2'))).toEqual({
			kind: 'refused',
			optionId: 'o2',
			reason: 'already-voted',
			message: 'You have already voted.',
			counted: receipt('b1'),
			closedAt: null
		});
	});

	it('ignores a refusal of an older ballot', () => {
		expect(ballotStatus(request('b3'), null, refusal('b2')).kind).toBe('pending');
	});
});
