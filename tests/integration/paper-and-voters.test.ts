import { describe, expect, it } from 'vitest';
import { readTopic } from '../../src/lib/shared/documents.ts';
import { auditVerify } from '../helpers/audit-verify.ts';
import { execute, onPostgres } from '../helpers/database.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { inviteAll, redeem, rollMeeting } from '../helpers/roll.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer();

describe('who has voted, not what', () => {
	it('gives the hosts of a roll meeting every eligible member, voted or not, on a secret topic, and nobody else', async () => {
		const { host, meeting, topic } = await rollMeeting(
			api,
			server.url,
			'name,email,number\nAnn,ann@x.org,1\nBen,ben@x.org,2\nCleo,cleo@x.org,3'
		);
		const cohost = await api.register();
		await api.call('PUT', `/api/meetings/${meeting.id}/members`, {
			token: host.token,
			body: { username: cohost.user.username, role: 'cohost' }
		});
		const invitations = await inviteAll(api, host, meeting.id);
		await api.call('POST', `/api/topics/${topic.id}/open`, { token: host.token });
		expect((await api.call('GET', `/api/topics/${topic.id}`)).body.topic.secret).toBe(true);
		const ann = (await redeem(api, invitations.find((i) => i.entry.name === 'Ann')!.code)).body;
		const ben = (await redeem(api, invitations.find((i) => i.entry.name === 'Ben')!.code)).body;
		const voter = connectVoter(server.wsUrl, topic.id, ann);
		voter.vote(topic.options[0].id);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());

		for (const token of [host.token, cohost.token]) {
			const list = await api.call('GET', `/api/topics/${topic.id}/voters`, { token });
			expect(list.status).toBe(200);
			expect(list.body).toEqual({
				mode: 'roll',
				rollVersion: 1,
				eligible: 3,
				voted: 1,
				members: [
					{
						id: expect.any(String),
						name: 'Ben',
						memberNumber: '2',
						checkedIn: false,
						voted: false
					},
					{
						id: expect.any(String),
						name: 'Cleo',
						memberNumber: '3',
						checkedIn: false,
						voted: false
					},
					{ id: expect.any(String), name: 'Ann', memberNumber: '1', checkedIn: false, voted: true }
				]
			});
			// The fact of voting only: no option, choice, tracker or time anywhere in the answer.
			const text = JSON.stringify(list.body);
			for (const option of topic.options) expect(text).not.toContain(option.id);
			expect(text).not.toMatch(/choice|tracker|"at"|createdAt/);
		}
		// A member who votes, someone signed in, and nobody signed in: refused.
		const refused = await api.call('GET', `/api/topics/${topic.id}/voters`, { token: ben.token });
		expect(refused.status).toBe(403);
		expect(refused.body.error.reason).toBe('voters-hosts-only');
		const stranger = await api.register();
		expect(
			(await api.call('GET', `/api/topics/${topic.id}/voters`, { token: stranger.token })).status
		).toBe(403);
		expect((await api.call('GET', `/api/topics/${topic.id}/voters`)).status).toBe(401);
		// The topic document every participant reads carries the turnout, never a name.
		// Tallies reach the document on the next write interval, after the receipt.
		await eventually(() => expect(readTopic(voter.topic.doc).results?.turnout).toBe(1));
		expect(JSON.stringify(voter.topic.doc.getMap('topic').toJSON())).not.toMatch(/Ann|Ben|Cleo/);
		voter.destroy();
	});

	it('outside a roll gives the topic’s host who voted, by name', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['Yes', 'No']);
		await api.open(owner.token, topic.id);
		const voters = [await api.register(), await api.register()];
		for (const account of voters) {
			const voter = connectVoter(server.wsUrl, topic.id, account);
			voter.vote(topic.options[1].id);
			await eventually(() => expect(voter.answer().receipt).not.toBeNull());
			voter.destroy();
		}
		const list = await api.call('GET', `/api/topics/${topic.id}/voters`, { token: owner.token });
		expect(list.body).toEqual({
			mode: 'participants',
			voted: 2,
			voters: voters
				.map((account) => ({ name: account.user.username, guest: false }))
				.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }))
		});
		expect(JSON.stringify(list.body)).not.toContain(topic.options[1].id);
		const other = await api.call('GET', `/api/topics/${topic.id}/voters`, {
			token: voters[0].token
		});
		expect(other.status).toBe(403);
	});
});

