import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/api.ts';
import { createVoters } from '../helpers/factories.ts';
import { expectInvariants } from '../helpers/invariants.ts';
import { startServer } from '../helpers/server.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { server, api } = useServer();
const dir = mkdtempSync(join(tmpdir(), 'plenum-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one of the project's scripts the way `yarn <script>` does, with its own DATABASE_PATH. */
function script(
	name: string,
	args: string[],
	databasePath: string,
	env: Record<string, string> = {}
) {
	return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
		execFile(
			process.execPath,
			[`scripts/${name}.ts`, ...args],
			{ cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath, ...env } },
			(error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
		);
	});
}

const VOTERS = 60;

describe('a backup taken while votes are cast', () => {
	let backup = '';

	it('is taken online, mid-vote, and holds a consistent part of the votes', async () => {
		const owner = await api.register();
		const first = await api.createTopic(owner.token, ['A', 'B', 'C'], 'First');
		const second = await api.createTopic(owner.token, ['Yes', 'No'], 'Second');
		await api.open(owner.token, first.id);
		await api.open(owner.token, second.id);
		const accounts = await createVoters(server.databasePath, VOTERS);
		const voters: Voter[] = accounts.flatMap((account) => [
			connectVoter(server.wsUrl, first.id, account),
			connectVoter(server.wsUrl, second.id, account)
		]);
		try {
			await eventually(() => voters.forEach((v) => expect(v.state()?.status).toBe('open')));
			let sent = 0;
			const stream = setInterval(() => {
				for (let i = 0; i < 4 && sent < voters.length; i++, sent++) {
					const topic = sent % 2 === 0 ? first : second;
					voters[sent].vote(topic.options[sent % topic.options.length].id);
				}
			}, 5);
			await eventually(() => expect(sent).toBeGreaterThan(voters.length / 4));
			backup = join(dir, 'mid-vote.db');
			const taken = await script('db-backup', [backup], server.databasePath);
			expect(taken.code, taken.stderr).toBe(0);
			const summary = JSON.parse(taken.stdout);
			await eventually(() => expect(sent).toBe(voters.length));
			clearInterval(stream);
			await eventually(() => voters.forEach((v) => expect(v.answer().receipt).not.toBeNull()));
			expect(summary.votes).toBeGreaterThan(0);
			expect(summary.topics).toBe(2);
		} finally {
			voters.forEach((voter) => voter.destroy());
		}
	});

	it('restores into a new data folder where every topic verifies and results equal stored votes', async () => {
		const restoredPath = join(dir, 'restored', 'plenum.db');
		const restored = await script('db-restore', [backup], restoredPath);
		expect(restored.code, restored.stderr).toBe(0);
		expect(JSON.parse(restored.stdout).pendingMigrations).toEqual([]);

		const copy = await startServer({}, { databasePath: restoredPath });
		try {
			const db = new Database(restoredPath, { readonly: true });
			const topicIds = db.prepare('SELECT id FROM topics').pluck().all() as string[];
			db.close();
			expect(topicIds.length).toBe(2);
			const copyApi = apiClient(copy.url);
			for (const topicId of topicIds) {
				const verified = await script('audit-verify', [`${copy.url}/t/${topicId}`], restoredPath);
				expect(verified.code, verified.stdout + verified.stderr).toBe(0);
				expect(verified.stdout).toContain('OK');
				await expectInvariants(restoredPath, copyApi, topicId);
			}
		} finally {
			await copy.dispose();
		}
	});
});

describe('db:restore refuses', () => {
	it('while a server uses the target database', async () => {
		const refused = await script('db-restore', [join(dir, 'mid-vote.db')], server.databasePath);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('is in use');
	});

	it('a damaged backup', async () => {
		const damaged = join(dir, 'damaged.db');
		copyFileSync(join(dir, 'mid-vote.db'), damaged);
		const fd = openSync(damaged, 'r+');
		// Page 2 onwards: leave the header readable, break the b-tree pages.
		writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 4096);
		const target = join(dir, 'never', 'plenum.db');
		const refused = await script('db-restore', [damaged], target);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('not a usable backup');
		expect(existsSync(target)).toBe(false);
	});

	it('a backup made by a newer version', async () => {
		const newer = join(dir, 'newer.db');
		copyFileSync(join(dir, 'mid-vote.db'), newer);
		const db = new Database(newer);
		db.prepare(
			"INSERT INTO schema_migrations (id, applied_at) VALUES ('9999_future.sql', 0)"
		).run();
		db.close();
		const refused = await script('db-restore', [newer], join(dir, 'never', 'plenum.db'));
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('9999_future.sql');
	});
});

describe('db:backup refuses', () => {
	it('to overwrite a file', async () => {
		const refused = await script('db-backup', [join(dir, 'mid-vote.db')], server.databasePath);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('exists already');
	});
});

describe('db:backup and db:restore on PostgreSQL', () => {
	it('say they copy SQLite files only and point to pg_dump and pg_restore', async () => {
		const postgres = { DATABASE_URL: 'postgres://plenum@127.0.0.1:5432/plenum' };
		const backup = await script('db-backup', [join(dir, 'pg.db')], server.databasePath, postgres);
		expect(backup.code).toBe(2);
		expect(backup.stderr).toMatch(/SQLite file only.*pg_dump/);
		const restore = await script(
			'db-restore',
			[join(dir, 'mid-vote.db')],
			server.databasePath,
			postgres
		);
		expect(restore.code).toBe(2);
		expect(restore.stderr).toMatch(/SQLite file only.*pg_restore/);
	});
});
