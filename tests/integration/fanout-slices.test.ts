import { expect, it } from 'vitest';
import { readTopic, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { createVoters } from '../helpers/factories.ts';
import { metricsPortOf, scrape } from '../helpers/metrics.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket, type Voter } from '../helpers/voters.ts';

// Two writes per turn: every broadcast to these 40 phones is written in slices over later turns.
const { server, api } = useServer({ FANOUT_WRITES_PER_TURN: '2', METRICS_PORT: '0' });

it('delivers tallies written in slices to every phone and the screen, receipts in between', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['Yes', 'No']);
	await api.open(owner.token, topic.id);
	const screenSocket = socket(server.wsUrl);
	const screen = openDocument(screenSocket, topicDocumentName(topic.id), owner.token);
	const voters: Voter[] = (await createVoters(server.databasePath, 40)).map((account) =>
		connectVoter(server.wsUrl, topic.id, account)
	);
	try {
		await eventually(() => expect(readTopic(screen.doc).presence?.present).toBe(40));
		const expected = { [topic.options[0].id]: 0, [topic.options[1].id]: 0 };
		for (const [index, voter] of voters.entries()) {
			const option = topic.options[index % 3 === 0 ? 0 : 1];
			expected[option.id]++;
			voter.vote(option.id);
			// Votes in waves of ten, each after the last one's receipt: tallies go out in between.
			if (index % 10 === 9) await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		}
		await eventually(() =>
			voters.forEach((voter) => expect(voter.answer().receipt).not.toBeNull())
		);
		await eventually(() =>
			voters.forEach((voter) => {
				expect(voter.tally()?.turnout).toBe(40);
				expect(voter.tally()?.totals).toEqual(expected);
			})
		);
		await eventually(() => expect(readTopic(screen.doc).results?.totals).toEqual(expected));

		const metrics = await scrape(`http://127.0.0.1:${metricsPortOf(server.log())}/metrics`);
		expect(metrics.value('plenum_fanout_sliced_writes_total')).toBeGreaterThan(0);
		expect(metrics.value('plenum_fanout_queued_writes')).toBe(0);
	} finally {
		for (const voter of voters) voter.destroy();
		screen.destroy();
		screenSocket.destroy();
	}
});
