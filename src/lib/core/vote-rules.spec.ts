import { describe, expect, it } from 'vitest';
import { parseChoice, type Choice, type PollKind } from './poll.ts';
import type { TopicWithOptions, Voter, VoteRecord } from './types.ts';
import { decideVote, eligibility, parseBallotRequest, type VotingMeeting } from './vote-rules.ts';

const NOW = 10_000;

const topic = (
	status: TopicWithOptions['status'],
	lateGraceSeconds = 0,
	overrides: Partial<TopicWithOptions> = {},
	optionIds = ['o1', 'o2']
): TopicWithOptions => ({
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
	resultsBeforeVoting: false,
	presentAtClose: null,
	majority: 'simple',
	quorum: 0,
	closesAt: null,
	kind: 'single',
	minChoices: 1,
	maxChoices: 1,
	scoreMax: 5,
	secret: true,
	allowChange: false,
	options: optionIds.map((id, position) => ({ id, topicId: 't1', label: id, position })),
	...overrides
});

/** An open topic of one kind, with options o1..o4 unless said otherwise. */
const poll = (
	kind: PollKind,
	overrides: Partial<TopicWithOptions> = {},
	optionIds = ['o1', 'o2', 'o3', 'o4']
) => topic('open', 0, { kind, ...overrides }, optionIds);

const vote = (ballotId: string, choice: Choice = ['o1']): VoteRecord => ({
	topicId: 't1',
	userId: 'u1',
	choice,
	ballotId,
	tracker: 'AAAA-BBBB-CCCC',
	createdAt: 5
});

const ACCEPT = { ok: true, kind: 'accept', late: false };
const decide = (t: TopicWithOptions, choice: Choice) =>
	decideVote(t, null, { ballotId: 'b1', choice }, NOW);
const refused = (reason: string) => ({ ok: false, reason });

describe('decideVote', () => {
	it('accepts a first vote for an option of an open topic', () => {
		expect(decideVote(topic('open'), null, { ballotId: 'b1', choice: ['o2'] }, NOW)).toEqual(
			ACCEPT
		);
	});

	it('refuses votes on unknown, draft and closed topics', () => {
		const request = { ballotId: 'b1', choice: ['o1'] };
		expect(decideVote(null, null, request, NOW)).toEqual(refused('unknown-topic'));
		expect(decideVote(topic('draft'), null, request, NOW)).toEqual(refused('topic-not-open'));
		expect(decideVote(topic('closed'), null, request, NOW)).toEqual(refused('topic-closed'));
	});

	it('counts a ballot arriving after the close only within the grace period, marked late', () => {
		const request = { ballotId: 'b1', choice: ['o1'] };
		expect(decideVote(topic('closed', 60), null, request, 2 + 60_000)).toEqual({
			ok: true,
			kind: 'accept',
			late: true
		});
		expect(decideVote(topic('closed', 60), null, request, 2 + 60_001)).toEqual(
			refused('topic-closed')
		);
	});

	it('refuses an option that is not the topic’s', () => {
		expect(decide(topic('open'), ['other'])).toEqual(refused('unknown-option'));
	});

	it('refuses a second ballot and names the vote that counts', () => {
		const existing = vote('b1');
		expect(decideVote(topic('open'), existing, { ballotId: 'b2', choice: ['o2'] }, NOW)).toEqual({
			ok: false,
			reason: 'already-voted',
			vote: existing
		});
	});

	it('treats the same ballot sent again as a duplicate, even after the topic closed', () => {
		const existing = vote('b1');
		expect(decideVote(topic('closed'), existing, { ballotId: 'b1', choice: ['o1'] }, NOW)).toEqual({
			ok: true,
			kind: 'duplicate',
			vote: existing
		});
	});

	it('checks eligibility before the topic’s state, but after recognising a duplicate', () => {
		const existing = vote('b1');
		expect(
			decideVote(topic('open'), null, { ballotId: 'b1', choice: ['o1'] }, NOW, 'observer')
		).toEqual(refused('observer'));
		expect(
			decideVote(topic('draft'), null, { ballotId: 'b1', choice: ['o1'] }, NOW, 'observer')
		).toEqual(refused('observer'));
		expect(
			decideVote(topic('open'), existing, { ballotId: 'b1', choice: ['o1'] }, NOW, 'observer')
		).toEqual({ ok: true, kind: 'duplicate', vote: existing });
		expect(
			decideVote(null, null, { ballotId: 'b1', choice: ['o1'] }, NOW, 'not-a-participant')
		).toEqual(refused('unknown-topic'));
	});
});

