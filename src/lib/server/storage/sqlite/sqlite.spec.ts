import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
	compareTotals,
	nextEntry,
	verifyChain,
	type AuditEntry,
	type AuditKind
} from '../../../core/audit-chain.ts';
import { parseTopicInput } from '../../../core/topic-rules.ts';
import {
	storeContract,
	type ApartBallotRow,
	type ParticipationRow,
	type VoteRow
} from '../contract.ts';
import { migrate, openDatabase, PAGE_CACHE_KIB, preparer } from './db.ts';
import { createSqliteStores, sqliteStores } from './index.ts';
import { sqlitePort } from './port.ts';

const MIGRATIONS = fileURLToPath(
	new URL('../../../../../server/migrations/sqlite', import.meta.url)
);

storeContract('sqlite', async () => {
	const db = openDatabase(':memory:');
	migrate(db, MIGRATIONS);
	const stores = sqliteStores(db, MIGRATIONS);
	return {
		stores,
		voteRow: async (topicId, userId) =>
			db
				.prepare(
					'SELECT option_id, choice, ballot_id, tracker FROM votes WHERE topic_id = ? AND user_id = ?'
				)
				.get(topicId, userId) as VoteRow | undefined,
		voteCount: async (topicId) =>
			db.prepare('SELECT COUNT(*) FROM votes WHERE topic_id = ?').pluck().get(topicId) as number,
		apartRows: async (topicId) => ({
			participations: db
				.prepare(
					'SELECT id, user_id, roll_entry_id FROM participations WHERE topic_id = ? ORDER BY id'
				)
				.all(topicId) as ParticipationRow[],
			ballots: db
				.prepare(
					`SELECT tracker, choice, participation_id, published FROM ballots
					 WHERE topic_id = ? ORDER BY tracker`
				)
				.all(topicId) as ApartBallotRow[]
		}),
		pagedStores: async (auditPageSize) =>
			sqliteStores(db, MIGRATIONS, undefined, { auditPageSize }),
		async forgeAuditEntry(entry) {
			db.prepare(
				`INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash)
				 VALUES (?, ?, ?, ?, ?, ?, ?)`
			).run(
				entry.topicId,
				entry.n,
				entry.kind,
				JSON.stringify(entry.payload),
				entry.at,
				entry.prev,
				entry.hash
			);
		},
		close: () => stores.close()
	};
});

const input = () => {
	const result = parseTopicInput({ title: 'T', options: ['Yes', 'No'] });
	if (!result.ok) throw new Error(result.message);
	return result.value;
};

