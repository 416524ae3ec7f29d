import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/lib/core/audit-chain.ts';
import { createVoters } from '../helpers/factories.ts';
import { countVoters } from '../helpers/database.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();

const countVotes = (topicId: string) => countVoters(server.databasePath, topicId);

describe('voting through the collaboration server', () => {
	it('counts 100 voters once each and every client sees the final tallies', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['Red', 'Green', 'Blue']);
		await api.open(owner.token, topic.id);

		const accounts = await createVoters(server.databasePath, 100);
		const voters: Voter[] = accounts.map((account) =>
			connectVoter(server.wsUrl, topic.id, account)
		);
		try {
			await eventually(() => voters.forEach((voter) => expect(voter.state()?.status).toBe('open')));

			const expected: Record<string, number> = {};
			voters.forEach((voter, index) => {
				const option = topic.options[index % 3];
				expected[option.id] = (expected[option.id] ?? 0) + 1;
				voter.vote(option.id);
			});

			await eventually(() =>
				voters.forEach((voter) =>
					expect(voter.answer().receipt?.tracker).toMatch(/^\w{4}-\w{4}-\w{4}$/)
				)
			);
			await eventually(() =>
				voters.forEach((voter) => {
					expect(voter.tally()?.turnout).toBe(100);
					expect(voter.tally()?.totals).toEqual(expected);
				})
			);

			expect(await countVotes(topic.id)).toBe(100);
			const results = await api.results(topic.id);
			expect(results).toEqual({
				status: 'open',
				turnout: 100,
				totals: expected,
				audit: { entries: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/) }
			});

			// A secret topic's log counts its ballots while open and names them at the close.
			expect(verifyChain(await api.audit(topic.id))).toMatchObject({ sealed: 100, totals: {} });
			await api.close(owner.token, topic.id);
			const chain = verifyChain(await api.audit(topic.id));
			expect(chain.ok && chain.totals).toEqual(expected);
		} finally {
			voters.forEach((voter) => voter.destroy());
		}
	});

	it('refuses a second vote by the same user with a reason and keeps the first', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		try {
			const first = voter.vote(topic.options[0].id);
			await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(first));

			const second = voter.vote(topic.options[1].id);
			await eventually(() => {
				const { receipt, refusal } = voter.answer();
				expect(refusal).toMatchObject({ ballotId: second, reason: 'already-voted' });
				expect(refusal?.message).toMatch(/already voted/);
				expect(receipt?.ballotId).toBe(first);
			});
			expect(await countVotes(topic.id)).toBe(1);
			expect((await api.results(topic.id)).totals[topic.options[0].id]).toBe(1);
		} finally {
			voter.destroy();
		}
	});

	it('refuses a vote on a closed topic and changes nothing', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		await api.close(owner.token, topic.id);
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		try {
			await eventually(() => expect(voter.state()?.status).toBe('closed'));
			const ballotId = voter.vote(topic.options[0].id);
			await eventually(() =>
				expect(voter.answer().refusal).toMatchObject({ ballotId, reason: 'topic-closed' })
			);
			expect(voter.answer().receipt).toBeNull();
			expect(await countVotes(topic.id)).toBe(0);
			expect((await api.results(topic.id)).turnout).toBe(0);
		} finally {
			voter.destroy();
		}
	});

	it('refuses an option of another topic and a vote before the topic opens', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		const other = await api.createTopic(owner.token);
		await api.open(owner.token, other.id);
		const account = await api.register();
		const voter = connectVoter(server.wsUrl, other.id, account);
		try {
			const ballotId = voter.vote(topic.options[0].id);
			await eventually(() =>
				expect(voter.answer().refusal).toMatchObject({ ballotId, reason: 'unknown-option' })
			);
			expect(await countVotes(other.id)).toBe(0);
		} finally {
			voter.destroy();
		}
	});

	it('answers a re-sent ballot with the same receipt instead of counting it twice', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		const account = await api.register();
		const voter = connectVoter(server.wsUrl, topic.id, account);
		try {
			// Voting once the topic synced: a vote cast before is sent again at the sync (still
			// pending), and that second answer could come after the count below starts.
			await eventually(() => expect(voter.topic.provider.isSynced).toBe(true));
			const ballotId = voter.vote(topic.options[2].id);
			await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(ballotId));
			const tracker = voter.answer().receipt?.tracker;
			const answered = voter.ballot.answers();
			voter.ballot.sendRaw(voter.answer().request);
			await eventually(() => expect(voter.ballot.answers()).toBe(answered + 1));
			expect(voter.answer().receipt?.tracker).toBe(tracker);
			expect(voter.answer().refusal).toBeNull();
			// Another device of the voter's learns that a vote counts; a secret one, not what it was.
			const again = connectVoter(server.wsUrl, topic.id, account);
			await eventually(() => expect(again.answer()).toMatchObject({ receipt: null, sealed: true }));
			again.destroy();
			expect(await countVotes(topic.id)).toBe(1);
		} finally {
			voter.destroy();
		}
	});
});

describe('late ballots', () => {
	it('refuses a ballot arriving after the close by default, saying when it closed', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		const closed = await api.close(owner.token, topic.id);
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		try {
			const ballotId = voter.vote(topic.options[0].id);
			await eventually(() =>
				expect(voter.answer().refusal).toMatchObject({
					ballotId,
					reason: 'topic-closed',
					closedAt: (closed as unknown as { closedAt: number }).closedAt
				})
			);
		} finally {
			voter.destroy();
		}
	});

	it('counts a ballot arriving within the owner’s grace period, marked late in the audit log', async () => {
		const owner = await api.register();
		const { body } = await api.call('POST', '/api/topics', {
			token: owner.token,
			body: { title: 'Grace', options: ['Yes', 'No'], lateGraceSeconds: 600 }
		});
		const topic = body.topic;
		expect(topic.lateGraceSeconds).toBe(600);
		await api.open(owner.token, topic.id);
		await api.close(owner.token, topic.id);
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		try {
			const ballotId = voter.vote(topic.options[1].id);
			await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(ballotId));
			expect(await countVotes(topic.id)).toBe(1);
			const audit = await api.audit(topic.id);
			// A secret topic publishes a late ballot at once (its voter names no part of it).
			expect(audit.at(-1)).toMatchObject({
				kind: 'ballot.published',
				payload: { choice: [topic.options[1].id], late: true }
			});
			expect((await api.results(topic.id)).totals[topic.options[1].id]).toBe(1);
		} finally {
			voter.destroy();
		}
	});
});
