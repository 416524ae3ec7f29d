import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTopic } from '../../src/lib/shared/documents.ts';
import { auditVerify } from '../helpers/audit-verify.ts';
import { inviteAll, redeem, rollMeeting } from '../helpers/roll.ts';
import { tempDir } from '../helpers/temp.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();

describe('weighted votes', () => {
	it('count each member’s weight beside heads in results, the topic document, exports and the audit replay', async () => {
		// Three owners holding 0.5, 0.25 and 0.25 (a German spreadsheet: semicolons, decimal commas).
		const { host, meeting, topic } = await rollMeeting(
			api,
			server.url,
			'Name;Mitgliedsnummer;Gewicht\nAnn;1;0,5\nBen;2;0,25\nCy;3;0.25\n'
		);
		const roll = await api.call('GET', `/api/meetings/${meeting.id}/roll`, { token: host.token });
		expect(roll.body.members.map((m: { weight: string }) => m.weight)).toEqual([
			'0.5',
			'0.25',
			'0.25'
		]);
		// A Yes/No motion under simple majority with a quorum of weight 1 (everyone).
		const quorum = await api.call('PATCH', `/api/topics/${topic.id}`, {
			token: host.token,
			body: { quorum: 1 }
		});
		expect(quorum.status).toBe(200);
		const on = await api.call('PUT', `/api/meetings/${meeting.id}/weighted`, {
			token: host.token,
			body: { weighted: true }
		});
		expect(on.status).toBe(200);
		const invitations = await inviteAll(api, host, meeting.id);
		await api.open(host.token, topic.id);

		// Weights stay put while a weighted topic is open.
		const locked = await api.call(
			'PATCH',
			`/api/meetings/${meeting.id}/roll/${invitations[0].entry.id}`,
			{ token: host.token, body: { name: 'Ann', weight: '3' } }
		);
		expect(locked.status).toBe(422);
		expect(locked.body.error.reason).toBe('roll-weight-locked');

		const [yes, no] = topic.options.map((option) => option.id);
		const voters: Voter[] = [];
		for (const invitation of invitations) {
			const redeemed = await redeem(api, invitation.code);
			expect(redeemed.status).toBe(200);
			const voter = connectVoter(server.wsUrl, topic.id, redeemed.body);
			// Ann (0.5) says Yes; Ben and Cy (0.25 each) say No: two heads to one, weight level.
			const ballotId = voter.vote(invitation.entry.name === 'Ann' ? yes : no);
			await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(ballotId));
			voters.push(voter);
		}
		await eventually(() => {
			const seen = readTopic(voters[0].topic.doc);
			expect(seen.results?.weight).toEqual({
				totals: { [yes]: '0.5', [no]: '0.5' },
				turnout: '1'
			});
			expect(seen.electorate).toMatchObject({ eligible: 3, eligibleWeight: '1' });
		});
		await api.close(host.token, topic.id);

		const results = await api.call('GET', `/api/topics/${topic.id}/results`);
		expect(results.body).toMatchObject({
			turnout: 3,
			totals: { [yes]: 1, [no]: 2 },
			weight: { totals: { [yes]: '0.5', [no]: '0.5' }, turnout: '1' },
			electorate: { eligible: 3, eligibleWeight: '1' }
		});

		const exported = await api.call('GET', `/api/meetings/${meeting.id}/export.json`, {
			token: host.token
		});
		expect(exported.body.topics[0]).toMatchObject({
			turnout: 3,
			weightCast: '1',
			eligibleWeight: '1',
			options: [
				{ votes: 1, weight: '0.5' },
				{ votes: 2, weight: '0.5' }
			],
			// Two heads say No, but on weight it is a tie: no winner.
			outcome: { result: 'tie', winner: null, quorumMet: true }
		});
		const csv = (
			await (await fetch(`${server.url}/api/meetings/${meeting.id}/export.csv`)).text()
		).split('\r\n');
		expect(csv[0]).toMatch(
			/"weight_cast","eligible_weight","weight","paper_ballots","paper","proxy_ballots"$/
		);
		expect(csv[1]).toMatch(/,"1","1","0.5","0","0",""$/);
		expect(csv[2]).toMatch(/,"1","1","0.5","0","0",""$/);

		// The audit log alone reproduces the weighted totals, and they match the published ones.
		const checked = await auditVerify(`${server.url}/t/${topic.id}`);
		expect(checked.output).toContain('replayed weight:');
		expect(checked.output).toContain('OK');
		expect(checked.code).toBe(0);
		// Results claiming another weight than the log's are caught.
		const audit = await (await fetch(`${server.url}/api/topics/${topic.id}/audit`)).text();
		const dir = tempDir('weights');
		writeFileSync(join(dir, 'audit.jsonl'), audit);
		const claimed = { ...results.body, weight: { ...results.body.weight, turnout: '1.5' } };
		writeFileSync(join(dir, 'results.json'), JSON.stringify(claimed));
		const forged = await auditVerify(
			join(dir, 'audit.jsonl'),
			'--results',
			join(dir, 'results.json')
		);
		expect(forged.code).toBe(1);
		expect(forged.output).toContain('weight cast: the log weighs 1, the results say 1.5');
		voters.forEach((voter) => voter.destroy());
	});
});
