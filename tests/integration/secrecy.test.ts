import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { topicDocumentName } from '../../src/lib/shared/documents.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer();

it('lets nobody but the voter link the voter to their choice', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['Approve', 'Reject']);
	await api.open(owner.token, topic.id);
	const voter = await api.register();
	const client = connectVoter(server.wsUrl, topic.id, voter);
	const ballotId = client.vote(topic.options[1].id);
	await eventually(() => expect(client.answer().receipt?.ballotId).toBe(ballotId));
	const tracker = client.answer().receipt!.tracker;
	client.destroy();
	// While it is open the export names no ballot of a secret topic; the close publishes them.
	expect(JSON.stringify(await api.audit(topic.id))).not.toContain(tracker);
	await api.close(owner.token, topic.id);

	// What the voter's identity looks like anywhere: any of these next to a choice is a leak.
	const identity = [voter.user.id, voter.user.username, ballotId];
	const snoop = await api.register();
	const readable: string[] = [];
	for (const token of [snoop.token, owner.token, undefined]) {
		for (const path of [
			`/api/topics/${topic.id}`,
			`/api/topics/${topic.id}/results`,
			`/api/topics/${topic.id}/audit`,
			`/t/${topic.id}`
		]) {
			readable.push(JSON.stringify((await api.call('GET', path, { token })).body));
		}
		const raw = await rawClient(server.wsUrl);
		raw.authenticate(topicDocumentName(topic.id), token ?? '');
		raw.syncStep1(topicDocumentName(topic.id));
		await eventually(() =>
			expect(raw.doc(topicDocumentName(topic.id)).getMap('topic').get('results')).toBeDefined()
		);
		const doc = raw.doc(topicDocumentName(topic.id));
		readable.push(JSON.stringify(doc.getMap('topic').toJSON()));
		readable.push(Buffer.from(Y.encodeStateAsUpdate(doc)).toString('latin1'));
		raw.close();
	}
	const everything = readable.join('\n');
	for (const secret of identity) expect(everything).not.toContain(secret);
	// The receipt is public on purpose: it lets the voter find their vote in the export.
	expect(everything).toContain(tracker);
});

it('tells a second device that the secret vote counts, without naming it, and keeps one vote', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['Approve', 'Reject']);
	await api.open(owner.token, topic.id);
	const voter = await api.register();
	const phone = connectVoter(server.wsUrl, topic.id, voter);
	const ballotId = phone.vote(topic.options[1].id);
	await eventually(() => expect(phone.answer().receipt?.ballotId).toBe(ballotId));
	expect(phone.answer().sealed).toBe(false);
	phone.destroy();

	// The laptop asks what counts after the phone left: the server cannot name the vote.
	const laptop = connectVoter(server.wsUrl, topic.id, voter);
	await eventually(() => expect(laptop.answer().sealed).toBe(true));
	expect(laptop.answer().receipt).toBeNull();
	expect(JSON.stringify(laptop.ballot.doc.getMap('ballot').toJSON())).not.toContain(
		topic.options[1].id
	);
	const second = laptop.vote(topic.options[0].id);
	await eventually(() =>
		expect(laptop.answer().refusal).toMatchObject({ ballotId: second, reason: 'already-voted' })
	);
	expect(laptop.answer().sealed).toBe(true);
	laptop.destroy();
	await api.close(owner.token, topic.id);
	const results = (await api.call('GET', `/api/topics/${topic.id}/results`)).body as {
		turnout: number;
	};
	expect(results.turnout).toBe(1);
});
