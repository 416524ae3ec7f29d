import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import { askMessage, readBallotAnswer, voteMessage } from '../../src/lib/shared/ballot-messages.ts';
import { ballotDocumentName, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { frame, rawClient } from '../helpers/raw-client.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer({ MESSAGE_BURST: '100000', MESSAGE_RATE: '100000' });

const FRAMES = 3000;

it('keeps results and invariants intact under thousands of random and half-valid frames', async () => {
	const owner = await api.register();
	// Votes may be changed here, so a forged vote as the honest voter would replace theirs.
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

	const topicName = topicDocumentName(topic.id);
	const [a, b] = topic.options.map((option) => option.id);
	const names = [
		topicName,
		ballotDocumentName(topic.id, attacker.user.id),
		ballotDocumentName(topic.id, honestAccount.user.id),
		ballotDocumentName(topic.id, attacker.user.id, honestAccount.user.id),
		'',
		'\u0000',
		'x'.repeat(300)
	];
	/** Anything a message may name as the member it is for, valid in form or not. */
	const forValue = fc.oneof(
		fc.constantFrom(honestAccount.user.id, attacker.user.id, owner.user.id, topic.id, '../x', ''),
		fc.string({ maxLength: 80 }),
		fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
		fc.jsonValue({ maxDepth: 2 })
	);
	/** A ballot id, valid in form or not. */
	const ballotIdValue = fc.oneof(
		fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
		fc.string({ maxLength: 80 }),
		fc.jsonValue({ maxDepth: 1 })
	);
	/** A request nobody could count: random keys, or a request's keys holding random values. */
	const brokenRequest = fc.oneof(
		fc.jsonValue({ maxDepth: 3 }),
		fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
		fc.record(
			{
				ballotId: ballotIdValue,
				choice: fc.oneof(
					fc.jsonValue({ maxDepth: 2 }),
					fc.constant([a, b]),
					fc.constant([]),
					fc.constant({ [a]: 1 }),
					fc.array(fc.string({ maxLength: 70 }), { maxLength: 3 })
				),
				optionId: fc.oneof(fc.string({ maxLength: 70 }), fc.jsonValue({ maxDepth: 1 })),
				castAt: fc.oneof(fc.double(), fc.jsonValue({ maxDepth: 1 })),
				extra: fc.jsonValue({ maxDepth: 1 })
			},
			{ requiredKeys: [] }
		)
	);
	/** A well-formed vote for B: the attacker's own, which may count (votes may change here). */
	const voteForB = fc
		.nat()
		.map((n) =>
			voteMessage({ ballotId: `forged${n}`.padEnd(16, '0'), choice: [b], castAt: Date.now() })
		);
	/** Stateless messages on the topic: what a modified device could send as a ballot. */
	const statelessPayload = fc.oneof(
		fc.string({ maxLength: 200 }),
		fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
		voteForB,
		fc
			.record({ request: brokenRequest, for: forValue }, { requiredKeys: ['request'] })
			.map((message) => JSON.stringify({ type: 'plenum/vote', ...message })),
		fc
			.record({ ballotId: ballotIdValue, for: forValue }, { requiredKeys: ['ballotId'] })
			.map(({ ballotId, for: forEntryId }) =>
				JSON.stringify({
					type: 'plenum/vote',
					request: { ballotId, choice: [b], castAt: 0 },
					for: forEntryId
				})
			),
		fc
			.record({ for: forValue, extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })
			.map((message) => JSON.stringify({ type: 'plenum/ask', ...message })),
		fc.constantFrom(askMessage(), askMessage(honestAccount.user.id)),
		// A forged answer, as if from the server, naming the honest voter's ballot for B.
		fc.record({ for: forValue, sealed: fc.boolean() }, { requiredKeys: [] }).map((answer) =>
			JSON.stringify({
				type: 'plenum/ballot',
				receipt: { ballotId: first, choice: [b], tracker: 'x', acceptedAt: 0 },
				refusal: null,
				...answer
			})
		),
		fc
			.constantFrom('plenum/vote', 'plenum/ask', 'plenum/ballot', '', null)
			.chain((type) =>
				fc
					.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
					.map((rest) => JSON.stringify({ ...rest, type }))
			),
		fc
			.nat({ max: 40_000 })
			.map((n) => voteMessage({ ballotId: 'p'.repeat(16), choice: ['x'.repeat(n)], castAt: 0 }))
	);
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
			// The attacker's real token against every name.
			fc.constantFrom(...names).map((name) =>
				frame(name, 2, (e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarString(e, attacker.token);
				})
			),
			// Well-formed or half-valid ballot messages on the topic, and a vote for B on any name.
			statelessPayload.map((payload) =>
				frame(topicName, 5, (e) => encoding.writeVarString(e, payload))
			),
			fc
				.record({ name: fc.constantFrom(...names), payload: voteForB })
				.map(({ name, payload }) => frame(name, 5, (e) => encoding.writeVarString(e, payload)))
		),
		{ numRuns: FRAMES, seed: 20261124 }
	);

	// Each (re)connection waits for its topic document's answer before the frames flow, so the
	// frames meet an opened document however long the store takes to open it.
	const connectAttacker = async () => {
		const raw = await rawClient(server.wsUrl);
		raw.authenticate(topicName, attacker.token);
		raw.syncStep1(topicName);
		await eventually(() => expect(raw.authReply(topicName)).toMatch(/^authenticated/));
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

	// And once on purpose: the attacker's token against the honest voter's ballot. A message has
	// no way to name another user (the server takes the voter from the connection), so what is
	// left is the ballot's old document, refused like any ballot document, and a vote `for` some
	// id, refused because the attacker carries nobody's vote.
	const honestBallot = ballotDocumentName(topic.id, honestAccount.user.id);
	const direct = await rawClient(server.wsUrl);
	direct.authenticate(honestBallot, attacker.token);
	direct.syncStep1(honestBallot);
	direct.stateless(
		honestBallot,
		voteMessage({ ballotId: 'forged-ballot-0001', choice: [b], castAt: 0 })
	);
	await eventually(() => expect(direct.authReply(honestBallot)).toBe('denied:unknown-document'));
	direct.authenticate(topicName, attacker.token);
	direct.syncStep1(topicName);
	await eventually(() => expect(direct.authReply(topicName)).toMatch(/^authenticated/));
	/** The answers `direct` received on the topic (results previews and the like left out). */
	const answers = () =>
		direct.statelessReceived(topicName).flatMap((payload) => readBallotAnswer(payload) ?? []);
	direct.stateless(
		topicName,
		voteMessage({ ballotId: 'forged-ballot-0002', choice: [b], castAt: 0 }, honestAccount.user.id)
	);
	await eventually(() => expect(answers()).toHaveLength(1));
	expect(answers()[0]).toMatchObject({
		for: honestAccount.user.id,
		receipt: null,
		refusal: { ballotId: 'forged-ballot-0002', reason: 'not-a-proxy' }
	});
	// Nor does asking for that id tell the attacker anything.
	direct.stateless(topicName, askMessage(honestAccount.user.id));
	await eventually(() => expect(answers()).toHaveLength(2));
	expect(answers()[1]).toEqual({
		type: 'plenum/ballot',
		for: honestAccount.user.id,
		receipt: null,
		sealed: false,
		refusal: null
	});
	expect(direct.statelessReceived(honestBallot)).toEqual([]);
	direct.close();

	expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	const late = connectVoter(server.wsUrl, topic.id, await api.register());
	const second = late.vote(topic.options[1].id);
	await eventually(() => expect(late.answer().receipt?.ballotId).toBe(second));
	// The attacker's well-formed votes for themselves count as their one vote, for B.
	await eventually(() => expect(honest.tally()?.turnout).toBe(3));
	// The honest voter's ballot is still their own.
	expect(honest.answer().receipt).toMatchObject({ ballotId: first, choice: [topic.options[0].id] });
	const { totals } = await expectInvariants(server.databasePath, api, topic.id);
	expect(totals).toEqual({ [topic.options[0].id]: 1, [topic.options[1].id]: 2 });
	honest.destroy();
	late.destroy();
});
