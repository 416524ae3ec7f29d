import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTotals, verifyChain, type AuditEntry } from '../../../core/audit-chain.ts';
import { parseTopicInput } from '../../../core/topic-rules.ts';
import {
	storeContract,
	type ApartBallotRow,
	type ParticipationRow,
	type VoteRow
} from '../contract.ts';
import { identityContract } from '../identities.contract.ts';
import type { BallotInput, Stores } from '../store.ts';
import { migrationFiles } from '../sqlite/db.ts';
import { db } from '../port.ts';
import { connect, migrate, pendingMigrations } from './db.ts';
import { createPostgresStores, postgresEngine } from './index.ts';
import { createTestSchema, postgresForTests, type TestSchema } from './testing.ts';

const MIGRATIONS = fileURLToPath(
	new URL('../../../../../server/migrations/postgres', import.meta.url)
);

const available = await postgresForTests('the PostgreSQL store contract and concurrency tests');

const TABLES =
	'identities, signup_codes, meeting_audit_log, delegations, invitations, roll_entries, ' +
	'meeting_members, ' +
	'document_updates, audit_log, paper_ballots, ' +
	'ballots, participations, votes, options, sessions, topics, meetings, users';

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
	/** Stores reading the audit log so many entries at a time (`pagedStores`), opened once. */
	const paged = new Map<number, Stores>();
	afterAll(async () => {
		await raw?.end();
		await Promise.all([...paged.values()].map((other) => other.close()));
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
			async apartRows(topicId) {
				const participations = await raw<ParticipationRow[]>`
					SELECT id, user_id, roll_entry_id FROM participations WHERE topic_id = ${topicId}
					ORDER BY id`;
				const ballots = await raw<ApartBallotRow[]>`
					SELECT tracker, choice, participation_id, published FROM ballots
					WHERE topic_id = ${topicId} ORDER BY tracker COLLATE "C"`;
				return { participations: [...participations], ballots: [...ballots] };
			},
			async pagedStores(auditPageSize) {
				let other = paged.get(auditPageSize);
				if (!other) {
					const opened = createPostgresStores(schema.url, MIGRATIONS, {
						poolSize: 1,
						auditPageSize
					});
					await opened.ready;
					paged.set(auditPageSize, (other = opened.stores));
				}
				return other;
			},
			async forgeAuditEntry(entry) {
				await raw`
					INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash)
					VALUES (${entry.topicId}, ${entry.n}, ${entry.kind}, ${JSON.stringify(entry.payload)},
					  ${entry.at}, ${entry.prev}, ${entry.hash})`;
			},
			// The stores stay open for the next test; the schema goes at the end of the file.
			close: async () => {}
		};
	});

	identityContract('postgres', async () => {
		await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
		return {
			stores,
			async signupCodeRow(codeHash) {
				const [row] = await raw<{ used_at: number | null; used_by: string | null }[]>`
					SELECT used_at, used_by FROM signup_codes WHERE code_hash = ${codeHash}`;
				return {
					usedAt: row?.used_at == null ? null : Number(row.used_at),
					usedBy: row?.used_by ?? null
				};
			},
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

		it('rolls back a transaction whose write sent ahead failed, and fails with that write’s error', async () => {
			await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
			const sql = connect(schema.url, 1);
			const engine = postgresEngine(sql, MIGRATIONS, Promise.resolve());
			const vote = {
				topicId: 'no-such-topic',
				userId: 'u',
				choice: [],
				ballotId: 'b',
				tracker: 'k',
				createdAt: 1
			};
			try {
				// The update is sent, then the vote (refused by its foreign key), then the read,
				// which PostgreSQL refuses as the transaction is aborted: the vote's error is told.
				await expect(
					engine.write(function* () {
						yield* db.appendDocumentUpdate('topic/x', new Uint8Array([1]));
						yield* db.insertVote(vote, null, '[]', null);
						return yield* db.documentUpdates('topic/x');
					})
				).rejects.toMatchObject({ code: '23503' });
				expect(await engine.read(() => db.documentUpdates('topic/x'))).toEqual([]);
				// The one connection is free and clean for the next transaction.
				const stored = await engine.write(function* () {
					yield* db.appendDocumentUpdate('topic/x', new Uint8Array([2]));
					yield* db.appendDocumentUpdate('topic/x', new Uint8Array([3]));
					return yield* db.documentUpdates('topic/x');
				});
				expect(stored.map((update) => [...update])).toEqual([[2], [3]]);
			} finally {
				await sql.end();
			}
		});

		it('stores a batch of secret ballots in neither the order cast nor an order pairing voter and ballot', async () => {
			await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
			const owner = (await stores.users.create('batch-owner', 'h', 1))!;
			const parsed = parseTopicInput({ title: 'Chair', options: ['Ann', 'Ben'] });
			if (!parsed.ok) throw new Error(parsed.message);
			const topic = await stores.topics.create(owner.id, parsed.value, 1);
			await stores.topics.changeStatus(topic.id, owner.id, 'open', 2);
			const [ann, ben] = topic.options.map((o) => o.id);
			const voters = await Promise.all(
				Array.from({ length: 40 }, (_, i) => stores.users.create(`batch-voter-${i}`, 'h', 1))
			);
			const outcomes = await stores.votes.castMany(
				voters.map((voter, i) => ({
					topicId: topic.id,
					userId: voter!.id,
					request: { ballotId: `batch-ballot-${i}`, choice: [i % 3 ? ann : ben] }
				})),
				3
			);
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
			// Where the rows lie in the tables (ctid): each table in the order of its random keys.
			const ballots = await raw<{ tracker: string }[]>`
				SELECT tracker FROM ballots WHERE topic_id = ${topic.id} ORDER BY ctid`;
			const participations = await raw<{ id: string; user_id: string }[]>`
				SELECT id, user_id FROM participations WHERE topic_id = ${topic.id} ORDER BY ctid`;
			const trackers = ballots.map((row) => row.tracker);
			const ids = participations.map((row) => row.id);
			expect(trackers).toHaveLength(40);
			expect(trackers).toEqual([...trackers].sort());
			expect(ids).toEqual([...ids].sort());
			// The casting order shows in neither.
			const cast = outcomes.map((outcome) => (outcome.ok ? outcome.vote.tracker : ''));
			expect(trackers).not.toEqual(cast);
			expect(participations.map((row) => row.user_id)).not.toEqual(voters.map((v) => v!.id));
			// The log numbers every ballot in the order counted, one entry each.
			const audit = await stores.votes.audit(topic.id);
			expect(audit.map((entry) => entry.n)).toEqual(audit.map((_, index) => index + 1));
			expect(audit.filter((entry) => entry.kind === 'ballot.cast')).toHaveLength(40);
			expect((await stores.votes.results(topic.id))!.turnout).toBe(40);
		});

		it('stores gathered inserts’ text as it was given, quotes, backslashes and all', async () => {
			await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
			await raw`INSERT INTO users (id, username, password_hash, created_at) VALUES ('u', 'u', 'h', 1)`;
			await raw`INSERT INTO topics (id, owner_id, title, created_at) VALUES ('t', 'u', 'T', 1)`;
			const engine = postgresEngine(connect(schema.url, 1), MIGRATIONS, Promise.resolve());
			const hostile = `{"a":"\\"'\\\\ ü 🗳 \\u2028 ${'x'.repeat(2000)}"}`;
			const payload = { note: `" ' \\ ü 🗳 \u2028 \t ${'y'.repeat(500)}` };
			const entry: AuditEntry = {
				topicId: 't',
				n: 1,
				kind: 'topic.opened',
				payload,
				at: 1_700_000_000_123,
				prev: '0',
				hash: 'h'
			};
			try {
				await engine.write(function* () {
					yield* db.insertParticipation({ id: 'p', topicId: 't', userId: 'u', rollEntryId: null });
					yield* db.insertBallot({
						tracker: `k'"\\`,
						topicId: 't',
						optionId: null,
						choice: hostile,
						weight: 9_007_199_254_740_991,
						participationId: 'p',
						published: true
					});
					yield* db.insertAudit(entry);
				});
				const [ballot] = await raw`SELECT * FROM ballots`;
				expect(ballot).toMatchObject({
					tracker: `k'"\\`,
					choice: hostile,
					weight: '9007199254740991',
					participation_id: 'p',
					published: 1
				});
				const entries = await engine.read(() => db.auditEntries('t'));
				expect(entries).toEqual([entry]);
			} finally {
				await engine.close();
			}
		});

		it('keeps the roll audit log append-only, ballots unique per roll entry, and takes door helpers', async () => {
			await raw.unsafe(`TRUNCATE ${TABLES} RESTART IDENTITY`);
			await raw`INSERT INTO users (id, username, password_hash, created_at) VALUES ('u', 'u', 'h', 1), ('v', 'v', 'h', 1)`;
			await raw`INSERT INTO meetings (id, owner_id, title, code, created_at) VALUES ('m', 'u', 'M', 'C', 1)`;
			await raw`
				INSERT INTO meeting_audit_log (meeting_id, n, kind, payload, created_at, prev_hash, hash)
				VALUES ('m', 1, 'roll.added', '{}', 1, 'p', 'h')`;
			await expect(raw`UPDATE meeting_audit_log SET kind = 'x'`).rejects.toThrow(/append-only/);
			await expect(raw`DELETE FROM meeting_audit_log`).rejects.toThrow(/append-only/);
			await expect(raw`
				INSERT INTO meeting_audit_log (meeting_id, n, kind, payload, created_at, prev_hash, hash)
				VALUES ('m', 1, 'roll.added', '{}', 2, 'p', 'h2')`).rejects.toThrow(/unique/);

			await raw`INSERT INTO meeting_members (meeting_id, user_id, role, added_at) VALUES ('m', 'v', 'door', 1)`;
			await expect(
				raw`UPDATE meeting_members SET role = 'chair' WHERE user_id = 'v'`
			).rejects.toThrow(/check/);

			await raw`INSERT INTO topics (id, owner_id, title, created_at, meeting_id) VALUES ('t', 'u', 'T', 1, 'm')`;
			await raw`INSERT INTO options (id, topic_id, label, position) VALUES ('o', 't', 'O', 0)`;
			await raw`INSERT INTO roll_entries (id, meeting_id, name, added_version) VALUES ('e', 'm', 'Ann', 1)`;
			await raw`
				INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at, roll_entry_id)
				VALUES ('t', 'u', 'o', '["o"]', 'b1', 'T1', 2, 'e')`;
			await expect(raw`
				INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at, roll_entry_id)
				VALUES ('t', 'v', 'o', '["o"]', 'b2', 'T2', 3, 'e')`).rejects.toThrow(/unique/);
		});

		it('applies migrations once when two instances start together', async () => {
			const fresh = await createTestSchema();
			const pools = [0, 1].map(() => postgres(fresh.url, { max: 1, onnotice: () => {} }));
			try {
				const ran = await Promise.all(pools.map((sql) => migrate(sql, MIGRATIONS)));
				expect(ran.map((files) => files.length).sort()).toEqual([
					0,
					migrationFiles(MIGRATIONS).length
				]);
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
			// A secret topic (the default): 60 ballots cast, 60 changes, 60 ballots published.
			expect(audit.filter((e) => e.kind === 'ballot.cast' && !e.payload.change)).toHaveLength(60);
			expect(audit.filter((e) => e.kind === 'ballot.published')).toHaveLength(60);
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

		/** A roll meeting with `count` members, made on the first instance. */
		async function rollMeeting(count: number) {
			const host = await account();
			const meeting = await stores.meetings.create(host.id, 'AGM', 1);
			await stores.meetings.setAccess(meeting.id, host.id, 'roll');
			const rows = Array.from({ length: count }, (_, i) => ({
				line: i + 1,
				raw: { name: `M${i}` }
			}));
			const added = await stores.roll.add(meeting.id, host.id, rows, 2);
			if (!added.ok) throw new Error(added.message);
			return { host, meeting, entries: added.entries };
		}

		it('keeps one linear roll chain when two instances change one roll at once', async () => {
			const { host, meeting, entries } = await rollMeeting(10);
			const changes = await Promise.all([
				...Array.from({ length: 10 }, (_, i) =>
					(i % 2 ? stores : other).roll.add(
						meeting.id,
						host.id,
						[{ line: 1, raw: { name: `Late ${i}`, memberNumber: `L${i}` } }],
						3
					)
				),
				...entries.map((entry, i) =>
					(i % 2 ? other : stores).roll.checkIn(meeting.id, host.id, entry.id, true, 3)
				)
			]);
			expect(changes.every((change) => change.ok)).toBe(true);
			const chain = await other.roll.audit(meeting.id);
			expect(verifyChain(chain)).toMatchObject({ ok: true, entries: 21 });
			expect(chain.map((entry) => entry.n)).toEqual(chain.map((_, index) => index + 1));
			const versions = chain
				.filter((entry) => entry.kind === 'roll.added')
				.map((entry) => entry.payload.version);
			expect(versions).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
			expect(await stores.roll.current(meeting.id)).toEqual({
				eligible: 20,
				checkedIn: 10,
				rollVersion: 11
			});
		});

		it('binds one of two people redeeming one invitation on two instances at once', async () => {
			for (let round = 0; round < 5; round++) {
				const { host, meeting, entries } = await rollMeeting(1);
				const hash = `pg-two-${round}`;
				await stores.roll.issue(
					meeting.id,
					host.id,
					[{ entryId: entries[0].id, codeHash: hash }],
					3
				);
				const [a, b] = await Promise.all([account(), account()]);
				const outcomes = await Promise.all([
					stores.roll.redeem(hash, a.id, 4),
					other.roll.redeem(hash, b.id, 4)
				]);
				expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
				expect(outcomes.find((o) => !o.ok)).toMatchObject({ code: 'invitation-used' });
				const bound = await Promise.all([a, b].map((u) => other.roll.binding(meeting.id, u.id)));
				expect(bound.filter(Boolean)).toHaveLength(1);
				const chain = await stores.roll.audit(meeting.id);
				expect(chain.filter((e) => e.kind === 'invitation.redeemed')).toHaveLength(1);
			}
		});

		it('records the roll a topic opens with from one moment while another instance changes it', async () => {
			for (let round = 0; round < 5; round++) {
				const { host, meeting } = await rollMeeting(3);
				const change = await stores.meetings.addTopic(meeting.id, host.id, input(), 3);
				if (!change.ok) throw new Error(change.message);
				const [topic] = change.agenda;
				await Promise.all([
					...Array.from({ length: 4 }, (_, i) =>
						other.roll.add(meeting.id, host.id, [{ line: 1, raw: { name: `N${i}` } }], 4)
					),
					stores.topics.changeStatus(topic.id, host.id, 'open', 4)
				]);
				const opened = (await stores.topics.get(topic.id))!;
				// Version v of this roll holds 3 members at version 1, and one more with each later one.
				expect(opened.eligible).toBe(3 + (opened.rollVersion! - 1));
			}
		});

		it('gives one account to a person signing in for the first time on two instances at once', async () => {
			for (let round = 0; round < 5; round++) {
				const claims = {
					issuer: 'https://id.example.org',
					subject: `pg-two-${round}`,
					username: `first${round}`,
					groups: []
				};
				const both = await Promise.all([
					stores.identities.signIn(claims, 10),
					other.identities.signIn(claims, 10)
				]);
				expect(both.map((b) => b.created).sort()).toEqual([false, true]);
				expect(both[0].user).toEqual(both[1].user);
				expect(await other.users.findByUsername(`first${round}-2`)).toBeNull();
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
