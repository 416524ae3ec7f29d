import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextEntry, verifyChain, type AuditEntry } from './audit-chain.ts';
import { countBallots } from './counting.ts';
import {
	parseChoice,
	pollRules,
	sameChoice,
	validChoice,
	type Choice,
	type PollKind
} from './poll.ts';
import type { TopicWithOptions, VoteRecord } from './types.ts';
import { decideVote, parseBallotRequest } from './vote-rules.ts';

const OPTIONS = ['o1', 'o2', 'o3'];

interface Setup {
	kind: PollKind;
	allowChange: boolean;
}

const topic = (setup: Setup, status: TopicWithOptions['status']): TopicWithOptions => ({
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
	resultsBeforeVoting: false,
	presentAtClose: null,
	majority: 'simple',
	quorum: 0,
	closesAt: null,
	kind: setup.kind,
	minChoices: setup.kind === 'multiple' ? 1 : 1,
	maxChoices: setup.kind === 'multiple' ? 2 : 1,
	scoreMax: 3,
	secret: true,
	allowChange: setup.allowChange,
	options: OPTIONS.map((id, position) => ({ id, topicId: 't', label: id, position }))
});

const setupArb = (allowChange: fc.Arbitrary<boolean> = fc.boolean()) =>
	fc.record({
		kind: fc.constantFrom<PollKind>('single', 'multiple', 'yes-no', 'ranked', 'score'),
		allowChange
	});

const optionId = fc.constantFrom(...OPTIONS, 'elsewhere');

/** Ballots of every shape: valid and invalid for each kind, unknown ids, duplicates, bad points. */
const choiceArb: fc.Arbitrary<Choice> = fc.oneof(
	fc.array(optionId, { minLength: 1, maxLength: 4 }),
	fc.shuffledSubarray(OPTIONS, { minLength: 1 }),
	fc.record({
		o1: fc.integer({ min: 0, max: 3 }),
		o2: fc.integer({ min: 0, max: 3 }),
		o3: fc.integer({ min: 0, max: 3 })
	}),
	fc.dictionary(optionId, fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant(1.5)), {
		minKeys: 1
	})
);

const event = fc.record({
	user: fc.constantFrom('u1', 'u2', 'u3', 'u4'),
	ballot: fc.constantFrom('ballot-01', 'ballot-02', 'ballot-03', 'ballot-04', 'ballot-05'),
	choice: choiceArb,
	status: fc.constantFrom<TopicWithOptions['status']>('draft', 'open', 'open', 'open', 'closed')
});

type BallotEvent = Omit<typeof event extends fc.Arbitrary<infer T> ? T : never, 'ballot'> & {
	ballot: string;
};

/**
 * Replays a sequence of ballots through the rules, as the store does, with an audit chain that
 * starts with the `topic.opened` entry naming the rules and options.
 */
function replay(setup: Setup, events: BallotEvent[]) {
	const votes = new Map<string, VoteRecord>();
	const chain: AuditEntry[] = [];
	const append = (kind: AuditEntry['kind'], payload: Record<string, unknown>, at: number) =>
		chain.push(nextEntry(chain.at(-1) ?? null, 't', kind, payload, at));
	append(
		'topic.opened',
		{ by: 'owner', rules: pollRules(topic(setup, 'open')), options: OPTIONS },
		0
	);
	for (const [index, e] of events.entries()) {
		const ballotId = `${e.user}-${e.ballot}`;
		const decision = decideVote(
			topic(setup, e.status),
			votes.get(e.user) ?? null,
			{ ballotId, choice: e.choice },
			index
		);
		if (decision.ok && decision.kind !== 'duplicate') {
			const vote: VoteRecord = {
				topicId: 't',
				userId: e.user,
				choice: e.choice,
				ballotId,
				tracker: `T${index}`,
				createdAt: index
			};
			votes.set(e.user, vote);
			if (decision.kind === 'change') {
				append(
					'vote.changed',
					{ tracker: vote.tracker, replaces: decision.previous.tracker, choice: vote.choice },
					index
				);
			} else {
				append('vote.accepted', { tracker: vote.tracker, choice: vote.choice }, index);
			}
		} else if (!decision.ok) {
			append('vote.refused', { ballotId, reason: decision.reason }, index);
		}
	}
	return { votes, chain };
}

