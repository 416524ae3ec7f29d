import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../helpers/api.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/audit-verify.ts', import.meta.url));
let server: RunningServer;
let api: ApiClient;
let topicId: string;

async function verify(...args: string[]) {
	try {
		const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args]);
		return { code: 0, output: stdout };
	} catch (error) {
		const failure = error as { code: number; stdout: string; stderr: string };
		return { code: failure.code, output: `${failure.stdout}${failure.stderr}` };
	}
}

/** What an operator with the database can do: lift the append-only guard and edit rows. */
function tamper(sql: string, ...params: unknown[]) {
	const db = new Database(server.databasePath);
	db.exec(
		'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;'
	);
	db.prepare(sql).run(...params);
	db.close();
}

beforeAll(async () => {
	server = await startServer();
	api = apiClient(server.url);
});

afterAll(async () => {
	await server?.dispose();
});

beforeEach(async () => {
	const owner = await api.register();
	const topic = await api.createTopic(owner.token, ['Yes', 'No']);
	topicId = topic.id;
	await api.open(owner.token, topic.id);
	for (let i = 0; i < 4; i++) {
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		const ballotId = voter.vote(topic.options[i % 2].id);
		await eventually(() => expect(voter.answer().receipt?.ballotId).toBe(ballotId));
		voter.destroy();
	}
	await api.close(owner.token, topic.id);
});

describe('yarn audit:verify', () => {
	it('verifies a clean export against the published results, by URL and by file', async () => {
		const byUrl = await verify(`${server.url}/t/${topicId}`);
		expect(byUrl.code).toBe(0);
		expect(byUrl.output).toMatch(/6 entries verified/);
		expect(byUrl.output).toMatch(/match the published results \(turnout 4\)/);

		const dir = mkdtempSync(join(tmpdir(), 'plenum-audit-'));
		const file = join(dir, 'audit.jsonl');
		writeFileSync(file, await (await fetch(`${server.url}/api/topics/${topicId}/audit`)).text());
		const byFile = await verify(file, '--results', `${server.url}/api/topics/${topicId}/results`);
		expect(byFile.code).toBe(0);
	});

	it('names a changed entry', async () => {
		tamper(
			`UPDATE audit_log SET payload = json_set(payload, '$.choice', json_array('forged')) WHERE topic_id = ? AND n = 3`,
			topicId
		);
		const result = await verify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: entry 3 \(line 3\): content does not match its hash/);
	});

	it('names the gap a deleted entry leaves', async () => {
		tamper('DELETE FROM audit_log WHERE topic_id = ? AND n = 2', topicId);
		const result = await verify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: entry 3 \(line 2\): expected entry number 2/);
	});

	it('names reordered entries', async () => {
		tamper('UPDATE audit_log SET n = -1 WHERE topic_id = ? AND n = 2', topicId);
		tamper('UPDATE audit_log SET n = 2 WHERE topic_id = ? AND n = 3', topicId);
		tamper('UPDATE audit_log SET n = 3 WHERE topic_id = ? AND n = -1', topicId);
		const result = await verify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: entry 2 \(line 2\)/);
	});

	it('fails when the results disagree with the log', async () => {
		tamper(
			'DELETE FROM votes WHERE topic_id = ? AND rowid = (SELECT MIN(rowid) FROM votes WHERE topic_id = ?)',
			topicId,
			topicId
		);
		const result = await verify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: turnout: the log counts 4, the results say 3/);
	});
});