describe('decideVote: choices per poll kind', () => {
	it('single: exactly one known option', () => {
		const single = poll('single');
		expect(decide(single, ['o3'])).toEqual(ACCEPT);
		expect(decide(single, ['o1', 'o2'])).toEqual(refused('invalid-choice'));
		expect(decide(single, { o1: 1, o2: 0, o3: 0, o4: 0 })).toEqual(refused('invalid-choice'));
		expect(decide(single, ['o9'])).toEqual(refused('unknown-option'));
	});

	it('multiple: between minChoices and maxChoices distinct options', () => {
		const multiple = poll('multiple', { minChoices: 2, maxChoices: 3 });
		expect(decide(multiple, ['o1', 'o2'])).toEqual(ACCEPT);
		expect(decide(multiple, ['o4', 'o1', 'o3'])).toEqual(ACCEPT);
		expect(decide(multiple, ['o1'])).toEqual(refused('invalid-choice'));
		expect(decide(multiple, ['o1', 'o2', 'o3', 'o4'])).toEqual(refused('invalid-choice'));
		expect(decide(multiple, ['o1', 'o1'])).toEqual(refused('invalid-choice'));
		expect(decide(multiple, ['o1', 'o2', 'o2'])).toEqual(refused('invalid-choice'));
		expect(decide(multiple, ['o1', 'nope'])).toEqual(refused('unknown-option'));
		expect(decide(multiple, { o1: 1, o2: 1, o3: 0, o4: 0 })).toEqual(refused('invalid-choice'));
	});

	it('multiple: a one-to-all approval ballot', () => {
		const approval = poll('multiple', { minChoices: 1, maxChoices: 4 });
		expect(decide(approval, ['o2'])).toEqual(ACCEPT);
		expect(decide(approval, ['o1', 'o2', 'o3', 'o4'])).toEqual(ACCEPT);
	});

	it('yes-no: one of the three options', () => {
		const yesNo = poll('yes-no', {}, ['yes', 'no', 'abstain']);
		expect(decide(yesNo, ['yes'])).toEqual(ACCEPT);
		expect(decide(yesNo, ['abstain'])).toEqual(ACCEPT);
		expect(decide(yesNo, ['yes', 'no'])).toEqual(refused('invalid-choice'));
		expect(decide(yesNo, ['maybe'])).toEqual(refused('unknown-option'));
	});

	it('ranked: distinct options in order, partial rankings allowed', () => {
		const ranked = poll('ranked');
		expect(decide(ranked, ['o3', 'o1', 'o4', 'o2'])).toEqual(ACCEPT);
		expect(decide(ranked, ['o2'])).toEqual(ACCEPT);
		expect(decide(ranked, ['o4', 'o2'])).toEqual(ACCEPT);
		expect(decide(ranked, ['o1', 'o2', 'o1'])).toEqual(refused('invalid-choice'));
		expect(decide(ranked, [])).toEqual(refused('invalid-choice'));
		expect(decide(ranked, ['o1', 'o5'])).toEqual(refused('unknown-option'));
		expect(decide(ranked, { o1: 1, o2: 2, o3: 3, o4: 4 })).toEqual(refused('invalid-choice'));
	});

	it('score: whole points from 0 to scoreMax for every option', () => {
		const score = poll('score', { scoreMax: 3 });
		expect(decide(score, { o1: 0, o2: 3, o3: 1, o4: 2 })).toEqual(ACCEPT);
		expect(decide(score, { o4: 3, o3: 3, o2: 3, o1: 3 })).toEqual(ACCEPT);
		expect(decide(score, { o1: 4, o2: 0, o3: 0, o4: 0 })).toEqual(refused('invalid-choice'));
		expect(decide(score, { o1: -1, o2: 0, o3: 0, o4: 0 })).toEqual(refused('invalid-choice'));
		expect(decide(score, { o1: 1.5, o2: 0, o3: 0, o4: 0 })).toEqual(refused('invalid-choice'));
		expect(decide(score, { o1: Number.NaN, o2: 0, o3: 0, o4: 0 })).toEqual(
			refused('invalid-choice')
		);
		expect(decide(score, { o1: 1, o2: 1, o3: 1 })).toEqual(refused('invalid-choice'));
		expect(decide(score, { o1: 1, o2: 1, o3: 1, o4: 1, o5: 1 })).toEqual(refused('unknown-option'));
		expect(decide(score, { o1: 1, o2: 1, o3: 1, o9: 1 })).toEqual(refused('unknown-option'));
		expect(decide(score, ['o1', 'o2', 'o3', 'o4'])).toEqual(refused('invalid-choice'));
	});

	it('reports an unknown option before an invalid shape', () => {
		expect(decide(poll('single'), ['o1', 'zz'])).toEqual(refused('unknown-option'));
	});
});