describe('vote rules, for any sequence of ballots', () => {
	it('count at most one vote per user, valid for the topic, cast while open', () => {
		fc.assert(
			fc.property(setupArb(), fc.array(event, { maxLength: 60 }), (setup, events) => {
				const { votes } = replay(setup, events);
				const rules = pollRules(topic(setup, 'open'));
				for (const [user, vote] of votes) {
					expect(vote.userId).toBe(user);
					expect(validChoice(rules, OPTIONS, vote.choice)).toBe(true);
					const cast = events.find(
						(e) =>
							`${e.user}-${e.ballot}` === vote.ballotId &&
							sameChoice(e.choice, vote.choice) &&
							e.status === 'open'
					);
					expect(cast).toBeDefined();
				}
				expect(votes.size).toBeLessThanOrEqual(new Set(events.map((e) => e.user)).size);
			})
		);
	});

	it('never change a counted vote when the topic does not allow changes', () => {
		fc.assert(
			fc.property(
				setupArb(fc.constant(false)),
				fc.array(event, { minLength: 1, maxLength: 40 }),
				fc.array(event, { maxLength: 40 }),
				(setup, before, after) => {
					const first = replay(setup, before).votes;
					const later = replay(setup, [...before, ...after]).votes;
					for (const [user, vote] of first) expect(later.get(user)).toEqual(vote);
				}
			)
		);
	});

	it('count the last valid ballot of each voter when the topic allows changes', () => {
		fc.assert(
			fc.property(
				setupArb(fc.constant(true)),
				fc.array(event, { maxLength: 60 }),
				(setup, cast) => {
					// Every ballot new, as clients make them (a reused id would be a duplicate instead).
					const events = cast.map((e, index) => ({ ...e, ballot: `ballot-${index}` }));
					const { votes } = replay(setup, events);
					const rules = pollRules(topic(setup, 'open'));
					for (const user of new Set(events.map((e) => e.user))) {
						const last = events.findLast(
							(e) => e.user === user && e.status === 'open' && validChoice(rules, OPTIONS, e.choice)
						);
						if (!last) {
							expect(votes.has(user)).toBe(false);
							continue;
						}
						expect(votes.get(user)?.ballotId).toBe(`${user}-${last.ballot}`);
						expect(sameChoice(votes.get(user)!.choice, last.choice)).toBe(true);
					}
				}
			)
		);
	});

	it('let a voter replace their vote only where changes are allowed', () => {
		const setup = { kind: 'single', allowChange: true } as const;
		const events: BallotEvent[] = [
			{ user: 'u1', ballot: 'ballot-01', choice: ['o1'], status: 'open' },
			{ user: 'u1', ballot: 'ballot-02', choice: ['o2'], status: 'open' }
		];
		expect(replay(setup, events).votes.get('u1')?.choice).toEqual(['o2']);
		expect(replay({ ...setup, allowChange: false }, events).votes.get('u1')?.choice).toEqual([
			'o1'
		]);
	});

	it('give totals and turnout that a replay of the audit chain reproduces, changes included', () => {
		fc.assert(
			fc.property(setupArb(), fc.array(event, { maxLength: 60 }), (setup, events) => {
				const { votes, chain } = replay(setup, events);
				const tally = countBallots(
					pollRules(topic(setup, 'open')),
					OPTIONS,
					[...votes.values()].map((vote) => vote.choice)
				);
				const check = verifyChain(chain);
				expect(check.ok).toBe(true);
				if (!check.ok) return;
				expect(check.turnout).toBe(votes.size);
				expect(check.totals).toEqual(
					Object.fromEntries(Object.entries(tally.totals).filter(([, n]) => n > 0))
				);
				expect(check.rounds).toEqual(tally.rounds);
			})
		);
	});

	it('are idempotent: a ballot sent twice decides like once', () => {
		fc.assert(
			fc.property(
				setupArb(),
				fc.array(event, { minLength: 1, maxLength: 40 }),
				fc.nat(),
				(setup, events, pick) => {
					const repeated = [...events];
					repeated.splice(pick % events.length, 0, events[pick % events.length]);
					const counted = (list: BallotEvent[]) =>
						[...replay(setup, list).votes.values()]
							.map((v) => [v.userId, v.ballotId, JSON.stringify(v.choice)])
							.sort();
					expect(counted(repeated)).toEqual(counted(events));
				}
			)
		);
	});
});

describe('parseBallotRequest, for any input', () => {
	const plausible = fc.record(
		{
			ballotId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), fc.string({ maxLength: 70 })),
			optionId: fc.oneof(fc.string({ maxLength: 70 }), fc.integer()),
			choice: fc.oneof(
				fc.array(fc.oneof(fc.string({ maxLength: 70 }), fc.integer()), { maxLength: 70 }),
				fc.dictionary(
					fc.string({ maxLength: 70 }),
					fc.oneof(fc.integer(), fc.double(), fc.string())
				),
				fc.anything()
			)
		},
		{ requiredKeys: [] }
	);

	it('never throws and only returns a well-formed id and a choice parseChoice accepts (empty ones included)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.anything(), plausible), (value) => {
				const parsed = parseBallotRequest(value);
				if (parsed) {
					expect(parsed.ballotId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
					expect(parseChoice(parsed.choice, { allowEmpty: true })).toEqual(parsed.choice);
					const ids = Array.isArray(parsed.choice) ? parsed.choice : Object.keys(parsed.choice);
					for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('accepts every well-formed request, new or legacy', () => {
		fc.assert(
			fc.property(
				fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
				fc.array(fc.string({ minLength: 1, maxLength: 64 }), { minLength: 1, maxLength: 64 }),
				(ballotId, ids) => {
					expect(parseBallotRequest({ ballotId, choice: ids })).toEqual({ ballotId, choice: ids });
					expect(parseBallotRequest({ ballotId, optionId: ids[0] })).toEqual({
						ballotId,
						choice: [ids[0]]
					});
				}
			)
		);
	});
});
