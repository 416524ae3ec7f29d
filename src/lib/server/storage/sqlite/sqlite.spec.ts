import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../core/audit-chain.ts';
import type { Stores } from '../store.ts';
import { migrate } from './db.ts';
import { createSqliteStores } from './index.ts';

const MIGRATIONS = fileURLToPath(
	new URL('../../../../../server/migrations/sqlite', import.meta.url)
);

let stores: Stores;
beforeEach(() => {
	stores = createSqliteStores(':memory:', MIGRATIONS);
});
afterEach(() => stores.close());

const RULES = { hideResults: false, majority: 'simple', quorum: 0 } as const;

const cast = async (
	topicId: string,
	userId: string,
	ballotId: string,
	optionId: string,
	now: number
) => (await stores.votes.castMany([{ topicId, userId, request: { ballotId, optionId } }], now))[0];

async function openTopic(labels = ['Yes', 'No']) {
	const owner = (await stores.users.create('owner', 'hash', 1))!;
	const topic = await stores.topics.create(
		owner.id,
		{ title: 'T', description: '', options: labels, lateGraceSeconds: 0, ...RULES },
		1
	);
	await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
	return { owner, topic };
}

describe('sqlite stores', () => {
	it('refuses a taken username without throwing', async () => {
		expect(await stores.users.create('ann', 'h', 1)).toMatchObject({ username: 'ann' });
		expect(await stores.users.create('ann', 'h', 2)).toBeNull();
	});

	it('counts one vote per user and topic, writing vote and audit entry together', async () => {
		const { topic } = await openTopic();
		const voter = (await stores.users.create('voter', 'h', 1))!;
		const [yes, no] = topic.options;
		const first = await cast(topic.id, voter.id, 'ballot-0001', yes.id, 3);
		expect(first).toMatchObject({ ok: true, duplicate: false });
		const again = await cast(topic.id, voter.id, 'ballot-0001', yes.id, 4);
		expect(again).toMatchObject({ ok: true, duplicate: true });
		const second = await cast(topic.id, voter.id, 'ballot-0002', no.id, 5);
		expect(second).toMatchObject({ ok: false, reason: 'already-voted', repeated: false });
		const repeated = await cast(topic.id, voter.id, 'ballot-0002', no.id, 6);
		expect(repeated).toMatchObject({ ok: false, repeated: true });

		expect(await stores.votes.results(topic.id)).toEqual({
			status: 'open',
			turnout: 1,
			totals: { [yes.id]: 1, [no.id]: 0 }
		});
		const audit = await stores.votes.audit(topic.id);
		expect(audit.map((entry) => entry.kind)).toEqual([
			'topic.opened',
			'vote.accepted',
			'vote.refused'
		]);
		const check = verifyChain(audit);
		expect(check.ok && check.totals).toEqual({ [yes.id]: 1 });
	});

	it('decides a batch in order within one transaction', async () => {
		const { topic } = await openTopic();
		const voter = (await stores.users.create('voter', 'h', 1))!;
		const [yes, no] = topic.options;
		const outcomes = await stores.votes.castMany(
			[
				{
					topicId: topic.id,
					userId: voter.id,
					request: { ballotId: 'ballot-000a', optionId: no.id }
				},
				{
					topicId: topic.id,
					userId: voter.id,
					request: { ballotId: 'ballot-000b', optionId: yes.id }
				},
				{
					topicId: 'nope',
					userId: voter.id,
					request: { ballotId: 'ballot-000c', optionId: yes.id }
				}
			],
			3
		);
		expect(outcomes.map((o) => (o.ok ? 'ok' : o.reason))).toEqual([
			'ok',
			'already-voted',
			'unknown-topic'
		]);
		expect((await stores.votes.results(topic.id))?.totals).toEqual({ [yes.id]: 0, [no.id]: 1 });
	});

	it('keeps the audit log append-only', async () => {
		const db = new Database(':memory:');
		migrate(db, MIGRATIONS);
		db.prepare("INSERT INTO users VALUES ('u', 'u', 'h', 1)").run();
		db.prepare(
			"INSERT INTO topics (id, owner_id, title, created_at) VALUES ('t', 'u', 'T', 1)"
		).run();
		db.prepare(
			"INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash) VALUES ('t', 1, 'topic.opened', '{}', 1, 'p', 'h')"
		).run();
		expect(() => db.prepare("UPDATE audit_log SET kind = 'x'").run()).toThrow(/append-only/);
		expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
		db.close();
	});

	it('rejects a vote row whose option belongs to another topic', async () => {
		const { topic } = await openTopic();
		const owner = (await stores.users.create('owner2', 'h', 1))!;
		const foreign = await stores.topics.create(
			owner.id,
			{ title: 'U', description: '', options: ['A', 'B'], lateGraceSeconds: 0, ...RULES },
			1
		);
		const voter = (await stores.users.create('voter', 'h', 1))!;
		const outcome = await cast(topic.id, voter.id, 'ballot-0001', foreign.options[0].id, 3);
		expect(outcome).toMatchObject({ ok: false, reason: 'unknown-option' });
		expect((await stores.votes.results(topic.id))?.turnout).toBe(0);
	});

	it('applies each migration once', () => {
		const db = new Database(':memory:');
		expect(migrate(db, MIGRATIONS)).toEqual([
			'0001_init.sql',
			'0002_late_ballots.sql',
			'0003_meetings.sql',
			'0004_result_rules.sql',
			'0005_timers.sql'
		]);
		expect(migrate(db, MIGRATIONS)).toEqual([]);
		db.close();
	});

	it('stores and compacts document updates', async () => {
		await stores.documents.append('topic/x', new Uint8Array([1]));
		await stores.documents.append('topic/x', new Uint8Array([2]));
		expect(await stores.documents.load('topic/x')).toEqual([
			new Uint8Array([1]),
			new Uint8Array([2])
		]);
		await stores.documents.compact('topic/x', new Uint8Array([3]));
		expect(await stores.documents.load('topic/x')).toEqual([new Uint8Array([3])]);
	});
});