describe('decideVote: changing a vote', () => {
	const changeable = (status: TopicWithOptions['status'] = 'open', grace = 0) =>
		topic(status, grace, { allowChange: true });

	it('replaces the counted vote where the topic allows it, naming the one replaced', () => {
		const existing = vote('b1', ['o1']);
		expect(decideVote(changeable(), existing, { ballotId: 'b2', choice: ['o2'] }, NOW)).toEqual({
			ok: true,
			kind: 'change',
			late: false,
			previous: existing
		});
	});

	it('allows changing back to the same choice with a new ballot', () => {
		const existing = vote('b1', ['o1']);
		expect(
			decideVote(changeable(), existing, { ballotId: 'b2', choice: ['o1'] }, NOW)
		).toMatchObject({ ok: true, kind: 'change' });
	});

	it('refuses a change where the topic does not allow it', () => {
		const existing = vote('b1', ['o1']);
		expect(decideVote(topic('open'), existing, { ballotId: 'b2', choice: ['o2'] }, NOW)).toEqual({
			ok: false,
			reason: 'already-voted',
			vote: existing
		});
	});

	it('still treats a repeated ballot as a duplicate where changes are allowed', () => {
		const existing = vote('b1', ['o1']);
		expect(decideVote(changeable(), existing, { ballotId: 'b1', choice: ['o1'] }, NOW)).toEqual({
			ok: true,
			kind: 'duplicate',
			vote: existing
		});
	});

	it('checks the new choice before changing', () => {
		const existing = vote('b1', ['o1']);
		expect(decideVote(changeable(), existing, { ballotId: 'b2', choice: ['nope'] }, NOW)).toEqual(
			refused('unknown-option')
		);
		expect(
			decideVote(changeable(), existing, { ballotId: 'b2', choice: ['o1', 'o2'] }, NOW)
		).toEqual(refused('invalid-choice'));
	});

	it('accepts a change within the grace after closing, marked late, and refuses it after', () => {
		const existing = vote('b1', ['o1']);
		const request = { ballotId: 'b2', choice: ['o2'] };
		expect(decideVote(changeable('closed', 30), existing, request, 2 + 30_000)).toEqual({
			ok: true,
			kind: 'change',
			late: true,
			previous: existing
		});
		expect(decideVote(changeable('closed', 30), existing, request, 2 + 30_001)).toEqual(
			refused('topic-closed')
		);
		expect(decideVote(changeable('draft'), existing, request, NOW)).toEqual(
			refused('topic-not-open')
		);
	});
});

describe('eligibility', () => {
	const inMeeting = { meetingId: 'm1' };
	const alone = { meetingId: null };
	const accounts: VotingMeeting = { id: 'm1', access: 'accounts' };
	const guests: VotingMeeting = { id: 'm1', access: 'guests' };
	const member: Voter = { guestOf: null, role: null };

	it('lets accounts vote, in a meeting or not, and co-hosts too', () => {
		expect(eligibility(alone, null, member)).toBeNull();
		expect(eligibility(inMeeting, accounts, member)).toBeNull();
		expect(eligibility(inMeeting, guests, member)).toBeNull();
		expect(eligibility(inMeeting, accounts, { guestOf: null, role: 'cohost' })).toBeNull();
	});

	it('never lets an observer vote', () => {
		expect(eligibility(inMeeting, accounts, { guestOf: null, role: 'observer' })).toBe('observer');
		expect(eligibility(inMeeting, guests, { guestOf: 'm1', role: 'observer' })).toBe('observer');
	});

	it('lets a guest vote only in the meeting they joined, when it admits guests', () => {
		expect(eligibility(inMeeting, guests, { guestOf: 'm1', role: null })).toBeNull();
		expect(eligibility(inMeeting, accounts, { guestOf: 'm1', role: null })).toBe(
			'guests-not-allowed'
		);
		expect(
			eligibility(
				{ meetingId: 'm2' },
				{ id: 'm2', access: 'guests' },
				{
					guestOf: 'm1',
					role: null
				}
			)
		).toBe('not-a-participant');
		expect(eligibility(alone, null, { guestOf: 'm1', role: null })).toBe('not-a-participant');
	});
});

