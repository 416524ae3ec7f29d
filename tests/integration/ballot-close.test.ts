import { describe, expect, it } from 'vitest';
import { countVoters } from '../helpers/database.ts';
import { scrape } from '../helpers/metrics.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectClosingVoter, eventually } from '../helpers/voters.ts';

const TOKEN = 'ballot-close-metrics';
const { server, api } = useServer({ METRICS_TOKEN: TOKEN });

/** Ballot and topic documents the server holds now. */
async function documentsOpen() {
	const metrics = await scrape(`${server.url}/metrics`, TOKEN);
	return {
		ballot: metrics.value('plenum_documents_open', { kind: 'ballot' }),
		topic: metrics.value('plenum_documents_open', { kind: 'topic' })
	};
}

async function openTopic(allowChange: boolean) {
	const owner = await api.register();
	const created = await api.call('POST', '/api/topics', {
		token: owner.token,
		body: { title: 'Lunch', options: ['Soup', 'Salad', 'Pie'], allowChange, secret: false }
	});
	expect(created.status).toBe(201);
	const topic = created.body.topic as { id: string; options: { id: string }[] };
	await api.open(owner.token, topic.id);
	return topic;
}

describe("voters' ballots close on the server once answered", () => {
	it('unloads every ballot document after its receipt, keeps the topic open and the receipts on the devices', async () => {
		const topic = await openTopic(false);
		const voters = await Promise.all(
			[0, 1, 2, 3, 4].map(async () =>
				connectClosingVoter(server.wsUrl, topic.id, await api.register(), false)
			)
		);
		try {
			const choices = voters.map((voter, index) => voter.choose([topic.options[index % 3].id]));
			await eventually(() =>
				voters.forEach((voter, index) =>
					expect(voter.answer().receipt?.ballotId).toBe(choices[index])
				)
			);
			await eventually(async () => {
				voters.forEach((voter) => expect(voter.link.open).toBe(false));
				expect(await documentsOpen()).toEqual({ ballot: 0, topic: 1 });
			});
			// What each device shows comes from its own copy, which stays.
			voters.forEach((voter) => expect(voter.status().kind).toBe('accepted'));
			await eventually(() => expect(voters[0].tally()?.turnout).toBe(5));
			expect(await countVoters(server.databasePath, topic.id)).toBe(5);
		} finally {
			voters.forEach((voter) => voter.destroy());
		}
	});

	it('counts a change of vote made the moment the ballot closed once, with the new choice', async () => {
		const topic = await openTopic(true);
		const [soup, salad] = topic.options.map((option) => option.id);
		const voter = connectClosingVoter(server.wsUrl, topic.id, await api.register(), true);
		try {
			const first = voter.choose([soup]);
			await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(first));
			// Closed by the idle time where votes may change; the server unloads the ballot.
			await eventually(async () => {
				expect(voter.link.open).toBe(false);
				expect((await documentsOpen()).ballot).toBe(0);
			});

			// Close and open again back to back: the new opening must not be taken for the old one.
			voter.link.connect();
			voter.link.disconnect();
			const second = voter.choose([salad]);
			await eventually(() =>
				expect(voter.answer().receipt).toMatchObject({ ballotId: second, choice: [salad] })
			);
			expect(voter.status()).toMatchObject({ kind: 'accepted', choice: [salad] });
			expect(await countVoters(server.databasePath, topic.id)).toBe(1);
			expect(await api.results(topic.id)).toMatchObject({
				turnout: 1,
				totals: { [salad]: 1, [soup]: 0 }
			});
			await eventually(async () => {
				expect(voter.link.open).toBe(false);
				expect((await documentsOpen()).ballot).toBe(0);
			});
		} finally {
			voter.destroy();
		}
	});

	it('tells a device that opens a closed ballot again about the vote it holds, without counting it again', async () => {
		const topic = await openTopic(false);
		const account = await api.register();
		const phone = connectClosingVoter(server.wsUrl, topic.id, account, false);
		try {
			const ballotId = phone.choose([topic.options[2].id]);
			await eventually(() => expect(phone.link.open).toBe(false));
			// Another device of the same voter, with nothing on it yet, learns the vote counts.
			const laptop = connectClosingVoter(server.wsUrl, topic.id, account, false);
			try {
				await eventually(() => {
					expect(laptop.answer().receipt?.ballotId).toBe(ballotId);
					expect(laptop.link.open).toBe(false);
				});
				expect(laptop.status().kind).toBe('accepted');
			} finally {
				laptop.destroy();
			}
			expect(await countVoters(server.databasePath, topic.id)).toBe(1);
		} finally {
			phone.destroy();
		}
	});
});
