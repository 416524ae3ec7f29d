import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextEntry, verifyChain, type AuditEntry } from './audit-chain.ts';
import type { TopicWithOptions, VoteRecord } from './types.ts';
import { decideVote, parseBallotRequest } from './vote-rules.ts';

const OPTIONS = ['o1', 'o2', 'o3'];
const topic = (status: TopicWithOptions['status']): TopicWithOptions => ({
	id: 't',
	ownerId: 'owner',
	title: 'T',
	description: '',
	status,
	createdAt: 0,
	openedAt: null,
	closedAt: null,
	lateGraceSeconds: 0,
	meetingId: null,
	hideResults: false,
	majority: 'simple',
	quorum: 0,
	closesAt: null,
	options: OPTIONS.map((id, position) => ({ id, topicId: 't', label: id, position }))
});

const event = fc.record({
	user: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
	ballot: fc.constantFrom('ballot-01', 'ballot-02', 'ballot-03', 'ballot-04', 'ballot-05'),
	option: fc.constantFrom(...OPTIONS, 'elsewhere'),
	status: fc.constantFrom<TopicWithOptions['status']>('draft', 'open', 'open', 'open', 'closed')
});

/** Replays a sequence of ballots through the rules, as the store does, with an audit chain. */
type BallotEvent = typeof event extends fc.Arbitrary<infer T> ? T : never;

function replay(events: BallotEvent[]) {
	const votes = new Map<string, VoteRecord>();
	const chain: AuditEntry[] = [];
	for (const [index, e] of events.entries()) {
		const decision = decideVote(
			topic(e.status),
			votes.get(e.user) ?? null,
			{
				ballotId: `${e.user}-${e.ballot}`,
				optionId: e.option
			},
			index
		);
		if (decision.ok && decision.kind === 'accept') {
			const vote = {
				topicId: 't',
				userId: e.user,
				optionId: e.option,
				ballotId: `${e.user}-${e.ballot}`,
				tracker: `T${index}`,
				createdAt: index
			};
			votes.set(e.user, vote);
			chain.push(
				nextEntry(
					chain.at(-1) ?? null,
					't',
					'vote.accepted',
					{ tracker: vote.tracker, optionId: vote.optionId },
					index
				)
			);
		} else if (!decision.ok) {
			chain.push(
				nextEntry(chain.at(-1) ?? null, 't', 'vote.refused', { reason: decision.reason }, index)
			);
		}
	}
	return { votes, chain };
}

describe('vote rules, for any sequence of ballots', () => {
	it('count at most one vote per user, only for the topic’s options, only while open', () => {
		fc.assert(
			fc.property(fc.array(event, { maxLength: 60 }), (events) => {
				const { votes } = replay(events);
				for (const vote of votes.values()) {
					expect(OPTIONS).toContain(vote.optionId);
					const cast = events.find(
						(e) =>
							`${e.user}-${e.ballot}` === vote.ballotId &&
							e.option === vote.optionId &&
							e.status === 'open'
					);
					expect(cast).toBeDefined();
				}
				expect(votes.size).toBeLessThanOrEqual(new Set(events.map((e) => e.user)).size);
			})
		);
	});

	it('never change a counted vote, whatever comes after it', () => {
		fc.assert(
			fc.property(
				fc.array(event, { minLength: 1, maxLength: 40 }),
				fc.array(event, { maxLength: 40 }),
				(before, after) => {
					const first = replay(before).votes;
					const later = replay([...before, ...after]).votes;
					for (const [user, vote] of first) expect(later.get(user)).toEqual(vote);
				}
			)
		);
	});

	it('give totals that a replay of the audit chain reproduces', () => {
		fc.assert(
			fc.property(fc.array(event, { maxLength: 60 }), (events) => {
				const { votes, chain } = replay(events);
				const totals: Record<string, number> = {};
				for (const vote of votes.values()) totals[vote.optionId] = (totals[vote.optionId] ?? 0) + 1;
				const check = verifyChain(chain);
				expect(check.ok && check.totals).toEqual(totals);
			})
		);
	});

	it('are idempotent: a ballot sent twice decides like once', () => {
		fc.assert(
			fc.property(fc.array(event, { maxLength: 40 }), fc.nat(), (events, pick) => {
				fc.pre(events.length > 0);
				const repeated = [...events];
				repeated.splice(pick % events.length, 0, events[pick % events.length]);
				expect([...replay(repeated).votes.values()].map((v) => v.ballotId).sort()).toEqual(
					[...replay(events).votes.values()].map((v) => v.ballotId).sort()
				);
			})
		);
	});
});

describe('parseBallotRequest, for any input', () => {
	it('never throws and only returns short id strings', () => {
		fc.assert(
			fc.property(fc.anything(), (value) => {
				const parsed = parseBallotRequest(value);
				if (parsed) {
					expect(parsed.ballotId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
					expect(parsed.optionId.length).toBeGreaterThan(0);
					expect(parsed.optionId.length).toBeLessThanOrEqual(64);
				}
			})
		);
	});
});
