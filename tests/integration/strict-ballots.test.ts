/**
 * Ballot requests are read strictly over the real provider: exactly the documented keys, or a
 * `malformed-ballot` refusal; an empty ranking is well formed but fits no poll (`invalid-choice`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomId } from '../../src/lib/shared/ids.ts';
import { createVoters } from '../helpers/factories.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();
const open: Voter[] = [];
afterEach(() => open.splice(0).forEach((voter) => voter.destroy()));

async function openTopic(token: string, body: Record<string, unknown>) {
	const created = await api.call('POST', '/api/topics', { token, body });
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return api.open(token, created.body.topic.id);
}

describe('strict ballot requests', () => {
	it('refuses a request with keys beyond the documented ones as malformed-ballot', async () => {
		const host = await api.register();
		const topic = await openTopic(host.token, { title: 'Strict', options: ['A', 'B'] });
		const [a, b] = topic.options.map((o) => o.id);
		const requests: Record<string, unknown>[] = [
			{ ballotId: randomId(16), choice: [a], castAt: 1, extra: true },
			{ ballotId: randomId(16), optionId: a, castAt: 1, userId: 'someone' },
			{ ballotId: randomId(16), optionId: a, choice: [b], castAt: 1 },
			{ ballotId: randomId(16), choice: [a], castAt: 'now' }
		];
		const accounts = await createVoters(server.databasePath, requests.length + 1);
		const voters = accounts.map((account) => connectVoter(server.wsUrl, topic.id, account));
		open.push(...voters);
		requests.forEach((request, index) => voters[index].ballot.sendRaw(request));
		await eventually(() =>
			requests.forEach((request, index) =>
				expect(voters[index].answer().refusal?.reason, JSON.stringify(request)).toBe(
					'malformed-ballot'
				)
			)
		);
		expect(await api.results(topic.id)).toMatchObject({ turnout: 0 });
		// The documented shape still counts.
		const honest = voters[requests.length];
		const ballotId = honest.choose([a]);
		await eventually(() => expect(honest.answer().receipt?.ballotId).toBe(ballotId));
		await expectInvariants(server.databasePath, api, topic.id);
	});

	it('refuses an empty ranking as invalid-choice, as the protocol says', async () => {
		const host = await api.register();
		const topic = await openTopic(host.token, {
			title: 'Rank',
			kind: 'ranked',
			options: ['A', 'B', 'C']
		});
		const [account] = await createVoters(server.databasePath, 1);
		const voter = connectVoter(server.wsUrl, topic.id, account);
		open.push(voter);
		voter.choose([]);
		await eventually(() => expect(voter.answer().refusal?.reason).toBe('invalid-choice'));
		expect(await api.results(topic.id)).toMatchObject({ turnout: 0 });
		await expectInvariants(server.databasePath, api, topic.id);
	});
});
