import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextEntry, type AuditEntry } from '../../src/lib/core/audit-chain.ts';
import { readTopic } from '../../src/lib/shared/documents.ts';
import { auditVerify } from '../helpers/audit-verify.ts';
import { apiClient, type ApiClient } from '../helpers/api.ts';
import { onPostgres, tamper as tamperWith } from '../helpers/database.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

let server: RunningServer;
let api: ApiClient;
let topicId: string;

/** What an operator with the database can do: lift the append-only guard and edit rows. */
const tamper = (sql: string, ...params: unknown[]) =>
	tamperWith(server.databasePath, sql, ...params);

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
		const byUrl = await auditVerify(`${server.url}/t/${topicId}`);
		expect(byUrl.code).toBe(0);
		// Opened, 4 ballots cast, 4 published at the close (a secret topic), closed.
		expect(byUrl.output).toMatch(/10 entries verified/);
		expect(byUrl.output).toMatch(/match the published results \(turnout 4\)/);

		const file = join(tempDir('audit'), 'audit.jsonl');
		writeFileSync(file, await (await fetch(`${server.url}/api/topics/${topicId}/audit`)).text());
		const byFile = await auditVerify(
			file,
			'--results',
			`${server.url}/api/topics/${topicId}/results`
		);
		expect(byFile.code).toBe(0);
	});

	it('names a changed entry', async () => {
		await tamper(
			onPostgres(server.databasePath)
				? `UPDATE audit_log SET payload = jsonb_set(payload::jsonb, '{choice}', '["forged"]')::text WHERE topic_id = ? AND n = 3`
				: `UPDATE audit_log SET payload = json_set(payload, '$.choice', json_array('forged')) WHERE topic_id = ? AND n = 3`,
			topicId
		);
		const result = await auditVerify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: entry 3 \(line 3\): content does not match its hash/);
	});

	it('names the gap a deleted entry leaves', async () => {
		await tamper('DELETE FROM audit_log WHERE topic_id = ? AND n = 2', topicId);
		const result = await auditVerify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: entry 3 \(line 2\): expected entry number 2/);
	});

	it('names reordered entries', async () => {
		await tamper('UPDATE audit_log SET n = -1 WHERE topic_id = ? AND n = 2', topicId);
		await tamper('UPDATE audit_log SET n = 2 WHERE topic_id = ? AND n = 3', topicId);
		await tamper('UPDATE audit_log SET n = 3 WHERE topic_id = ? AND n = -1', topicId);
		const result = await auditVerify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: entry 2 \(line 2\)/);
	});

	it('fails when the results disagree with the log', async () => {
		await tamper(
			'DELETE FROM ballots WHERE topic_id = ? AND tracker = (SELECT MIN(tracker) FROM ballots WHERE topic_id = ?)',
			topicId,
			topicId
		);
		const result = await auditVerify(`${server.url}/t/${topicId}`);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: turnout: the log counts 4, the results say 3/);
	});
});

describe('yarn audit:verify on bad input', () => {
	it('exits 2 with its usage on bad arguments or a source it cannot read', async () => {
		const dir = tempDir('audit');
		const cases: [string[], RegExp][] = [
			[[], /name an export file or a topic URL/],
			[['--results', 'results.json'], /name an export file or a topic URL/],
			[[join(dir, 'audit.jsonl'), '--head', 'abc'], /--head takes a 64-digit hex hash/],
			[[join(dir, 'missing.jsonl')], /cannot read .*missing\.jsonl/],
			[[`${server.url}/somewhere/else`], /cannot find a topic id/],
			[[`${server.url}/api/topics/no-such-topic/audit`], /answered 404/]
		];
		for (const [args, message] of cases) {
			const result = await auditVerify(...args);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.output, args.join(' ')).toMatch(message);
			expect(result.output).toContain('usage: yarn audit:verify');
		}
	});

	it('exits 1 and names the line that is not JSON', async () => {
		const text = await (await fetch(`${server.url}/api/topics/${topicId}/audit`)).text();
		const lines = text.trim().split('\n');
		lines.splice(2, 0, '{"n": 3, "cut off');
		const file = join(tempDir('audit'), 'audit.jsonl');
		writeFileSync(file, `${lines.join('\n')}\n`);
		const result = await auditVerify(file);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: line 3 is not JSON/);
	});
});

describe('the published head', () => {
	/** The export as a file, and the head the results publish, taken before anyone tampers. */
	async function published() {
		const results = await (await fetch(`${server.url}/api/topics/${topicId}/results`)).json();
		const text = await (await fetch(`${server.url}/api/topics/${topicId}/audit`)).text();
		return { head: results.audit.head as string, entries: results.audit.entries, text };
	}

	function file(text: string) {
		const path = join(tempDir('audit'), 'audit.jsonl');
		writeFileSync(path, text);
		return path;
	}

	it('is published in the results, the exports, the topic document and the closing entry', async () => {
		const { head, entries, text } = await published();
		const lines = text
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(entries).toBe(10);
		expect(head).toBe(lines[9].hash);
		expect(lines[9]).toMatchObject({
			kind: 'topic.closed',
			payload: { entries: 9, head: lines[8].hash }
		});
		const exported = await (await fetch(`${server.url}/api/topics/${topicId}/export.json`)).json();
		expect(exported.topics[0].audit).toEqual({ entries: 10, head });
		const watcher = connectVoter(server.wsUrl, topicId, await api.register());
		await eventually(() =>
			expect(readTopic(watcher.topic.doc).audit).toEqual({ entries: 10, head })
		);
		watcher.destroy();
		const ok = await auditVerify(file(text), '--head', head);
		expect(ok.code).toBe(0);
		expect(ok.output).toMatch(/head: [0-9a-f]{64} \(--head\) found, the last entry/);
		// Given a URL, the head the results name is checked too.
		const byUrl = await auditVerify(`${server.url}/t/${topicId}`);
		expect(byUrl.output).toContain(`head: ${head} (the results) found`);
	});

	it('catches an export cut short that the totals alone let pass', async () => {
		const { head } = await published();
		await tamper('DELETE FROM audit_log WHERE topic_id = ? AND n = 10', topicId);
		const cut = await (await fetch(`${server.url}/api/topics/${topicId}/audit`)).text();
		// Without the head, the shortened chain and its totals still look right.
		expect((await auditVerify(file(cut))).code).toBe(0);
		const result = await auditVerify(file(cut), '--head', head);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/FAIL: the published head [0-9a-f]{64} is not in this export/);
	});

	it('catches two votes swapped and the chain re-hashed', async () => {
		const { head, text } = await published();
		const entries = text
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		// Swap votes 2 and 3 (as if they came in the same millisecond) and rebuild every hash.
		[entries[1], entries[2]] = [entries[2], entries[1]];
		const rebuilt: AuditEntry[] = [];
		for (const entry of entries) {
			const before = rebuilt.at(-1);
			const payload =
				entry.kind === 'topic.closed' ? { ...entry.payload, head: before!.hash } : entry.payload;
			rebuilt.push(nextEntry(before ?? null, entry.topicId, entry.kind, payload, entry.at));
		}
		const forged = file(rebuilt.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
		expect((await auditVerify(forged)).code).toBe(0);
		const result = await auditVerify(forged, '--head', head);
		expect(result.code).toBe(1);
		expect(result.output).toMatch(/is not in this export/);
	});
});
