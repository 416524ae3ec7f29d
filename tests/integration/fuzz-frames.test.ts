import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import { ballotDocumentName, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { frame, rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer({ MESSAGE_BURST: '100000', MESSAGE_RATE: '100000' });

const FRAMES = 3000;

it('keeps results and invariants intact under thousands of random and half-valid frames', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['A', 'B']);
	await api.open(owner.token, topic.id);
	const attacker = await api.register();
	const honest = connectVoter(server.wsUrl, topic.id, await api.register());
	const first = honest.vote(topic.options[0].id);
	await eventually(() => expect(honest.answer().receipt?.ballotId).toBe(first));

	const names = [
		topicDocumentName(topic.id),
		ballotDocumentName(topic.id, attacker.user.id),
		ballotDocumentName(topic.id, honest.ballot.doc.clientID.toString()),
		'',
		'\u0000',
		'x'.repeat(300)
	];
	const frames = fc.sample(
		fc.oneof(
			fc.uint8Array({ maxLength: 256 }),
			fc
				.record({
					name: fc.constantFrom(...names),
					type: fc.nat({ max: 12 }),
					body: fc.uint8Array({ maxLength: 128 })
				})
				.map(({ name, type, body }) => frame(name, type, (e) => encoding.writeUint8Array(e, body))),
			fc
				.record({ name: fc.constantFrom(...names), token: fc.string({ maxLength: 80 }) })
				.map(({ name, token }) =>
					frame(name, 2, (e) => {
						encoding.writeVarUint(e, 0);
						encoding.writeVarString(e, token);
					})
				)
		),
		{ numRuns: FRAMES, seed: 20261124 }
	);

	let client = await rawClient(server.wsUrl);
	client.authenticate(ballotDocumentName(topic.id, attacker.user.id), attacker.token);
	let sent = 0;
	for (const bytes of frames) {
		if (client.closed() || client.socket.readyState !== client.socket.OPEN) {
			client = await rawClient(server.wsUrl);
			client.authenticate(ballotDocumentName(topic.id, attacker.user.id), attacker.token);
		}
		client.send(bytes);
		sent++;
		if (sent % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
	}
	client.close();
	expect(sent).toBe(FRAMES);

	expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	const late = connectVoter(server.wsUrl, topic.id, await api.register());
	const second = late.vote(topic.options[1].id);
	await eventually(() => expect(late.answer().receipt?.ballotId).toBe(second));
	await eventually(() => expect(honest.tally()?.turnout).toBe(2));
	const { totals } = await expectInvariants(server.databasePath, api, topic.id);
	expect(totals).toEqual({ [topic.options[0].id]: 1, [topic.options[1].id]: 1 });
	honest.destroy();
	late.destroy();
});
