import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTotals, verifyChain } from '../../../core/audit-chain.ts';
import { parseTopicInput } from '../../../core/topic-rules.ts';
import { storeContract, type VoteRow } from '../contract.ts';
import type { BallotInput, Stores } from '../store.ts';
import { migrate, pendingMigrations } from './db.ts';
import { createPostgresStores } from './index.ts';
import { createTestSchema, postgresForTests, type TestSchema } from './testing.ts';

const MIGRATIONS = fileURLToPath(
	new URL('../../../../../server/migrations/postgres', import.meta.url)
);

const available = await postgresForTests('the PostgreSQL store contract and concurrency tests');

const TABLES =
	'meeting_members, document_updates, audit_log, votes, options, sessions, topics, meetings, users';

describe.skipIf(!available)('postgres', () => {
	let schema: TestSchema;
	let stores: Stores;
	let raw: postgres.Sql;
	beforeAll(async () => {
		schema = await createTestSchema();
		const opened = createPostgresStores(schema.url, MIGRATIONS, { poolSize: 4 });
		await opened.ready;
		stores = opened.stores;
		raw = postgres(schema.url, { max: 1, onnotice: () => {} });
	});
	afterAll(async () => {
		await raw?.end();
		await stores?.close();
		await schema?.drop();
	});

	storeContract('postgres', async () => {
		await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
		return {
			stores,
			async voteRow(topicId, userId) {
				const [row] = await raw<VoteRow[]>`
					SELECT option_id, choice, ballot_id, tracker FROM votes
					WHERE topic_id = ${topicId} AND user_id = ${userId}`;
				return row;
			},
			async voteCount(topicId) {
				const [{ count }] = await raw<
					{ count: string }[]
				>`SELECT COUNT(*) AS count FROM votes WHERE topic_id = ${topicId}`;
				return Number(count);
			},
			// The stores stay open for the next test; the schema goes at the end of the file.
			close: async () => {}
		};
	});

	describe('postgres database', () => {
		it('keeps the audit log append-only and one vote per topic and user', async () => {
			await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
			await raw`INSERT INTO users (id, username, password_hash, created_at) VALUES ('u', 'u', 'h', 1)`;
			await raw`INSERT INTO topics (id, owner_id, title, created_at) VALUES ('t', 'u', 'T', 1)`;
			await raw`INSERT INTO options (id, topic_id, label, position) VALUES ('o', 't', 'O', 0)`;
			await raw`
				INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash)
				VALUES ('t', 1, 'topic.opened', '{}', 1, 'p', 'h')`;
			await expect(raw`UPDATE audit_log SET kind = 'x'`).rejects.toThrow(/append-only/);
			await expect(raw`DELETE FROM audit_log`).rejects.toThrow(/append-only/);
			await raw`
				INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at)
				VALUES ('t', 'u', 'o', '["o"]', 'b1', 'T1', 2)`;
			await expect(raw`
				INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at)
				VALUES ('t', 'u', 'o', '["o"]', 'b2', 'T2', 3)`).rejects.toThrow(/unique/);
		});

		it('applies migrations once when two instances start together', async () => {
			const fresh = await createTestSchema();
			const pools = [0, 1].map(() => postgres(fresh.url, { max: 1, onnotice: () => {} }));
			try {
				const ran = await Promise.all(pools.map((sql) => migrate(sql, MIGRATIONS)));
				expect(ran.map((files) => files.length).sort()).toEqual([0, 10]);
				expect(ran.flat()[0]).toBe('0001_init.sql');
				expect(await pendingMigrations(pools[0], MIGRATIONS)).toEqual([]);
				expect(await migrate(pools[1], MIGRATIONS)).toEqual([]);
			} finally {
				await Promise.all(pools.map((sql) => sql.end()));
				await fresh.drop();
			}
		});
	});

	describe('postgres with two instances', () => {
		/** A second instance: its own pool on the same schema. */
		let other: Stores;
		beforeAll(async () => {
			const opened = createPostgresStores(schema.url, MIGRATIONS, { poolSize: 4 });
			await opened.ready;
			other = opened.stores;
		});
		afterAll(() => other?.close());

		const input = (raw: Record<string, unknown> = {}) => {
			const result = parseTopicInput({ title: 'T', options: ['A', 'B'], ...raw });
			if (!result.ok) throw new Error(result.message);
			return result.value;
		};
		let names = 0;
		const account = async () => (await stores.users.create(`two${++names}`, 'h', 1))!;
		async function openTopic(raw: Record<string, unknown> = {}) {
			const owner = await account();
			const topic = await stores.topics.create(owner.id, input(raw), 1);
			await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
			return { owner, topic };
		}
		async function expectOneChain(topicId: string) {
			const results = (await stores.votes.results(topicId))!;
			const audit = await other.votes.audit(topicId);
			const check = verifyChain(audit);
			expect(check.ok).toBe(true);
			if (check.ok) expect(compareTotals(check, results)).toEqual([]);
			expect(audit.map((entry) => entry.n)).toEqual(audit.map((_, index) => index + 1));
			return { results, audit };
		}

		it('counts one of two ballots cast for the same voter at the same moment on two instances', async () => {
			for (let round = 0; round < 10; round++) {
				const { topic } = await openTopic();
				const voter = await account();
				const [a, b] = topic.options.map((o) => o.id);
				const outcomes = await Promise.all([
					stores.votes.castMany(
						[
							{
								topicId: topic.id,
								userId: voter.id,
								request: { ballotId: `ballot-a${round}`, choice: [a] }
							}
						],
						3
					),
					other.votes.castMany(
						[
							{
								topicId: topic.id,
								userId: voter.id,
								request: { ballotId: `ballot-b${round}`, choice: [b] }
							}
						],
						3
					)
				]);
				const flat = outcomes.flat();
				expect(flat.filter((o) => o.ok)).toHaveLength(1);
				expect(flat.find((o) => !o.ok)).toMatchObject({ reason: 'already-voted' });
				const { results } = await expectOneChain(topic.id);
				expect(results.turnout).toBe(1);
			}
		});

		it('keeps one linear audit chain when two instances write one topic at once', async () => {
			const { owner, topic } = await openTopic({ allowChange: true });
			const [a, b] = topic.options.map((o) => o.id);
			const voters = await Promise.all(Array.from({ length: 60 }, () => account()));
			const ballot = (index: number, round: number): BallotInput => ({
				topicId: topic.id,
				userId: voters[index].id,
				request: { ballotId: `ballot-${index}-${round}`, choice: [(index + round) % 2 ? a : b] }
			});
			// Batches of different sizes from both instances, each voter voting then changing it.
			const batches: Promise<unknown>[] = [];
			for (let round = 0; round < 2; round++) {
				for (let start = 0; start < voters.length; start += 6) {
					const slice = Array.from({ length: 6 }, (_, k) => ballot(start + k, round));
					const [first, second] = [slice.slice(0, 2), slice.slice(2)];
					batches.push(stores.votes.castMany(first, 10 + round));
					batches.push(other.votes.castMany(second, 10 + round));
				}
			}
			await Promise.all(batches);
			await other.topics.changeStatus(topic.id, owner.id, 'close', 20);
			const { results, audit } = await expectOneChain(topic.id);
			expect(results.turnout).toBe(60);
			expect(audit.filter((e) => e.kind === 'vote.accepted')).toHaveLength(60);
			expect(audit.at(-1)?.kind).toBe('topic.closed');
		});

		it('takes batches of two topics in either order on two instances without a deadlock', async () => {
			const first = await openTopic();
			const second = await openTopic();
			const voters = await Promise.all(Array.from({ length: 20 }, () => account()));
			const both = (index: number, order: 'ab' | 'ba'): BallotInput[] => {
				const ballots = [first, second].map(({ topic }) => ({
					topicId: topic.id,
					userId: voters[index].id,
					request: { ballotId: `ballot-${index}-${topic.id}`, choice: [topic.options[0].id] }
				}));
				return order === 'ab' ? ballots : ballots.reverse();
			};
			const outcomes = await Promise.all(
				voters.map((_, index) =>
					(index % 2 ? stores : other).votes.castMany(both(index, index % 4 < 2 ? 'ab' : 'ba'), 5)
				)
			);
			expect(outcomes.flat().every((o) => o.ok)).toBe(true);
			for (const { topic } of [first, second]) {
				expect((await expectOneChain(topic.id)).results.turnout).toBe(20);
			}
		});

		it('closes a topic once when the timers of two instances fire together', async () => {
			const { owner, topic } = await openTopic();
			const outcomes = await Promise.all([
				stores.topics.changeStatus(topic.id, owner.id, 'close', 9),
				other.topics.changeStatus(topic.id, owner.id, 'close', 9)
			]);
			expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
			const { audit } = await expectOneChain(topic.id);
			expect(audit.filter((e) => e.kind === 'topic.closed')).toHaveLength(1);
		});
	});
});
