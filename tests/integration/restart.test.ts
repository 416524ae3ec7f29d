import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { readTopic, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { queryRows, storedVotes } from '../helpers/database.ts';
import { createVoters } from '../helpers/factories.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

// Tallies are written at most every 5 s here, so a write is surely pending when SIGTERM comes.
const { server, api } = useServer({ LOG_LEVEL: 'debug', TALLY_INTERVAL_MS: '5000' });

const VOTERS = 120;

/** Votes stored for a topic, by user, and the tallies the stored topic document holds. */
async function storedState(topicId: string) {
	const votes = await storedVotes(server.databasePath, topicId);
	const updates = (
		await queryRows<{ data: Uint8Array }>(
			server.databasePath,
			'SELECT data FROM document_updates WHERE name = ? ORDER BY seq',
			topicDocumentName(topicId)
		)
	).map((row) => new Uint8Array(row.data));
	const doc = new Y.Doc();
	if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
	return { votes, storedTurnout: readTopic(doc).results?.turnout ?? 0 };
}

it('on SIGTERM commits the votes in progress, writes the tallies and tells clients to reconnect at once; after the restart every vote counts exactly once', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['A', 'B', 'C']);
	await api.open(owner.token, topic.id);
	const accounts = await createVoters(server.databasePath, VOTERS);
	const voters: Voter[] = accounts.map((account) => connectVoter(server.wsUrl, topic.id, account));
	// The code each voter's open socket was closed with (later failed attempts close with others).
	const closeCodes = new Map<Voter, number | undefined>();
	for (const voter of voters) {
		voter.websocket.on('disconnect', ({ event }: { event?: { code?: number } }) => {
			if (!closeCodes.has(voter)) closeCodes.set(voter, event?.code);
		});
	}
	try {
		await eventually(() => voters.forEach((v) => expect(v.state()?.status).toBe('open')));

		// Votes stream in; SIGTERM arrives in the middle of the stream.
		let sent = 0;
		const stream = setInterval(() => {
			for (let i = 0; i < 6 && sent < VOTERS; i++, sent++) {
				voters[sent].vote(topic.options[sent % 3].id);
			}
		}, 5);
		await eventually(() => expect(sent).toBeGreaterThan(VOTERS / 3));
		await server.stop();
		const receiptsBeforeStop = new Map<string, string>();
		voters.forEach((voter, index) => {
			const receipt = voter.answer().receipt;
			if (receipt) receiptsBeforeStop.set(accounts[index].user.id, receipt.tracker);
		});
		await eventually(() => expect(sent).toBe(VOTERS));
		clearInterval(stream);

		// A clean stop within its time, every socket told to reconnect at once.
		expect(server.exitCode(), server.log()).toBe(0);
		expect(server.log()).toContain('"msg":"stopped"');
		expect(closeCodes.size).toBe(VOTERS);
		expect(new Set(closeCodes.values())).toEqual(new Set([CLOSE.restarting.code]));

		// Every receipt a voter saw is a stored vote, and the stored tallies count every stored vote.
		const { votes, storedTurnout } = await storedState(topic.id);
		expect(receiptsBeforeStop.size).toBeGreaterThan(0);
		// (A secret topic: the voter's participation and a ballot with the receipt's tracker.)
		for (const [userId, tracker] of receiptsBeforeStop) {
			expect(votes.voters.has(userId)).toBe(true);
			expect(votes.trackers.has(tracker)).toBe(true);
		}
		expect(storedTurnout).toBe(votes.count);

		// The clients reconnect by themselves; every ballot is counted once.
		await server.restart();
		await eventually(
			() => voters.forEach((voter) => expect(voter.answer().receipt).not.toBeNull()),
			30_000
		);
		voters.forEach((voter) =>
			expect(voter.answer().receipt?.ballotId).toBe(voter.answer().request?.ballotId)
		);
		await eventually(() => voters.forEach((v) => expect(v.tally()?.turnout).toBe(VOTERS)), 30_000);
		const { turnout } = await expectInvariants(server.databasePath, api, topic.id);
		expect(turnout).toBe(VOTERS);
	} finally {
		voters.forEach((voter) => voter.destroy());
	}
});
