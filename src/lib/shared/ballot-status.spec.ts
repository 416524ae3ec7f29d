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

	it('refuses a new choice at once while another vote counts, naming the counted vote', () => {
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), null)).toMatchObject({
			kind: 'refused',
			reason: 'already-voted',
			counted: receipt('b1')
		});
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

describe('ballotStatus on one of several devices', () => {
	it('says this device’s choice was not taken when another device’s ballot won the merge', () => {
		const mine = { ballotId: 'b2', optionId: 'o2' };
		expect(ballotStatus(request('b1'), receipt('b1'), null, mine)).toMatchObject({
			kind: 'refused',
			optionId: 'o2',
			reason: 'already-voted',
			counted: receipt('b1')
		});
	});

	it('stays accepted on the device whose ballot counted, whatever the merged request says', () => {
		const mine = { ballotId: 'b1', optionId: 'o1' };
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), refusal('b2'), mine)).toMatchObject({
			kind: 'accepted',
			optionId: 'o1'
		});
	});

	it('is pending on this device until the server answers its own ballot', () => {
		expect(ballotStatus(request('b1'), null, null, { ballotId: 'b2', optionId: 'o2' })).toEqual({
			kind: 'pending',
			optionId: 'o2'
		});
	});
});
