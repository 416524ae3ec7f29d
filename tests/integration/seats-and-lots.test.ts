/**
 * Elections with several seats (STV under the Scottish rules) and ties decided by lot, through the
 * real server: ballots from real voters, results in the topic document and the API, the lot in
 * the audit log, and `yarn audit:verify` recomputing it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashEntry, verifyChain, type AuditEntry } from '../../src/lib/core/audit-chain.ts';
import { lotOrder } from '../../src/lib/core/lot.ts';
import type { Choice } from '../../src/lib/core/poll.ts';
import { readTopic } from '../../src/lib/shared/documents.ts';
import { auditVerify } from '../helpers/audit-verify.ts';
import type { Account, TopicJson } from '../helpers/api.ts';
import { tamper } from '../helpers/database.ts';
import { createVoters } from '../helpers/factories.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();
const open: Voter[] = [];
afterEach(() => open.splice(0).forEach((voter) => voter.destroy()));

async function openTopic(host: Account, body: Record<string, unknown>): Promise<TopicJson> {
	const created = await api.call('POST', '/api/topics', { token: host.token, body });
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return api.open(host.token, created.body.topic.id);
}

async function castAll(topicId: string, choices: Choice[]) {
	const accounts = await createVoters(server.databasePath, choices.length);
	const voters = accounts.map((account) => {
		const connected = connectVoter(server.wsUrl, topicId, account);
		open.push(connected);
		return connected;
	});
	const ballots = voters.map((v, index) => v.choose(choices[index]));
	await eventually(() =>
		voters.forEach((v, index) => expect(v.answer().receipt?.ballotId).toBe(ballots[index]))
	);
	return voters;
}

const times = (n: number, ballot: string[]) => Array.from({ length: n }, () => ballot);

describe('several seats and lots', () => {
	it('counts an STV topic with 3 seats and publishes every stage, the quota and the elected', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Party food',
			kind: 'ranked',
			seats: 3,
			options: ['Oranges', 'Pears', 'Chocolate', 'Strawberries', 'Hamburgers']
		});
		expect(topic).toMatchObject({ kind: 'ranked', seats: 3 });
		const [o, p, c, s, h] = topic.options.map((option) => option.id);
		// The food election of Wikipedia's "Single transferable vote" article.
		const voters = await castAll(topic.id, [
			...times(4, [o]),
			...times(2, [p, o]),
			...times(8, [c, s]),
			...times(4, [c, h]),
			[s],
			[h]
		]);
		await api.close(host.token, topic.id);
		await eventually(() => {
			const results = readTopic(voters[0].topic.doc).results;
			expect(results).toMatchObject({ turnout: 20, seats: 3, quota: 6, elected: [c, o, s] });
			expect(results?.rounds?.map((round) => round.transfer?.from ?? null)).toEqual([null, c, p]);
		});
		const document = readTopic(voters[0].topic.doc).results;
		expect(document?.rounds?.[1]).toMatchObject({
			totals: { [s]: 5, [h]: 3 },
			transfer: { kind: 'surplus', value: 0.5 }
		});

		const published = (await api.call('GET', `/api/topics/${topic.id}/results`)).body;
		expect(published).toMatchObject({ quota: 6, elected: [c, o, s] });
		const check = verifyChain(await api.audit(topic.id));
		expect(check).toMatchObject({ ok: true, quota: 6, elected: [c, o, s] });
		const exported = await api.call('GET', `/api/topics/${topic.id}/export.json`);
		expect(exported.body.topics[0]).toMatchObject({
			seats: 3,
			quota: 6,
			outcome: { elected: ['Chocolate', 'Oranges', 'Strawberries'] }
		});
		const csv = await (await fetch(`${server.url}/api/topics/${topic.id}/export.csv`)).text();
		expect(csv).toContain('"quota","","","quota","6"');
		expect(csv).toContain('"elected","1","Chocolate","elected"');
		const verified = await auditVerify(`${server.url}/t/${topic.id}`);
		expect(verified.output).toContain(`elected: ${c}, ${o}, ${s}`);
		expect(verified.code).toBe(0);
	});

	it('leaves a ranked tie to the lot at close, records the draw, and audit:verify recomputes it', async () => {
		const host = await api.register();
		const topic = await openTopic(host, {
			title: 'Chair',
			kind: 'ranked',
			options: ['Jonas', 'Amira', 'Lena', 'Tomasz']
		});
		const [j, a, l, t] = topic.options.map((option) => option.id);
		const voters = await castAll(topic.id, [[j], [j], [a, l], [l], [t, l]]);
		// Open: nobody may know the draw yet; the tie is shown as left to the lot.
		await eventually(() => {
			const rounds = readTopic(voters[0].topic.doc).results?.rounds;
			expect(rounds?.at(-1)?.pendingLot).toEqual([a, l, t]);
		});

		await api.close(host.token, topic.id);
		const entries: AuditEntry[] = await api.audit(topic.id);
		const closing = entries.findLast((entry) => entry.kind === 'topic.closed')!;
		const lot = entries.at(-1)!;
		expect(lot.kind).toBe('count.lot');
		expect(lot.payload.seed).toBe(closing.hash);
		const order = lotOrder(closing.hash, 'round 1', [a, l, t]);
		const draws = lot.payload.draws as { label: string; tied: string[]; order: string[] }[];
		expect(draws[0]).toEqual({ label: 'round 1', tied: [a, l, t].sort(), order });
		expect(verifyChain(entries)).toMatchObject({ ok: true, lots: draws });
		await eventually(() => {
			const rounds = readTopic(voters[0].topic.doc).results?.rounds;
			expect(rounds?.[0]).toMatchObject({ lot: [a, l, t].sort(), eliminated: [order[0]] });
		});

		const clean = await auditVerify(`${server.url}/t/${topic.id}`);
		expect(clean.output).toMatch(/lot: round 1/);
		expect(clean.code).toBe(0);

		// An operator rewrites the draw and re-hashes the entry: the seed no longer gives it.
		const forged: AuditEntry = {
			...lot,
			payload: {
				...lot.payload,
				draws: [{ label: 'round 1', tied: [a, l, t].sort(), order: [...order].reverse() }]
			}
		};
		forged.hash = hashEntry(forged);
		await tamper(
			server.databasePath,
			'UPDATE audit_log SET payload = ?, hash = ? WHERE topic_id = ? AND n = ?',
			JSON.stringify(forged.payload),
			forged.hash,
			topic.id,
			lot.n
		);
		const tampered = await auditVerify(`${server.url}/t/${topic.id}`);
		expect(tampered.output).toMatch(/another draw than its seed gives/);
		expect(tampered.code).toBe(1);
	});
});
