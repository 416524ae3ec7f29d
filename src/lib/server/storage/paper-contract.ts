/**
 * Paper ballots and the list of who has voted, as every store must keep them (run by
 * `storeContract` for every adapter): a batch counted with the votes and replayed from its audit
 * entry, for the topic's managers only and within the rule's window; the list from the roll the
 * topic opened with, never naming a choice.
 */
import { describe, expect, it } from 'vitest';
import { compareTotals, verifyChain } from '../../core/audit-chain.ts';
import { PAPER_AFTER_CLOSE_MS } from '../../core/paper.ts';
import { parseTopicInput } from '../../core/topic-rules.ts';
import type { Stores, UserRecord } from './store.ts';

export function paperContract(
	engine: string,
	/** The stores of the running test (opened afresh for each). */
	stores: () => Stores,
	account: () => Promise<UserRecord>
) {
	const input = (raw: Record<string, unknown> = {}) => {
		const parsed = parseTopicInput({ title: 'Budget', options: ['Yes', 'No'], ...raw });
		if (!parsed.ok) throw new Error(parsed.message);
		return parsed.value;
	};
	const cast = async (topicId: string, userId: string, ballotId: string, choice: string[]) =>
		(await stores().votes.castMany([{ topicId, userId, request: { ballotId, choice } }], 10))[0];

	describe(`${engine} paper ballots and who has voted`, () => {
		it('counts a batch with the votes for the topic’s managers only, as the audit replay does', async () => {
			const owner = await account();
			const topic = await stores().topics.create(owner.id, input(), 1);
			const [yes, no] = topic.options.map((option) => option.id);
			const batch = { counts: { [yes]: 2, [no]: 1 }, note: 'Box 1' };
			expect(await stores().votes.addPaper(topic.id, owner.id, batch, 2)).toMatchObject({
				ok: false,
				code: 'paper-topic-not-open'
			});
			await stores().topics.changeStatus(topic.id, owner.id, 'open', 3);
			const voter = await account();
			expect(await cast(topic.id, voter.id, 'ballot-voter-1', [yes])).toMatchObject({ ok: true });
			const stranger = await account();
			expect(await stores().votes.addPaper(topic.id, stranger.id, batch, 4)).toMatchObject({
				ok: false,
				reason: 'forbidden'
			});
			expect(await stores().votes.addPaper(topic.id, owner.id, batch, 5)).toMatchObject({
				ok: true
			});
			const results = (await stores().votes.results(topic.id))!;
			expect(results).toMatchObject({
				turnout: 4,
				totals: { [yes]: 3, [no]: 1 },
				paper: { ballots: 3, totals: { [yes]: 2, [no]: 1 }, batches: 1 }
			});
			await stores().topics.changeStatus(topic.id, owner.id, 'close', 6);
			expect(
				await stores().votes.addPaper(topic.id, owner.id, { counts: { [no]: 1 } }, 7)
			).toMatchObject({ ok: true });
			expect(
				await stores().votes.addPaper(
					topic.id,
					owner.id,
					{ counts: { [no]: 1 } },
					6 + PAPER_AFTER_CLOSE_MS + 1
				)
			).toMatchObject({ ok: false, code: 'paper-too-late' });
			const chain = verifyChain(await stores().votes.audit(topic.id));
			const after = (await stores().votes.results(topic.id))!;
			expect(chain).toMatchObject({ ok: true, paper: { ballots: 4 } });
			expect(chain.ok && compareTotals(chain, after)).toEqual([]);
			expect(after.turnout).toBe(5);
		});

		it('records again the lots a closed count draws when paper added after the close changes them', async () => {
			const owner = await account();
			const topic = await stores().topics.create(
				owner.id,
				input({ kind: 'multiple', options: ['A', 'B', 'C'], seats: 2, maxChoices: 2 }),
				1
			);
			const [a, b, c] = topic.options.map((option) => option.id);
			await stores().topics.changeStatus(topic.id, owner.id, 'open', 2);
			for (const [i, id] of [a, b, c].entries()) {
				const voter = await account();
				await cast(topic.id, voter.id, `ballot-lot-0${i}`, [id]);
			}
			await stores().topics.changeStatus(topic.id, owner.id, 'close', 3);
			const lots = async () =>
				(await stores().votes.audit(topic.id)).filter((entry) => entry.kind === 'count.lot');
			expect(await lots()).toHaveLength(1);
			expect(
				await stores().votes.addPaper(topic.id, owner.id, { ballots: 1, counts: { [c]: 1 } }, 4)
			).toMatchObject({ ok: true });
			const drawn = await lots();
			expect(drawn).toHaveLength(2);
			expect(drawn[1].payload.draws).toEqual([expect.objectContaining({ tied: [a, b].sort() })]);
			const chain = verifyChain(await stores().votes.audit(topic.id));
			expect(chain).toMatchObject({ ok: true, turnout: 4 });
			expect(chain.ok && chain.elected).toEqual((await stores().votes.results(topic.id))!.elected);
		});

		it('refuses paper on ranked and score topics', async () => {
			const owner = await account();
			for (const kind of ['ranked', 'score']) {
				const topic = await stores().topics.create(owner.id, input({ kind }), 1);
				await stores().topics.changeStatus(topic.id, owner.id, 'open', 2);
				const added = await stores().votes.addPaper(
					topic.id,
					owner.id,
					{ counts: { [topic.options[0].id]: 1 } },
					3
				);
				expect(added).toMatchObject({ ok: false, code: 'paper-kind-unsupported' });
			}
		});

		it('lists the roll the topic opened with, voted or not, and outside a roll who voted', async () => {
			const host = await account();
			const meeting = await stores().meetings.create(host.id, 'AGM', 1);
			await stores().meetings.setAccess(meeting.id, host.id, 'roll');
			const added = await stores().roll.add(
				meeting.id,
				host.id,
				['Ann', 'Ben'].map((name, i) => ({ line: i + 1, raw: { name } })),
				2
			);
			if (!added.ok) throw new Error(added.message);
			const ann = added.entries.find((entry) => entry.name === 'Ann')!;
			const ben = added.entries.find((entry) => entry.name === 'Ben')!;
			const change = await stores().meetings.addTopic(meeting.id, host.id, input(), 3);
			if (!change.ok) throw new Error(change.message);
			const topic = change.agenda[0];
			expect(await stores().votes.votedList(topic.id)).toMatchObject({
				mode: 'roll',
				eligible: 2,
				voted: 0
			});
			await stores().roll.issue(meeting.id, host.id, [{ entryId: ann.id, codeHash: 'p1' }], 4);
			await stores().topics.changeStatus(topic.id, host.id, 'open', 5);
			const phone = await stores().users.createGuest(meeting.id, 'Ann', 6);
			await stores().roll.redeem('p1', phone.id, 7);
			expect(await cast(topic.id, phone.id, 'ballot-ann-01', [topic.options[0].id])).toMatchObject({
				ok: true
			});
			// Ben leaves the roll and Cy joins after the opening: the topic keeps its roll.
			await stores().roll.remove(meeting.id, host.id, ben.id, 8);
			await stores().roll.add(meeting.id, host.id, [{ line: 1, raw: { name: 'Cy' } }], 9);
			const list = await stores().votes.votedList(topic.id);
			expect(list).toEqual({
				mode: 'roll',
				rollVersion: 1,
				eligible: 2,
				voted: 1,
				members: [
					{ id: ben.id, name: 'Ben', memberNumber: null, checkedIn: false, voted: false },
					{ id: ann.id, name: 'Ann', memberNumber: null, checkedIn: false, voted: true }
				]
			});

			// Paper goes to members who did not vote: votes and paper stay within the roll.
			const yes = topic.options[0].id;
			expect(
				await stores().votes.addPaper(topic.id, host.id, { counts: { [yes]: 2 } }, 10)
			).toMatchObject({ ok: false, code: 'paper-over-eligible' });
			expect(
				await stores().votes.addPaper(topic.id, host.id, { counts: { [yes]: 1 } }, 10)
			).toMatchObject({ ok: true });
			expect(await stores().votes.votedList(topic.id)).toMatchObject({ voted: 1 });

			const owner = await account();
			const open = await stores().topics.create(owner.id, input(), 1);
			await stores().topics.changeStatus(open.id, owner.id, 'open', 2);
			const voter = await account();
			await cast(open.id, voter.id, 'ballot-open-01', [open.options[1].id]);
			expect(await stores().votes.votedList(open.id)).toEqual({
				mode: 'participants',
				voted: 1,
				voters: [{ name: voter.username, guest: false }]
			});
			expect(await stores().votes.votedList('no-such-topic')).toBeNull();

			// A meeting that takes guests: a guest is listed by the display name they typed.
			const guests = await stores().meetings.create(owner.id, 'Open evening', 1);
			await stores().meetings.setAccess(guests.id, owner.id, 'guests');
			const agenda = await stores().meetings.addTopic(guests.id, owner.id, input(), 2);
			if (!agenda.ok) throw new Error(agenda.message);
			const guestTopic = agenda.agenda[0];
			await stores().topics.changeStatus(guestTopic.id, owner.id, 'open', 3);
			const guest = await stores().users.createGuest(guests.id, 'Zora', 4);
			await cast(guestTopic.id, guest.id, 'ballot-guest-1', [guestTopic.options[0].id]);
			await cast(guestTopic.id, voter.id, 'ballot-acct-01', [guestTopic.options[1].id]);
			expect(await stores().votes.votedList(guestTopic.id)).toEqual({
				mode: 'participants',
				voted: 2,
				voters: [
					{ name: voter.username, guest: false },
					{ name: 'Zora', guest: true }
				]
			});
		});
	});
}
