/**
 * Proxy votes' part of the store contract (run by `storeContract` for every adapter): delegations
 * granted, asked for and approved within the meeting's limit; a proxy's separate ballot per
 * member, with the member's weight, unique per member; the member's own ballot refused while the
 * delegation stands; who cast for whom in the roll chain without a choice; named votes "by proxy".
 */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/audit-chain.ts';
import { parseTopicInput } from '../../core/topic-rules.ts';
import type { BallotInput, Stores, UserRecord } from './store.ts';

export function proxyContract(
	engine: string,
	stores: () => Stores,
	account: () => Promise<UserRecord>
) {
	const topicInput = (raw: Record<string, unknown> = {}) => {
		const parsed = parseTopicInput({ title: 'Budget', options: ['Yes', 'No'], ...raw });
		if (!parsed.ok) throw new Error(parsed.message);
		return parsed.value;
	};

	let codes = 0;
	/** A roll meeting with `names` on its roll, each bound to an account, and one open topic. */
	async function assembly(names: string[], topic: Record<string, unknown> = {}, limit = 2) {
		const host = await account();
		const meeting = await stores().meetings.create(host.id, 'AGM', 1);
		await stores().meetings.setAccess(meeting.id, host.id, 'roll');
		const added = await stores().roll.add(
			meeting.id,
			host.id,
			names.map((name, index) => ({
				line: index + 1,
				raw: { name, weight: String(index + 1) }
			})),
			2
		);
		if (!added.ok) throw new Error(added.message);
		const members: Record<string, { entryId: string; user: UserRecord }> = {};
		for (const name of names) {
			const entry = added.entries.find((e) => e.name === name)!;
			const code = `p${++codes}`;
			await stores().roll.issue(meeting.id, host.id, [{ entryId: entry.id, codeHash: code }], 3);
			const user = await account();
			await stores().roll.redeem(code, user.id, 3);
			members[name] = { entryId: entry.id, user };
		}
		if (limit > 0) {
			const set = await stores().proxies.setSettings(meeting.id, host.id, { limit }, 3);
			if (!set.ok) throw new Error(set.message);
		}
		const change = await stores().meetings.addTopic(meeting.id, host.id, topicInput(topic), 3);
		if (!change.ok) throw new Error(change.message);
		const draft = change.agenda[0];
		await stores().topics.changeStatus(draft.id, host.id, 'open', 4);
		const [yes, no] = draft.options.map((o) => o.id);
		return { host, meeting, topic: draft, members, yes, no };
	}

	const cast = async (ballot: Omit<BallotInput, 'request'>, ballotId: string, optionId: string) =>
		(
			await stores().votes.castMany([{ ...ballot, request: { ballotId, choice: [optionId] } }], 10)
		)[0];

	describe(`${engine} proxies`, () => {
		it('refuses proxies outside roll meetings, with its reason', async () => {
			const host = await account();
			const meeting = await stores().meetings.create(host.id, 'Open', 1);
			expect(
				await stores().proxies.setSettings(meeting.id, host.id, { limit: 2 }, 2)
			).toMatchObject({ ok: false, code: 'proxy-roll-only' });
			expect(
				await stores().proxies.grant(meeting.id, host.id, { from: 'a', to: 'b' }, 2)
			).toMatchObject({ ok: false, code: 'proxy-roll-only' });
		});

		it('lets a proxy cast a separate ballot per member, with their weight, and refuses the member’s own', async () => {
			const { host, meeting, topic, members, yes, no } = await assembly(['Ann', 'Ben', 'Cy'], {
				secret: false
			});
			const { Ann, Ben, Cy } = members;
			const granted = await stores().proxies.grant(
				meeting.id,
				host.id,
				{ from: Ann.entryId, to: Ben.entryId },
				5
			);
			expect(granted).toMatchObject({ ok: true, delegation: { status: 'approved' } });

			// Ben votes for himself and, differently, for Ann.
			const own = await cast({ topicId: topic.id, userId: Ben.user.id }, 'ben-own-1', no);
			const forAnn = await cast(
				{ topicId: topic.id, userId: Ben.user.id, forEntryId: Ann.entryId },
				'ben-for-ann',
				yes
			);
			expect(own).toMatchObject({ ok: true, duplicate: false });
			expect(forAnn).toMatchObject({ ok: true, vote: { castBy: Ben.entryId } });
			// Ann cannot vote while her delegation stands; a second ballot for her is refused.
			expect(
				await cast({ topicId: topic.id, userId: Ann.user.id }, 'ann-own-01', no)
			).toMatchObject({ ok: false, reason: 'delegated', vote: null });
			expect(
				await cast(
					{ topicId: topic.id, userId: Ben.user.id, forEntryId: Ann.entryId },
					'ben-for-ann-2',
					no
				)
			).toMatchObject({ ok: false, reason: 'already-voted' });
			// Cy carries nobody.
			expect(
				await cast(
					{ topicId: topic.id, userId: Cy.user.id, forEntryId: Ann.entryId },
					'cy-for-ann',
					no
				)
			).toMatchObject({ ok: false, reason: 'not-a-proxy', vote: null });

			const results = (await stores().votes.results(topic.id))!;
			expect(results.totals).toEqual({ [yes]: 1, [no]: 1 });
			expect((await stores().votes.findVote(topic.id, Ben.user.id, Ann.entryId))?.choice).toEqual([
				yes
			]);
			expect((await stores().votes.findVote(topic.id, Ben.user.id))?.choice).toEqual([no]);
			expect(await stores().votes.findVote(topic.id, Cy.user.id, Ann.entryId)).toBeNull();
			// Asked together, in a roll meeting, each ask gets what it gets alone.
			const asks = [
				{ topicId: topic.id, userId: Ben.user.id, forEntryId: Ann.entryId },
				{ topicId: topic.id, userId: Ben.user.id },
				{ topicId: topic.id, userId: Cy.user.id, forEntryId: Ann.entryId },
				{ topicId: topic.id, userId: Ann.user.id }
			];
			expect(await stores().votes.findVotes(asks)).toEqual(
				await Promise.all(
					asks.map(({ topicId, userId, forEntryId }) =>
						stores().votes.findVote(topicId, userId, forEntryId)
					)
				)
			);

			const named = await stores().votes.namedVotes(topic.id);
			expect(named.map((v) => [v.name, v.proxy ?? null])).toEqual([
				['Ann', 'Ben'],
				[Ben.user.username, null]
			]);
			const voted = await stores().votes.votedList(topic.id);
			expect(voted).toMatchObject({ mode: 'roll', voted: 2, eligible: 3 });

			// Who cast for whom is in the roll chain, without tracker or choice.
			const chain = await stores().roll.audit(meeting.id);
			const proxyCast = chain.find((e) => e.kind === 'proxy.cast')!;
			expect(proxyCast.payload).toEqual({ topic: topic.id, for: Ann.entryId, proxy: Ben.entryId });
			expect(verifyChain(chain)).toMatchObject({ ok: true });
			const topicChain = await stores().votes.audit(topic.id);
			expect(verifyChain(topicChain)).toMatchObject({ ok: true, turnout: 2 });
			expect(JSON.stringify(topicChain)).not.toContain(Ann.entryId);
		});

		it('counts a proxy’s ballot with the weight of the member it is cast for', async () => {
			const { host, meeting, members, yes, no } = await assembly(['Ann', 'Ben']);
			const { Ann, Ben } = members;
			await stores().roll.setWeighted(meeting.id, host.id, true, 5);
			const change = await stores().meetings.addTopic(meeting.id, host.id, topicInput(), 5);
			const weighted = change.ok ? change.agenda[1] : null;
			await stores().topics.changeStatus(weighted!.id, host.id, 'open', 6);
			await stores().proxies.grant(meeting.id, host.id, { from: Ann.entryId, to: Ben.entryId }, 6);
			const [wYes, wNo] = weighted!.options.map((o) => o.id);
			await cast({ topicId: weighted!.id, userId: Ben.user.id }, 'ben-own-w', wNo);
			await cast(
				{ topicId: weighted!.id, userId: Ben.user.id, forEntryId: Ann.entryId },
				'ben-ann-w',
				wYes
			);
			// Ann weighs 1 and Ben 2 (`assembly` gives the n-th member weight n).
			const results = (await stores().votes.results(weighted!.id))!;
			expect(results.weight).toMatchObject({ totals: { [wYes]: '1', [wNo]: '2' }, turnout: '3' });
			// On this secret topic, too, who voted names the proxy, and never a choice.
			const voted = await stores().votes.votedList(weighted!.id);
			expect(voted).toMatchObject({ mode: 'roll', voted: 2 });
			expect(JSON.stringify(voted)).toContain('"byProxy":"Ben"');
			expect(JSON.stringify(voted)).not.toMatch(new RegExp(`${wYes}|${wNo}|tracker`));
			// A secret topic's log publishes its ballots, with their weights, at the close.
			await stores().topics.changeStatus(weighted!.id, host.id, 'close', 7);
			expect(verifyChain(await stores().votes.audit(weighted!.id))).toMatchObject({
				ok: true,
				weight: { turnout: '3' }
			});
			void yes;
			void no;
		});

		it('keeps a member’s request waiting until a host approves it, within the limit', async () => {
			const { host, meeting, topic, members, yes } = await assembly(
				['Ann', 'Ben', 'Cy', 'Dee'],
				{},
				1
			);
			const { Ann, Ben, Cy, Dee } = members;
			const asked = await stores().proxies.request(meeting.id, Ann.user.id, Ben.entryId, 5);
			expect(asked).toMatchObject({ ok: true, delegation: { status: 'requested' } });
			const id = asked.ok ? asked.delegation!.id : '';
			// Waiting: Ben cannot vote for Ann, and Ann still may (but does not here).
			expect(
				await cast(
					{ topicId: topic.id, userId: Ben.user.id, forEntryId: Ann.entryId },
					'ben-ann-early',
					yes
				)
			).toMatchObject({ ok: false, reason: 'not-a-proxy' });
			// Only hosts approve.
			expect(await stores().proxies.approve(meeting.id, Cy.user.id, id, 6)).toMatchObject({
				ok: false,
				code: 'proxy-not-allowed'
			});
			expect(await stores().proxies.approve(meeting.id, host.id, id, 6)).toMatchObject({
				ok: true,
				delegation: { status: 'approved', approvedBy: host.id }
			});
			// The limit is 1: Ben carries Ann, so nobody else can hand their vote to him.
			expect(
				await stores().proxies.grant(meeting.id, host.id, { from: Cy.entryId, to: Ben.entryId }, 7)
			).toMatchObject({ ok: false, code: 'proxy-limit-reached' });
			// No chains: Ann handed over her vote, so she carries nobody; Ben cannot hand over his.
			expect(
				await stores().proxies.grant(meeting.id, host.id, { from: Dee.entryId, to: Ann.entryId }, 7)
			).toMatchObject({ ok: false, code: 'proxy-to-delegated' });
			expect(await stores().proxies.request(meeting.id, Ben.user.id, Cy.entryId, 7)).toMatchObject({
				ok: false,
				code: 'proxy-carries-others'
			});
			// The limit cannot drop below what Ben carries, nor proxies be turned off.
			expect(
				await stores().proxies.setSettings(meeting.id, host.id, { limit: 0 }, 8)
			).toMatchObject({ ok: false, code: 'proxy-limit-below-carried' });
			// Someone who is on no roll entry cannot ask.
			expect(await stores().proxies.request(meeting.id, host.id, Ben.entryId, 8)).toMatchObject({
				ok: false,
				code: 'proxy-not-member'
			});
			// A member sees their own delegations; the host sees all.
			const seen = await stores().proxies.view(meeting.id, Cy.user.id);
			expect(seen).toMatchObject({ host: false, entry: { id: Cy.entryId }, delegations: [] });
			const hostView = await stores().proxies.view(meeting.id, host.id);
			expect(hostView?.delegations.map((d) => [d.fromName, d.toName, d.status])).toEqual([
				['Ann', 'Ben', 'approved']
			]);
		});

		it('lets the hosts end a delegation, and the member only where the meeting allows it', async () => {
			const { host, meeting, topic, members, yes, no } = await assembly(['Ann', 'Ben']);
			const { Ann, Ben } = members;
			const granted = await stores().proxies.grant(
				meeting.id,
				host.id,
				{ from: Ann.entryId, to: Ben.entryId },
				5
			);
			const id = granted.ok ? granted.delegation!.id : '';
			await cast(
				{ topicId: topic.id, userId: Ben.user.id, forEntryId: Ann.entryId },
				'ben-ann-rv',
				yes
			);
			expect(await stores().proxies.revoke(meeting.id, Ann.user.id, id, 6)).toMatchObject({
				ok: false,
				code: 'proxy-not-revocable'
			});
			await stores().proxies.setSettings(meeting.id, host.id, { limit: 2, revocable: true }, 6);
			expect(await stores().proxies.revoke(meeting.id, Ann.user.id, id, 7)).toMatchObject({
				ok: true,
				delegation: { status: 'revoked', revokedBy: Ann.user.id }
			});
			// Ended: Ben no longer votes for Ann; the ballot he cast stays counted for her, once.
			expect(
				await cast(
					{ topicId: topic.id, userId: Ben.user.id, forEntryId: Ann.entryId },
					'ben-ann-late',
					no
				)
			).toMatchObject({ ok: false, reason: 'not-a-proxy' });
			expect(
				await cast({ topicId: topic.id, userId: Ann.user.id }, 'ann-after-1', no)
			).toMatchObject({ ok: false, reason: 'already-voted' });
			expect((await stores().votes.results(topic.id))!.turnout).toBe(1);
			const kinds = (await stores().roll.audit(meeting.id)).map((e) => e.kind);
			expect(kinds.filter((k) => k.startsWith('proxy.'))).toEqual([
				'proxy.settings',
				'proxy.granted',
				'proxy.cast',
				'proxy.settings',
				'proxy.revoked'
			]);
		});

		it('ends the delegations of a member taken off the roll', async () => {
			const { host, meeting, members } = await assembly(['Ann', 'Ben']);
			const { Ann, Ben } = members;
			await stores().proxies.grant(meeting.id, host.id, { from: Ann.entryId, to: Ben.entryId }, 5);
			await stores().roll.remove(meeting.id, host.id, Ben.entryId, 6);
			const history = await stores().proxies.history(meeting.id);
			expect(history).toMatchObject([{ status: 'revoked', fromName: 'Ann', toName: 'Ben' }]);
			const revoked = (await stores().roll.audit(meeting.id)).find(
				(e) => e.kind === 'proxy.revoked'
			);
			expect(revoked?.payload).toMatchObject({ cause: 'roll.removed' });
		});
	});
}
