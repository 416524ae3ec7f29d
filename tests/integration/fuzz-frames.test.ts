import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import { ballotDocumentName, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { frame, mapUpdate, rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer({ MESSAGE_BURST: '100000', MESSAGE_RATE: '100000' });

const FRAMES = 3000;

it('keeps results and invariants intact under thousands of random and half-valid frames', async () => {
	const owner = await api.register();
	// Votes may be changed here, so a forged write to the honest voter's ballot would count.
	const created = await api.call('POST', '/api/topics', {
		token: owner.token,
		body: { title: 'Fuzzed', options: ['A', 'B'], allowChange: true }
	});
	const topic = await api.open(owner.token, created.body.topic.id);
	const attacker = await api.register();
	const honestAccount = await api.register();
	const honest = connectVoter(server.wsUrl, topic.id, honestAccount);
	const first = honest.vote(topic.options[0].id);
	await eventually(() => expect(honest.answer().receipt?.ballotId).toBe(first));

	const names = [
		topicDocumentName(topic.id),
		ballotDocumentName(topic.id, attacker.user.id),
		ballotDocumentName(topic.id, honestAccount.user.id),
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
				),
			// The attacker's real token, and well-formed ballots for B, against every name.
			fc.constantFrom(...names).map((name) =>
				frame(name, 2, (e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarString(e, attacker.token);
				})
			),
			fc
				.record({
					name: fc.constantFrom(...names),
					ballotId: fc.nat().map((n) => `forged${n}`.padEnd(16, '0'))
				})
				.map(({ name, ballotId }) =>
					frame(name, 0, (e) =>
						syncProtocol.writeUpdate(
							e,
							mapUpdate('ballot', {
								request: { ballotId, choice: [topic.options[1].id], castAt: 0 }
							})
						)
					)
				)
		),
		{ numRuns: FRAMES, seed: 20261124 }
	);

	// Each (re)connection waits for its ballot document's answer before the frames flow, so the
	// frames meet an opened document however long the store takes to open it.
	const attackerBallot = ballotDocumentName(topic.id, attacker.user.id);
	const connectAttacker = async () => {
		const raw = await rawClient(server.wsUrl);
		raw.authenticate(attackerBallot, attacker.token);
		await eventually(() => expect(raw.authReply(attackerBallot)).toMatch(/^authenticated/));
		return raw;
	};
	let client = await connectAttacker();
	let sent = 0;
	for (const bytes of frames) {
		if (client.closed() || client.socket.readyState !== client.socket.OPEN) {
			client = await connectAttacker();
		}
		client.send(bytes);
		sent++;
		if (sent % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
	}
	client.close();
	expect(sent).toBe(FRAMES);

	// And once on purpose: the attacker's token on the honest voter's ballot, with a ballot for B
	// written over the one the honest voter cast (built on the server's copy, so it would win).
	const honestBallot = ballotDocumentName(topic.id, honestAccount.user.id);
	const direct = await rawClient(server.wsUrl);
	direct.authenticate(honestBallot, attacker.token);
	direct.syncStep1(honestBallot);
	direct.update(
		honestBallot,
		mapUpdate(
			'ballot',
			{ request: { ballotId: 'forged-ballot-0001', choice: [topic.options[1].id], castAt: 0 } },
			honest.ballot.doc
		)
	);
	await eventually(() => expect(direct.authReply(honestBallot)).toBe('denied:forbidden'));
	direct.close();

	expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	const late = connectVoter(server.wsUrl, topic.id, await api.register());
	const second = late.vote(topic.options[1].id);
	await eventually(() => expect(late.answer().receipt?.ballotId).toBe(second));
	// The attacker's well-formed ballots in their own document count as their one vote, for B.
	await eventually(() => expect(honest.tally()?.turnout).toBe(3));
	// The honest voter's ballot is still their own.
	expect(honest.answer().receipt).toMatchObject({ ballotId: first, choice: [topic.options[0].id] });
	const { totals } = await expectInvariants(server.databasePath, api, topic.id);
	expect(totals).toEqual({ [topic.options[0].id]: 1, [topic.options[1].id]: 2 });
	honest.destroy();
	late.destroy();
});