describe('parseBallotRequest', () => {
	it('reads a request with a choice of option ids', () => {
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', choice: ['o2', 'o1'], castAt: 1 })).toEqual(
			{ ballotId: 'abcdefgh12', choice: ['o2', 'o1'] }
		);
	});

	it('reads a request with points per option', () => {
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', choice: { o1: 3, o2: 0 } })).toEqual({
			ballotId: 'abcdefgh12',
			choice: { o1: 3, o2: 0 }
		});
	});

	it('reads the legacy form with one optionId as a one-option choice', () => {
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', optionId: 'o1', castAt: 1 })).toEqual({
			ballotId: 'abcdefgh12',
			choice: ['o1']
		});
	});

	it('refuses a request that sends both forms', () => {
		expect(
			parseBallotRequest({ ballotId: 'abcdefgh12', optionId: 'o1', choice: ['o2'] })
		).toBeNull();
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', optionId: 'o1', choice: 'o2' })).toBeNull();
	});

	it('reads an empty choice, which the poll type then refuses as invalid-choice', () => {
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', choice: [] })).toEqual({
			ballotId: 'abcdefgh12',
			choice: []
		});
		expect(parseBallotRequest({ ballotId: 'abcdefgh12', choice: {} })).toEqual({
			ballotId: 'abcdefgh12',
			choice: {}
		});
	});

	it.each([
		{ ballotId: 'abcdefgh12', choice: ['o1'], extra: 1 },
		{ ballotId: 'abcdefgh12', optionId: 'o1', castAt: 1, userId: 'someone-else' },
		{ ballotId: 'abcdefgh12', choice: ['o1'], castAt: '1' },
		{ ballotId: 'abcdefgh12', choice: ['o1'], castAt: Number.NaN },
		{ ballotId: 'abcdefgh12', choice: ['o1'], __proto__: { polluted: true } },
		Object.assign(Object.create({ inherited: 1 }), { ballotId: 'abcdefgh12', choice: ['o1'] })
	])('refuses a request with anything beyond the documented keys: %j', (value) => {
		expect(parseBallotRequest(value)).toBeNull();
	});

	it('returns choices that parseChoice accepts', () => {
		const parsed = parseBallotRequest({ ballotId: 'abcdefgh12', optionId: 'o1' });
		expect(parsed && parseChoice(parsed.choice)).toEqual(['o1']);
	});

	it.each([
		null,
		'text',
		[],
		{},
		{ ballotId: 'abcdefgh12' },
		{ ballotId: 'short', optionId: 'o1' },
		{ ballotId: 'short', choice: ['o1'] },
		{ ballotId: 'x'.repeat(65), choice: ['o1'] },
		{ ballotId: 'abcdefgh12', optionId: 7 },
		{ ballotId: 'abcdefgh12', optionId: '' },
		{ ballotId: 'abcdefgh12', optionId: 'x'.repeat(65) },
		{ ballotId: '<script>alert(1)</script>', optionId: 'o1' },
		{ ballotId: 'abcdefgh12', choice: null },
		{ ballotId: 'abcdefgh12', choice: 'o1' },
		{ ballotId: 'abcdefgh12', choice: 3 },
		{ ballotId: 'abcdefgh12', choice: [''] },
		{ ballotId: 'abcdefgh12', choice: ['o1', 2] },
		{ ballotId: 'abcdefgh12', choice: ['x'.repeat(65)] },
		{ ballotId: 'abcdefgh12', choice: Array.from({ length: 65 }, (_, i) => `o${i}`) },
		{ ballotId: 'abcdefgh12', choice: { o1: '3' } },
		{ ballotId: 'abcdefgh12', choice: { o1: Number.POSITIVE_INFINITY } },
		{ ballotId: 'abcdefgh12', choice: { ['x'.repeat(65)]: 1 } }
	])('refuses %j', (value) => {
		expect(parseBallotRequest(value)).toBeNull();
	});
});
