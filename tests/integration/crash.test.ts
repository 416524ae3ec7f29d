import { expect, it } from 'vitest';
import { storedVotes } from '../helpers/database.ts';
import { createVoters } from '../helpers/factories.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();

const VOTERS = 120;

it('keeps every accepted vote through SIGKILL and counts pending ballots exactly once after restart', async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['A', 'B', 'C']);
	await api.open(owner.token, topic.id);
	const accounts = await createVoters(server.databasePath, VOTERS);
	const voters: Voter[] = accounts.map((account) => connectVoter(server.wsUrl, topic.id, account));
	try {
		await eventually(() => voters.forEach((v) => expect(v.state()?.status).toBe('open')));

		// Votes stream in; the server dies in the middle of the stream: once the first receipts
		// are back (an event, not a moment), with the second half still to come.
		const receiptsBeforeKill = new Map<string, string>();
		let sent = 0;
		const send = (until: number) =>
			new Promise<void>((resolve) => {
				const stream = setInterval(() => {
					for (let i = 0; i < 6 && sent < until; i++, sent++) {
						voters[sent].vote(topic.options[sent % 3].id);
					}
					if (sent >= until) {
						clearInterval(stream);
						resolve();
					}
				}, 5);
			});
		await send(VOTERS / 2);
		await eventually(() => expect(voters.some((voter) => voter.answer().receipt)).toBe(true));
		voters.forEach((voter, index) => {
			const receipt = voter.answer().receipt;
			if (receipt) receiptsBeforeKill.set(accounts[index].user.id, receipt.tracker);
		});
		await server.kill();
		await send(VOTERS);
		expect(receiptsBeforeKill.size).toBeGreaterThan(0);

		// Every receipt a voter saw is backed by a stored vote.
		// (A secret topic: the voter's participation and a ballot with the receipt's tracker.)
		const stored = await storedVotes(server.databasePath, topic.id);
		for (const [userId, tracker] of receiptsBeforeKill) {
			expect(stored.voters.has(userId)).toBe(true);
			expect(stored.trackers.has(tracker)).toBe(true);
		}

		// The clients reconnect by themselves; every pending ballot is counted once.
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
