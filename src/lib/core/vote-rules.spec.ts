import { describe, expect, it } from 'vitest';
import type { TopicWithOptions, VoteRecord } from './types.ts';
import { decideVote, parseBallotRequest } from './vote-rules.ts';

const NOW = 10_000;
const topic = (status: TopicWithOptions['status'], lateGraceSeconds = 0): TopicWithOptions => ({
	id: 't1',
	ownerId: 'owner',
	title: 'Lunch',
	description: '',
	status,
	createdAt: 0,
	openedAt: status === 'draft' ? null : 1,
	closedAt: status === 'closed' ? 2 : null,
	lateGraceSeconds,
	meetingId: null,
	hideResults: false,
	majority: 'simple',
	quorum: 0,
	closesAt: null,
	options: [
		{ id: 'o1', topicId: 't1', label: 'Pizza', position: 0 },
		{ id: 'o2', topicId: 't1', label: 'Sushi', position: 1 }
	]
});

const vote = (ballotId: string, optionId = 'o1'): VoteRecord => ({
	topicId: 't1',
	userId: 'u1',
	optionId,
	ballotId,
	tracker: 'AAAA-BBBB-CCCC',
	createdAt: 5
});

describe('decideVote', () => {
	it('accepts a first vote for an option of an open topic', () => {
		expect(decideVote(topic('open'), null, { ballotId: 'b1', optionId: 'o2' }, NOW)).toEqual({
			ok: true,
			kind: 'accept',
			late: false
		});
	});

	it('refuses votes on unknown, draft and closed topics', () => {
		const request = { ballotId: 'b1', optionId: 'o1' };
		expect(decideVote(null, null, request, NOW)).toEqual({ ok: false, reason: 'unknown-topic' });
		expect(decideVote(topic('draft'), null, request, NOW)).toEqual({
			ok: false,
			reason: 'topic-not-open'
		});
		expect(decideVote(topic('closed'), null, request, NOW)).toEqual({
			ok: false,
			reason: 'topic-closed'
		});
	});

	it('counts a ballot arriving after the close only within the grace period, marked late', () => {
		const request = { ballotId: 'b1', optionId: 'o1' };
		expect(decideVote(topic('closed', 60), null, request, 2 + 60_000)).toEqual({
			ok: true,
			kind: 'accept',
			late: true
		});
		expect(decideVote(topic('closed', 60), null, request, 2 + 60_001)).toEqual({
			ok: false,
			reason: 'topic-closed'
		});
	});

	it('refuses an option that is not the topic’s', () => {
		expect(decideVote(topic('open'), null, { ballotId: 'b1', optionId: 'other' }, NOW)).toEqual({
			ok: false,
			reason: 'unknown-option'
		});
	});

	it('refuses a second ballot and names the vote that counts', () => {
		const existing = vote('b1');
		expect(decideVote(topic('open'), existing, { ballotId: 'b2', optionId: 'o2' }, NOW)).toEqual({
			ok: false,
			reason: 'already-voted',
			vote: existing
		});
	});

	it('treats the same ballot sent again as a duplicate, even after the topic closed', () => {
		const existing = vote('b1');
		expect(decideVote(topic('closed'), existing, { ballotId: 'b1', optionId: 'o1' }, NOW)).toEqual({
			ok: true,
			kind: 'duplicate',
			vote: existing
		});
	});
});

describe('parseBallotRequest', () => {
	it('reads a well-formed request', () => {
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', optionId: 'o1', castAt: 1 })).toEqual({
			ballotId: 'abcdefgh12',
			optionId: 'o1'
		});
	});

	it.each([
		null,
		'text',
		[],
		{},
		{ ballotId: 'short', optionId: 'o1' },
		{ ballotId: 'abcdefgh12', optionId: 7 },
		{ ballotId: 'abcdefgh12', optionId: '' },
		{ ballotId: 'abcdefgh12', optionId: 'x'.repeat(65) },
		{ ballotId: '<script>alert(1)</script>', optionId: 'o1' }
	])('refuses %j', (value) => {
		expect(parseBallotRequest(value)).toBeNull();
	});
});
