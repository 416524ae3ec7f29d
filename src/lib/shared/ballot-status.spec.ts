import { describe, expect, it } from 'vitest';
import { ballotStatus, hasCountedVote } from './ballot-status.ts';

const request = (ballotId: string, optionId = 'o1') => ({
	ballotId,
	choice: [optionId],
	castAt: 1
});
const receipt = (ballotId: string, optionId = 'o1') => ({
	ballotId,
	choice: [optionId],
	tracker: 'AAAA-BBBB-CCCC',
	acceptedAt: 2
});
const refusal = (ballotId: string) => ({
	ballotId,
	choice: ['o2'],
	reason: 'already-voted' as const,
	message: 'You have already voted.',
	at: 3
});

describe('ballotStatus', () => {
	it('is none before any choice, pending until the server answers', () => {
		expect(ballotStatus(null, null, null)).toEqual({ kind: 'none' });
		expect(ballotStatus(request('b1'), null, null)).toEqual({ kind: 'pending', choice: ['o1'] });
	});

	it('is accepted when the receipt is for this ballot', () => {
		expect(ballotStatus(request('b1'), receipt('b1'), null)).toMatchObject({
			kind: 'accepted',
			choice: ['o1']
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
			choice: ['o2'],
			reason: 'already-voted',
			message: 'You have already voted.',
			counted: receipt('b1'),
			sealed: false,
			closedAt: null
		});
	});

	it('ignores a refusal of an older ballot', () => {
		expect(ballotStatus(request('b3'), null, refusal('b2')).kind).toBe('pending');
	});
});

describe('ballotStatus on one of several devices', () => {
	it('says this device’s choice was not taken when another device’s ballot won the merge', () => {
		const mine = { ballotId: 'b2', choice: ['o2'] };
		expect(ballotStatus(request('b1'), receipt('b1'), null, mine)).toMatchObject({
			kind: 'refused',
			choice: ['o2'],
			reason: 'already-voted',
			counted: receipt('b1')
		});
	});

	it('stays accepted on the device whose ballot counted, whatever the merged request says', () => {
		const mine = { ballotId: 'b1', choice: ['o1'] };
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), refusal('b2'), mine)).toMatchObject({
			kind: 'accepted',
			choice: ['o1']
		});
	});

	it('is pending on this device until the server answers its own ballot', () => {
		expect(ballotStatus(request('b1'), null, null, { ballotId: 'b2', choice: ['o2'] })).toEqual({
			kind: 'pending',
			choice: ['o2']
		});
	});
});

describe('ballotStatus where votes may change', () => {
	it('is pending for a newer ballot of this device while the older receipt stands', () => {
		const mine = { ballotId: 'b2', choice: ['o2'] };
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), null, mine, true)).toEqual({
			kind: 'pending',
			choice: ['o2']
		});
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), null, null, true)).toEqual({
			kind: 'pending',
			choice: ['o2']
		});
	});

	it('is accepted once the receipt names the newer ballot', () => {
		const mine = { ballotId: 'b2', choice: ['o2'] };
		expect(ballotStatus(request('b2', 'o2'), receipt('b2', 'o2'), null, mine, true)).toEqual({
			kind: 'accepted',
			choice: ['o2'],
			tracker: 'AAAA-BBBB-CCCC'
		});
	});

	it('shows another device’s later change as accepted, with the choice that counts', () => {
		const mine = { ballotId: 'b1', choice: ['o1'] };
		expect(ballotStatus(request('b3', 'o3'), receipt('b3', 'o3'), null, mine, true)).toEqual({
			kind: 'accepted',
			choice: ['o3'],
			tracker: 'AAAA-BBBB-CCCC'
		});
	});

	it('still refuses where votes may not change', () => {
		const mine = { ballotId: 'b1', choice: ['o1'] };
		expect(ballotStatus(request('b3', 'o3'), receipt('b3', 'o3'), null, mine)).toMatchObject({
			kind: 'refused',
			choice: ['o1'],
			reason: 'already-voted',
			counted: receipt('b3', 'o3')
		});
	});

	it('reports a refused change with the vote that still counts', () => {
		const mine = { ballotId: 'b2', choice: ['o2'] };
		const late = { ...refusal('b2'), reason: 'topic-closed' as const, closedAt: 9 };
		expect(ballotStatus(request('b2', 'o2'), receipt('b1'), late, mine, true)).toEqual({
			kind: 'refused',
			choice: ['o2'],
			reason: 'topic-closed',
			message: 'You have already voted.',
			counted: receipt('b1'),
			sealed: false,
			closedAt: 9
		});
	});

	it('keeps score ballots whole', () => {
		const points = { o1: 3, o2: 0 };
		expect(
			ballotStatus({ ballotId: 'b1', choice: points, castAt: 1 }, null, null, null, true)
		).toEqual({ kind: 'pending', choice: points });
	});
	it('says a secret vote cast elsewhere counts, without a choice, and takes no second vote', () => {
		const sealed = ballotStatus(null, null, null, null, false, true);
		expect(sealed).toEqual({ kind: 'sealed' });
		expect(hasCountedVote(sealed)).toBe(true);
		// A ballot of this device still on its way stays pending; the server's answer decides it.
		expect(ballotStatus(request('b2'), null, null, null, false, true)).toMatchObject({
			kind: 'pending'
		});
		const refused = ballotStatus(request('b2'), null, refusal('b2'), null, false, true);
		expect(refused).toMatchObject({ kind: 'refused', counted: null, sealed: true });
		expect(hasCountedVote(refused)).toBe(true);
		// A receipt on this device wins over the marker.
		expect(ballotStatus(request('b1'), receipt('b1'), null, null, false, true)).toMatchObject({
			kind: 'accepted'
		});
		expect(hasCountedVote(ballotStatus(request('b2'), null, refusal('b2')))).toBe(false);
	});
});
