import { expect, it } from 'vitest';
import {
	readResultsPreview,
	readTopic,
	topicDocumentName,
	type TopicResults
} from '../../src/lib/shared/documents.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket, type Voter } from '../helpers/voters.ts';

// A frame budget this small makes 22 subscribers a "large" audience: a write every 220 ms.
const { server, api } = useServer({ TALLY_FRAMES_PER_SECOND: '100', TALLY_INTERVAL_MS: '50' });

it('previews the tallies to the presenter between writes, and to nobody else', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['Yes', 'No']);
	await api.open(owner.token, topic.id);
	const screenSocket = socket(server.wsUrl);
	const screen = openDocument(screenSocket, topicDocumentName(topic.id), owner.token);
	const previews: TopicResults[] = [];
	screen.provider.on('stateless', ({ payload }: { payload: string }) => {
		const results = readResultsPreview(payload);
		if (results) previews.push(results);
	});

	const voters: Voter[] = [];
	let toVoters = 0;
	for (let i = 0; i < 20; i++) {
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		voter.topic.provider.on('stateless', ({ payload }: { payload: string }) => {
			if (readResultsPreview(payload)) toVoters++;
		});
		voters.push(voter);
	}
	await eventually(() => expect(readTopic(screen.doc).presence?.present).toBe(20));

	voters[0].vote(topic.options[1].id);
	await eventually(() => expect(voters[0].answer().receipt).not.toBeNull());
	await eventually(() => expect(previews.at(-1)?.turnout).toBe(1));
	const preview = previews.at(-1)!;
	expect(preview.totals).toEqual({ [topic.options[0].id]: 0, [topic.options[1].id]: 1 });
	// The document follows with the same recount, and a preview never went to a voter.
	await eventually(() => expect(readTopic(screen.doc).results?.turnout).toBe(1));
	expect(readTopic(screen.doc).results?.totals).toEqual(preview.totals);
	expect(toVoters).toBe(0);

	for (const voter of voters) voter.destroy();
	screen.destroy();
	screenSocket.destroy();
});
