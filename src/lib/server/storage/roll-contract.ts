/**
 * The roll's part of the store contract (run by `storeContract` for every adapter): roll versions
 * and their audit chain, all-or-nothing imports, invitations that bind one person to one entry,
 * ballots unique per roll entry, the roll a topic opened with, and check-in.
 */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../core/audit-chain.ts';
import { parseTopicInput } from '../../core/topic-rules.ts';
import type { Stores, UserRecord } from './store.ts';

export function rollContract(
	engine: string,
	/** The stores of the running test (opened afresh for each). */
	stores: () => Stores,
	account: () => Promise<UserRecord>
) {
	const topicInput = () => {
		const parsed = parseTopicInput({ title: 'Budget', options: ['Yes', 'No'], allowChange: false });
		if (!parsed.ok) throw new Error(parsed.message);
		return parsed.value;
	};

	/** A roll meeting with `names` on its roll and one draft topic. */
	async function rollMeeting(names: string[]) {
		const host = await account();
		const meeting = await stores().meetings.create(host.id, 'AGM', 1);
		await stores().meetings.setAccess(meeting.id, host.id, 'roll');
		const added = await stores().roll.add(
			meeting.id,
			host.id,
			names.map((name, index) => ({ line: index + 1, raw: { name, memberNumber: `M${index}` } })),
			2
		);
		if (!added.ok) throw new Error(added.message);
		const change = await stores().meetings.addTopic(meeting.id, host.id, topicInput(), 3);
		if (!change.ok) throw new Error(change.message);
		return { host, meeting, topic: change.agenda[0], entries: added.entries };
	}

	const cast = async (
		topicId: string,
		userId: string,
		ballotId: string,
		optionId: string,
		now = 10
	) =>
		(
			await stores().votes.castMany(
				[{ topicId, userId, request: { ballotId, choice: [optionId] } }],
				now
			)
		)[0];

	describe(`${engine} roll`, () => {
		it('imports all rows or none, naming each refused line', async () => {
			const host = await account();
			const meeting = await stores().meetings.create(host.id, 'AGM', 1);
			const refused = await stores().roll.add(
				meeting.id,
				host.id,
				[
					{ line: 2, raw: { name: 'Ann', memberNumber: '7' } },
					{ line: 3, raw: { name: '' } },
					{ line: 4, raw: { name: 'Ben', memberNumber: '7' } }
				],
				2
			);
			expect(refused).toMatchObject({
				ok: false,
				errors: [
					{ line: 3, code: 'roll-name-missing' },
					{ line: 4, code: 'roll-number-duplicate' }
				]
			});
			expect(await stores().roll.list(meeting.id)).toEqual([]);
			expect((await stores().meetings.get(meeting.id))!.rollVersion).toBe(0);
		});

		it('versions every change in the meeting’s audit chain, with who made it', async () => {
			const { host, meeting, entries } = await rollMeeting(['Ann', 'Ben']);
			const ann = entries.find((e) => e.name === 'Ann')!;
			await stores().roll.edit(
				meeting.id,
				host.id,
				ann.id,
				{ name: 'Ann Lee', memberNumber: 'M0' },
				5
			);
			await stores().roll.remove(meeting.id, host.id, ann.id, 6);
			expect((await stores().meetings.get(meeting.id))!.rollVersion).toBe(3);
			const chain = await stores().roll.audit(meeting.id);
			expect(chain.map((e) => [e.kind, e.payload.by, e.payload.version])).toEqual([
				['roll.added', host.id, 1],
				['roll.edited', host.id, 2],
				['roll.removed', host.id, 3]
			]);
			expect(verifyChain(chain)).toMatchObject({ ok: true, entries: 3 });
		});

		it('refuses roll changes from someone who does not run the meeting', async () => {
			const { meeting } = await rollMeeting(['Ann']);
			const stranger = await account();
			expect(
				await stores().roll.add(meeting.id, stranger.id, [{ line: 1, raw: { name: 'X' } }], 5)
			).toMatchObject({ ok: false, code: 'roll-not-allowed' });
		});

		it('lets only members bound by an invitation vote, once per entry whatever account casts it', async () => {
			const { host, meeting, topic, entries } = await rollMeeting(['Ann', 'Ben']);
			const [ann] = entries;
			await stores().roll.issue(meeting.id, host.id, [{ entryId: ann.id, codeHash: 'h1' }], 4);
			await stores().topics.changeStatus(topic.id, host.id, 'open', 5);
			const yes = topic.options[0].id;

			const stranger = await account();
			expect(await cast(topic.id, stranger.id, 'ballot-stranger', yes)).toMatchObject({
				ok: false,
				reason: 'not-eligible'
			});
			expect(await cast(topic.id, host.id, 'ballot-host-01', yes)).toMatchObject({
				ok: false,
				reason: 'not-eligible'
			});

			const phone = await stores().users.createGuest(meeting.id, 'Ann', 6);
			expect(await stores().roll.redeem('h1', phone.id, 7)).toMatchObject({ ok: true });
			expect(await stores().roll.redeem('h1', stranger.id, 7)).toMatchObject({
				ok: false,
				code: 'invitation-used'
			});
			expect(await cast(topic.id, phone.id, 'ballot-phone-1', yes)).toMatchObject({ ok: true });

			// The phone is lost: a new invitation ends the old binding; the new device cannot vote again.
			await stores().roll.issue(meeting.id, host.id, [{ entryId: ann.id, codeHash: 'h2' }], 8);
			expect(await cast(topic.id, phone.id, 'ballot-phone-2', yes)).toMatchObject({
				ok: false,
				reason: 'not-eligible'
			});
			const laptop = await account();
			expect(await stores().roll.redeem('h2', laptop.id, 9)).toMatchObject({ ok: true });
			expect(await cast(topic.id, laptop.id, 'ballot-laptop', topic.options[1].id)).toMatchObject({
				ok: false,
				reason: 'already-voted'
			});
			// A secret topic: the server knows the entry voted, not which ballot is theirs.
			expect(await stores().votes.findVote(topic.id, laptop.id)).toMatchObject({
				sealed: true,
				tracker: ''
			});
			expect((await stores().votes.results(topic.id))!.turnout).toBe(1);

			await stores().roll.revoke(meeting.id, host.id, ann.id, 10);
			expect(await cast(topic.id, laptop.id, 'ballot-laptop-2', yes)).toMatchObject({
				ok: false,
				reason: 'not-eligible'
			});
		});

		it('keeps the roll a topic opened with: later members do not vote on it', async () => {
			const { host, meeting, topic } = await rollMeeting(['Ann', 'Ben']);
			await stores().topics.changeStatus(topic.id, host.id, 'open', 5);
			expect(await stores().topics.get(topic.id)).toMatchObject({ rollVersion: 1, eligible: 2 });
			const late = await stores().roll.add(
				meeting.id,
				host.id,
				[{ line: 1, raw: { name: 'Cy' } }],
				6
			);
			if (!late.ok) throw new Error(late.message);
			const cy = late.entries.find((e) => e.name === 'Cy')!;
			await stores().roll.issue(meeting.id, host.id, [{ entryId: cy.id, codeHash: 'cy' }], 7);
			const device = await stores().users.createGuest(meeting.id, 'Cy', 7);
			await stores().roll.redeem('cy', device.id, 8);
			expect(await cast(topic.id, device.id, 'ballot-cy-01', topic.options[0].id)).toMatchObject({
				ok: false,
				reason: 'not-eligible'
			});
			expect(await stores().roll.electorate(topic.id)).toEqual({
				eligible: 2,
				checkedIn: 0,
				rollVersion: 1
			});
			const audit = await stores().votes.audit(topic.id);
			expect(audit[0].payload.roll).toEqual({ version: 1, eligible: 2 });
		});

		it('puts a member of the meeting’s OpenID group on the roll once, bound to their account', async () => {
			const { host, meeting, topic } = await rollMeeting(['Ann']);
			const cohost = await account();
			await stores().meetings.setMember(meeting.id, host.id, cohost.username, 'cohost', 2);
			// It grants votes: the host alone sets it.
			expect(await stores().roll.setGroup(meeting.id, cohost.id, 'board', 3)).toMatchObject({
				ok: false,
				code: 'roll-not-allowed'
			});
			expect(await stores().roll.setGroup(meeting.id, host.id, 'board', 4)).toMatchObject({
				ok: true,
				version: 1
			});
			expect((await stores().meetings.get(meeting.id))!.rollGroup).toBe('board');

			const member = await account();
			const outsider = await account();
			expect(
				await stores().roll.joinByGroup(meeting.id, outsider.id, outsider.username, ['visitors'], 5)
			).toBeNull();
			const entry = await stores().roll.joinByGroup(
				meeting.id,
				member.id,
				member.username,
				['board', 'members'],
				5
			);
			expect(entry).toMatchObject({
				name: member.username,
				memberNumber: null,
				addedVersion: 2,
				bound: true,
				invited: false
			});
			// Once: opening the meeting again adds nobody.
			expect(
				await stores().roll.joinByGroup(meeting.id, member.id, member.username, ['board'], 6)
			).toBeNull();
			expect(await stores().roll.binding(meeting.id, member.id)).toMatchObject({ id: entry!.id });
			expect((await stores().roll.list(meeting.id)).map((e) => e.name).sort()).toEqual(
				['Ann', member.username].sort()
			);

			await stores().topics.changeStatus(topic.id, host.id, 'open', 7);
			const yes = topic.options[0].id;
			expect(await cast(topic.id, member.id, 'ballot-group-1', yes)).toMatchObject({ ok: true });
			expect(await cast(topic.id, outsider.id, 'ballot-group-2', yes)).toMatchObject({
				ok: false,
				reason: 'not-eligible'
			});

			// The host takes them off: the rule does not put them back.
			await stores().roll.remove(meeting.id, host.id, entry!.id, 8);
			expect(
				await stores().roll.joinByGroup(meeting.id, member.id, member.username, ['board'], 9)
			).toBeNull();
			expect(await stores().roll.binding(meeting.id, member.id)).toBeNull();

			const chain = await stores().roll.audit(meeting.id);
			expect(chain.map((e) => [e.kind, e.payload.by, e.payload.group])).toEqual([
				['roll.added', host.id, undefined],
				['roll.group', host.id, 'board'],
				['roll.added', member.id, 'board'],
				['roll.removed', host.id, undefined]
			]);
			expect(verifyChain(chain)).toMatchObject({ ok: true, entries: 4 });

			// Cleared: nobody more is added.
			await stores().roll.setGroup(meeting.id, host.id, null, 10);
			const later = await account();
			expect(
				await stores().roll.joinByGroup(meeting.id, later.id, later.username, ['board'], 11)
			).toBeNull();
		});

		it('adds nobody by group outside roll meetings', async () => {
			const host = await account();
			const meeting = await stores().meetings.create(host.id, 'Open', 1);
			await stores().roll.setGroup(meeting.id, host.id, 'board', 2);
			const member = await account();
			expect(
				await stores().roll.joinByGroup(meeting.id, member.id, member.username, ['board'], 3)
			).toBeNull();
		});

		it('counts weight in a weighted meeting: per vote, in the log, and locked while open', async () => {
			const { host, meeting, topic, entries } = await rollMeeting(['Ann', 'Ben', 'Cy']);
			const [ann, ben, cy] = entries;
			await stores().roll.edit(meeting.id, host.id, ann.id, { name: 'Ann', weight: '0.5' }, 3);
			await stores().roll.edit(meeting.id, host.id, ben.id, { name: 'Ben', weight: '0,25' }, 3);
			await stores().roll.edit(meeting.id, host.id, cy.id, { name: 'Cy', weight: '0.25' }, 3);
			expect(await stores().roll.setWeighted(meeting.id, host.id, true, 3)).toMatchObject({
				ok: true
			});
			expect(await stores().roll.electorate(topic.id)).toMatchObject({ eligibleWeight: '1' });
			const voters = [];
			for (const [i, entry] of entries.entries()) {
				await stores().roll.issue(
					meeting.id,
					host.id,
					[{ entryId: entry.id, codeHash: `w${i}` }],
					4
				);
				const user = await account();
				await stores().roll.redeem(`w${i}`, user.id, 4);
				voters.push(user);
			}
			await stores().topics.changeStatus(topic.id, host.id, 'open', 5);
			const [yes, no] = topic.options.map((o) => o.id);
			await cast(topic.id, voters[0].id, 'a', yes);
			await cast(topic.id, voters[1].id, 'b', no);
			await cast(topic.id, voters[2].id, 'c', no);
			const results = (await stores().votes.results(topic.id))!;
			expect(results.totals).toEqual({ [yes]: 1, [no]: 2 });
			expect(results.weight).toEqual({ totals: { [yes]: '0.5', [no]: '0.5' }, turnout: '1' });
			// A paper batch names no members, so it has no weight: a weighted topic takes none.
			expect(
				await stores().votes.addPaper(topic.id, host.id, { counts: { [yes]: 1 } }, 5)
			).toMatchObject({ ok: false, code: 'paper-weighted-unsupported' });
			// While the weighted topic is open, weights stay as they are.
			expect(
				await stores().roll.edit(meeting.id, host.id, ann.id, { name: 'Ann', weight: '2' }, 6)
			).toMatchObject({ ok: false, code: 'roll-weight-locked' });
			expect(
				await stores().roll.edit(meeting.id, host.id, ann.id, { name: 'Ann B.' }, 6)
			).toMatchObject({ ok: true });
			const audit = await stores().votes.audit(topic.id);
			expect(audit[0].payload.roll).toEqual({ version: 4, eligible: 3, weight: '1' });
			// A secret topic logs each ballot cast without its weight, and publishes the ballots
			// with their weights at the close.
			expect(audit.filter((e) => e.kind === 'ballot.cast').map((e) => e.payload)).toEqual([
				{},
				{},
				{}
			]);
			await stores().topics.changeStatus(topic.id, host.id, 'close', 7);
			const published = (await stores().votes.audit(topic.id)).filter(
				(e) => e.kind === 'ballot.published'
			);
			expect(published.map((e) => e.payload.weight).sort()).toEqual(['0.25', '0.25', '0.5']);
			// Once closed, a new weight changes nothing already counted.
			await stores().roll.edit(meeting.id, host.id, ann.id, { name: 'Ann', weight: '9' }, 8);
			expect((await stores().votes.results(topic.id))!.weight!.totals[yes]).toBe('0.5');
			const rollAudit = await stores().roll.audit(meeting.id);
			expect(rollAudit.find((e) => e.kind === 'roll.weighted')?.payload).toMatchObject({
				weighted: true
			});
		});

		it('checks members in by the hosts and door helpers only', async () => {
			const { host, meeting, entries } = await rollMeeting(['Ann', 'Ben']);
			const door = await account();
			const other = await account();
			await stores().meetings.setMember(meeting.id, host.id, door.username, 'door', 2);
			expect(
				await stores().roll.checkIn(meeting.id, other.id, entries[0].id, true, 3)
			).toMatchObject({
				ok: false,
				code: 'roll-not-allowed'
			});
			expect(
				await stores().roll.checkIn(meeting.id, door.id, entries[0].id, true, 3)
			).toMatchObject({
				ok: true
			});
			expect(await stores().roll.checkedIn(meeting.id)).toBe(1);
			expect(
				await stores().roll.add(meeting.id, door.id, [{ line: 1, raw: { name: 'Z' } }], 4)
			).toMatchObject({ ok: false, code: 'roll-not-allowed' });
		});
	});
}