describe('paper ballots', () => {
	it('are added by the host only, counted with the votes, shown apart, exported, and replayed by audit:verify', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['Yes', 'No']);
		const [yes, no] = topic.options.map((option) => option.id);
		const paper = (token: string, body: unknown) =>
			api.call('POST', `/api/topics/${topic.id}/paper`, { token, body });

		const early = await paper(owner.token, { counts: { [yes]: 1 } });
		expect(early.status).toBe(409);
		expect(early.body.error.reason).toBe('paper-topic-not-open');
		await api.open(owner.token, topic.id);

		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		voter.vote(yes);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());

		const stranger = await api.register();
		const forbidden = await paper(stranger.token, { counts: { [yes]: 5 } });
		expect(forbidden.status).toBe(403);
		const bad = await paper(owner.token, { counts: { [yes]: -1 } });
		expect(bad.status).toBe(422);
		expect(bad.body.error.reason).toBe('paper-counts-invalid');

		const added = await paper(owner.token, { counts: { [yes]: 2, [no]: 3 }, note: 'Box 1' });
		expect(added.status).toBe(201);
		expect(added.body).toMatchObject({
			turnout: 6,
			totals: { [yes]: 3, [no]: 3 },
			paper: { ballots: 5, totals: { [yes]: 2, [no]: 3 }, batches: 1 }
		});
		// Every screen: the topic document says how many of the turnout are on paper.
		await eventually(() =>
			expect(voter.tally()).toMatchObject({
				turnout: 6,
				paper: { ballots: 5, totals: { [yes]: 2, [no]: 3 } }
			})
		);
		voter.destroy();

		// After the close, paper counted then still goes in (within the day).
		await api.close(owner.token, topic.id);
		const late = await paper(owner.token, { counts: { [no]: 1 }, note: 'Box 2' });
		expect(late.status).toBe(201);
		expect(late.body).toMatchObject({ turnout: 7, paper: { ballots: 6 } });

		// results = stored votes + paper = audit replay.
		await expectInvariants(server.databasePath, api, topic.id);
		const audit = await api.audit(topic.id);
		expect(audit.filter((entry) => entry.kind === 'paper.added').map((e) => e.payload)).toEqual([
			{ by: owner.user.id, ballots: 5, counts: { [yes]: 2, [no]: 3 }, note: 'Box 1' },
			{ by: owner.user.id, ballots: 1, counts: { [no]: 1 }, note: 'Box 2' }
		]);
		const checked = await auditVerify(`${server.url}/t/${topic.id}`);
		expect(checked.output).toContain('of which paper: 6 ballots in 2 batches');
		expect(checked.code, checked.output).toBe(0);

		const exported = await api.call('GET', `/api/topics/${topic.id}/export.json`, {
			token: owner.token
		});
		const minutes = exported.body.topics?.[0] ?? exported.body.topic ?? exported.body;
		expect(minutes).toMatchObject({
			turnout: 7,
			paperBallots: 6,
			options: [
				{ id: yes, votes: 3, paper: 2 },
				{ id: no, votes: 4, paper: 4 }
			]
		});
		const csv = await (await fetch(`${server.url}/api/topics/${topic.id}/export.csv`)).text();
		expect(csv.split('\r\n')[0]).toMatch(/,"paper_ballots","paper","proxy_ballots"$/);
		expect(csv.split('\r\n')[2]).toMatch(/,"No","ballots","4",.*,"6","4",""$/);

		// A batch changed in the database no longer matches its audit entry.
		await execute(
			server.databasePath,
			onPostgres(server.databasePath)
				? 'ALTER TABLE paper_ballots DISABLE TRIGGER USER'
				: 'DROP TRIGGER paper_ballots_no_update'
		);
		await execute(
			server.databasePath,
			'UPDATE paper_ballots SET counts = ? WHERE note = ?',
			JSON.stringify({ [yes]: 5 }),
			'Box 1'
		);
		const tampered = await auditVerify(`${server.url}/t/${topic.id}`);
		expect(tampered.code).toBe(1);
		expect(tampered.output).toMatch(/FAIL: option/);
	});

	it('refuses ranked and score topics with a clear code', async () => {
		const owner = await api.register();
		for (const kind of ['ranked', 'score']) {
			const created = await api.call('POST', '/api/topics', {
				token: owner.token,
				body: { title: 'Chair', options: ['A', 'B', 'C'], kind }
			});
			const topic = created.body.topic;
			await api.open(owner.token, topic.id);
			const refused = await api.call('POST', `/api/topics/${topic.id}/paper`, {
				token: owner.token,
				body: { counts: { [topic.options[0].id]: 1 } }
			});
			expect(refused.status).toBe(422);
			expect(refused.body.error.reason).toBe('paper-kind-unsupported');
		}
	});
});