describe('sqlite database', () => {
	it('wires every store over one file with createSqliteStores', async () => {
		const own = createSqliteStores(':memory:', MIGRATIONS);
		try {
			const owner = (await own.users.create('owner', 'h', 1))!;
			const topic = await own.topics.create(owner.id, input(), 1);
			expect(await own.topics.get(topic.id)).toMatchObject({ kind: 'single', secret: true });
		} finally {
			own.close();
		}
	});

	it('holds the page cache to 2 MB, not the 16 MB better-sqlite3 sets by default', () => {
		expect(new Database(':memory:').pragma('cache_size', { simple: true })).toBe(-16000);
		const db = openDatabase(':memory:');
		expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
		expect(PAGE_CACHE_KIB).toBe(2000);
		db.close();
	});

	it('keeps the audit log append-only', async () => {
		const raw = new Database(':memory:');
		migrate(raw, MIGRATIONS);
		raw
			.prepare(
				"INSERT INTO users (id, username, password_hash, created_at) VALUES ('u', 'u', 'h', 1)"
			)
			.run();
		raw
			.prepare("INSERT INTO topics (id, owner_id, title, created_at) VALUES ('t', 'u', 'T', 1)")
			.run();
		raw
			.prepare(
				"INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash) VALUES ('t', 1, 'topic.opened', '{}', 1, 'p', 'h')"
			)
			.run();
		expect(() => raw.prepare("UPDATE audit_log SET kind = 'x'").run()).toThrow(/append-only/);
		expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
		raw.close();
	});

	it('applies each migration once', () => {
		const raw = new Database(':memory:');
		expect(migrate(raw, MIGRATIONS)).toEqual([
			'0001_init.sql',
			'0002_late_ballots.sql',
			'0003_meetings.sql',
			'0004_result_rules.sql',
			'0005_timers.sql',
			'0006_poll_types_roles_guests.sql',
			'0007_no_ballot_history.sql',
			'0008_voter_results_and_minutes.sql',
			'0009_meeting_end.sql',
			'0010_seats.sql',
			'0011_roll.sql',
			'0012_identities_signup_codes.sql',
			'0013_roll_group.sql',
			'0014_weights.sql',
			'0015_paper.sql',
			'0016_proxies.sql',
			'0017_ballots_apart.sql',
			'0018_room_fences.sql',
			'0019_choice_groups.sql'
		]);
		expect(migrate(raw, MIGRATIONS)).toEqual([]);
		raw.close();
	});

	it('drops the history of ballot documents and keeps that of topic documents (0007)', () => {
		const dir = mkdtempSync(join(tmpdir(), 'plenum-0007-'));
		try {
			const before = join(dir, 'migrations');
			mkdirSync(before);
			for (const file of readdirSync(MIGRATIONS).filter((f) => f < '0007')) {
				copyFileSync(join(MIGRATIONS, file), join(before, file));
			}
			const old = new Database(':memory:');
			migrate(old, before);
			const insert = old.prepare('INSERT INTO document_updates (name, data) VALUES (?, ?)');
			insert.run('topic/t1', Buffer.from([1]));
			insert.run('ballot/t1/u1', Buffer.from([2]));
			expect(migrate(old, MIGRATIONS)[0]).toBe('0007_no_ballot_history.sql');
			expect(old.prepare('SELECT name FROM document_updates').pluck().all()).toEqual(['topic/t1']);
			old.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('statements', () => {
	it('bind every value unchanged through `+?`', () => {
		const db = openDatabase(':memory:');
		const prepare = preparer(db);
		for (const value of ['t1', 42, 2.5, 9007199254740993n, null, Buffer.from([0, 1, 2])]) {
			const big = typeof value === 'bigint';
			const fixed = prepare('SELECT ? AS v, typeof(?) AS t').safeIntegers(big);
			const bare = db.prepare('SELECT ? AS v, typeof(?) AS t').safeIntegers(big);
			expect(fixed.get(value, value)).toEqual(bare.get(value, value));
			expect((fixed.get(value, value) as { v: unknown }).v).toEqual(value);
		}
		db.close();
	});

	it('keep the plan each would have with bare parameters, for every statement of the port', () => {
		const db = openDatabase(':memory:');
		migrate(db, MIGRATIONS);
		const prepared: string[] = [];
		const prepare = db.prepare.bind(db);
		db.prepare = ((sql: string) => {
			prepared.push(sql);
			return prepare(sql);
		}) as typeof db.prepare;
		sqlitePort(db);
		db.prepare = prepare;
		expect(prepared.length).toBeGreaterThan(90);
		const plan = (sql: string) => {
			const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
			const named = [...sql.matchAll(/@(\w+)/g)].map((match) => match[1]);
			const args = named.length
				? [Object.fromEntries(named.map((name) => [name, 'x']))]
				: Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
			return (statement.all(...args) as { detail: string }[]).map((row) => row.detail);
		};
		for (const sql of prepared) {
			expect(sql).not.toMatch(/(?<!\+)\?/);
			expect(plan(sql), sql).toEqual(plan(sql.replaceAll('+?', '?')));
		}
		db.close();
	});
});

describe('migration 0006', () => {
	it('keeps existing votes, as a one-option choice, and the defaults of existing topics', async () => {
		const before = mkdtempSync(join(tmpdir(), 'plenum-migrations-'));
		try {
			for (const file of readdirSync(MIGRATIONS).filter((f) => f < '0006')) {
				copyFileSync(join(MIGRATIONS, file), join(before, file));
			}
			const old = openDatabase(':memory:');
			expect(migrate(old, before)).toHaveLength(5);
			old.exec(`
				INSERT INTO users (id, username, password_hash, created_at) VALUES
					('owner', 'owner', 'h', 1), ('u1', 'ann', 'h', 1), ('u2', 'bob', 'h', 1);
				INSERT INTO topics (id, owner_id, title, status, created_at, opened_at)
					VALUES ('t1', 'owner', 'Old', 'open', 1, 2);
				INSERT INTO options (id, topic_id, label, position) VALUES
					('oA', 't1', 'A', 0), ('oB', 't1', 'B', 1);
				INSERT INTO votes (topic_id, user_id, option_id, ballot_id, tracker, created_at) VALUES
					('t1', 'u1', 'oA', 'ballot-0001', 'TRK1', 3), ('t1', 'u2', 'oB', 'ballot-0002', 'TRK2', 4);
			`);
			// The audit chain as written before: no rules in the opening, votes with `optionId`.
			const insert = old.prepare(
				'INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'
			);
			let last: AuditEntry | null = null;
			const append = (kind: AuditKind, payload: Record<string, unknown>, at: number) => {
				last = nextEntry(last, 't1', kind, payload, at);
				insert.run('t1', last.n, kind, JSON.stringify(payload), at, last.prev, last.hash);
			};
			append('topic.opened', { by: 'owner' }, 2);
			append('vote.accepted', { tracker: 'TRK1', optionId: 'oA' }, 3);
			append('vote.accepted', { tracker: 'TRK2', optionId: 'oB' }, 4);

			expect(migrate(old, MIGRATIONS)[0]).toBe('0006_poll_types_roles_guests.sql');
			expect(old.pragma('foreign_key_check')).toEqual([]);
			const migrated = sqliteStores(old, MIGRATIONS);
			try {
				expect(await migrated.votes.findVote('t1', 'u1')).toEqual({
					topicId: 't1',
					userId: 'u1',
					choice: ['oA'],
					ballotId: 'ballot-0001',
					tracker: 'TRK1',
					createdAt: 3
				});
				expect(
					old.prepare("SELECT option_id, choice FROM votes WHERE user_id = 'u2'").get()
				).toEqual({ option_id: 'oB', choice: '["oB"]' });
				expect(await migrated.topics.get('t1')).toMatchObject({
					kind: 'single',
					minChoices: 1,
					maxChoices: 1,
					scoreMax: 5,
					secret: true,
					allowChange: false,
					// 0008: voters see results once they voted; nobody was counted present.
					hideResults: false,
					resultsBeforeVoting: false,
					presentAtClose: null
				});
				expect(await migrated.users.findByUsername('ann')).toMatchObject({ guest: null });
				const results = (await migrated.votes.results('t1'))!;
				expect(results).toEqual({ status: 'open', turnout: 2, totals: { oA: 1, oB: 1 } });
				const check = verifyChain(await migrated.votes.audit('t1'));
				expect(check.ok && compareTotals(check, results)).toEqual([]);

				// Old ballots stand: a second one is refused, new voters vote as before.
				const again = await migrated.votes.castMany(
					[{ topicId: 't1', userId: 'u1', request: { ballotId: 'ballot-0003', choice: ['oB'] } }],
					5
				);
				expect(again[0]).toMatchObject({ ok: false, reason: 'already-voted' });
			} finally {
				migrated.close();
			}
		} finally {
			rmSync(before, { recursive: true, force: true });
		}
	});
});

describe('migration 0016', () => {
	it('keeps every vote through the votes rebuild, unique per user outside rolls and per entry in them', () => {
		const before = mkdtempSync(join(tmpdir(), 'plenum-0016-'));
		try {
			for (const file of readdirSync(MIGRATIONS).filter((f) => f < '0016')) {
				copyFileSync(join(MIGRATIONS, file), join(before, file));
			}
			const old = openDatabase(':memory:');
			migrate(old, before);
			old.exec(`
				INSERT INTO users (id, username, password_hash, created_at) VALUES
					('owner', 'owner', 'h', 1), ('u1', 'ann', 'h', 1), ('u2', 'ben', 'h', 1);
				INSERT INTO meetings (id, owner_id, title, code, created_at, access, electorate)
					VALUES ('m1', 'owner', 'AGM', 'ABC123', 1, 'guests', 'roll');
				INSERT INTO roll_entries (id, meeting_id, name, added_version, weight) VALUES
					('e1', 'm1', 'Ann', 1, 2000000), ('e2', 'm1', 'Ben', 1, 1000000);
				INSERT INTO topics (id, owner_id, title, status, created_at, opened_at)
					VALUES ('t1', 'owner', 'Open', 'open', 1, 2), ('t2', 'owner', 'Roll', 'open', 1, 2);
				INSERT INTO options (id, topic_id, label, position) VALUES
					('oA', 't1', 'A', 0), ('oB', 't2', 'B', 0);
				INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at,
					roll_entry_id, weight) VALUES
					('t1', 'u1', 'oA', '["oA"]', 'ballot-0001', 'TRK1', 3, NULL, NULL),
					('t2', 'u1', 'oB', '["oB"]', 'ballot-0002', 'TRK2', 4, 'e1', 2000000);
			`);
			const rows = () =>
				old
					.prepare(
						'SELECT id, topic_id, user_id, tracker, roll_entry_id, weight FROM votes ORDER BY id'
					)
					.all();
			const kept = rows();
			expect(migrate(old, MIGRATIONS)).toEqual([
				'0016_proxies.sql',
				'0017_ballots_apart.sql',
				'0018_room_fences.sql',
				'0019_choice_groups.sql'
			]);
			expect(old.pragma('foreign_key_check')).toEqual([]);
			expect(rows()).toEqual(kept);
			const insert = old.prepare(
				`INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at,
					roll_entry_id, cast_by) VALUES (?, ?, NULL, '[]', ?, ?, 5, ?, ?)`
			);
			// Outside a roll: still one vote per user and topic.
			expect(() => insert.run('t1', 'u1', 'ballot-0003', 'TRK3', null, null)).toThrow(/UNIQUE/);
			// In a roll: one account casts for another entry (by proxy), but each entry votes once.
			insert.run('t2', 'u1', 'ballot-0004', 'TRK4', 'e2', 'e1');
			expect(() => insert.run('t2', 'u2', 'ballot-0005', 'TRK5', 'e2', null)).toThrow(/UNIQUE/);
			// A proxy names the entry it casts for.
			expect(() => insert.run('t1', 'u2', 'ballot-0006', 'TRK6', null, 'e1')).toThrow(/CHECK/);
			old.close();
		} finally {
			rmSync(before, { recursive: true, force: true });
		}
	});
});
