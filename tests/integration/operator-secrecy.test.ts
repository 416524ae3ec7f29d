/**
 * The operator's view of a secret topic (docs/SECURITY.md, "What the operator's database holds"):
 * whoever can read every table of the database and the audit export learns who voted, and the
 * ballots with their trackers, but no row pairs the two once votes can no longer change. While a
 * topic that lets votes change is open, the link is kept on purpose, and this test shows it too.
 * Runs on SQLite and, with `TEST_STORE=postgres`, on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { verifyChain, type AuditEntry } from '../../src/lib/core/audit-chain.ts';
import { onPostgres, queryRows } from '../helpers/database.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually } from '../helpers/voters.ts';

const { server, api } = useServer();

/** Every row of every table, as the operator reads them (name of the table, row as JSON). */
async function everyRow(): Promise<{ table: string; row: Record<string, unknown> }[]> {
	const path = server.databasePath;
	const tables = onPostgres(path)
		? (
				await queryRows<{ name: string }>(
					path,
					"SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
				)
			).map((t) => t.name)
		: (
				await queryRows<{ name: string }>(
					path,
					"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
				)
			).map((t) => t.name);
	expect(tables).toEqual(expect.arrayContaining(['participations', 'ballots', 'votes']));
	const rows: { table: string; row: Record<string, unknown> }[] = [];
	for (const table of tables) {
		for (const row of await queryRows<Record<string, unknown>>(path, `SELECT * FROM ${table}`)) {
			rows.push({ table, row });
		}
	}
	return rows;
}

const text = (row: Record<string, unknown>) =>
	JSON.stringify(row, (_, value) =>
		value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value
	);

it('leaves the operator who voted and what was voted, and nothing that pairs them once votes cannot change', async () => {
	const owner = await api.register();
	const make = async (allowChange: boolean) => {
		const { body } = await api.call('POST', '/api/topics', {
			token: owner.token,
			body: { title: allowChange ? 'Changeable' : 'Final', options: ['Ann', 'Ben'], allowChange }
		});
		await api.open(owner.token, body.topic.id);
		return body.topic as { id: string; options: { id: string }[] };
	};
	const final = await make(false);
	const changeable = await make(true);

	// Five voters on each topic; the choices are uneven so that a choice says something.
	const voters = await Promise.all(Array.from({ length: 5 }, () => api.register()));
	const cast: {
		topicId: string;
		userId: string;
		username: string;
		ballotId: string;
		tracker: string;
		choice: string;
	}[] = [];
	for (const topic of [final, changeable]) {
		for (const [index, voter] of voters.entries()) {
			const client = connectVoter(server.wsUrl, topic.id, voter);
			const choice = topic.options[index === 0 ? 0 : 1].id;
			const changes = topic === changeable && index === 0;
			let ballotId = client.vote(changes ? topic.options[1].id : choice);
			if (changes) {
				// The first voter changes their mind: the old ballot goes, found through the link.
				await eventually(() => expect(client.answer().receipt?.ballotId).toBe(ballotId));
				ballotId = client.vote(choice);
			}
			await eventually(() => expect(client.answer().receipt?.ballotId).toBe(ballotId));
			const receipt = client.answer().receipt!;
			cast.push({
				topicId: topic.id,
				userId: voter.user.id,
				username: voter.user.username,
				ballotId,
				tracker: receipt.tracker,
				choice: JSON.stringify(receipt.choice)
			});
			client.destroy();
		}
	}

	// While open: the changeable topic links each ballot to its voter (that is how a change finds
	// the old ballot), so an operator can read how they voted; the final topic links nothing.
	const openParticipations = await queryRows<{ id: string; user_id: string; topic_id: string }>(
		server.databasePath,
		'SELECT id, user_id, topic_id FROM participations'
	);
	const openBallots = await queryRows<{
		tracker: string;
		topic_id: string;
		participation_id: string | null;
	}>(server.databasePath, 'SELECT tracker, topic_id, participation_id FROM ballots');
	expect(openBallots.filter((b) => b.topic_id === final.id && b.participation_id)).toEqual([]);
	const linkable = openBallots.filter((b) => b.topic_id === changeable.id && b.participation_id);
	expect(linkable).toHaveLength(5);
	for (const ballot of linkable) {
		const voter = openParticipations.find((p) => p.id === ballot.participation_id)!;
		expect(
			cast.find((c) => c.topicId === changeable.id && c.userId === voter.user_id)?.tracker
		).toBe(ballot.tracker);
	}

	await api.close(owner.token, final.id);
	await api.close(owner.token, changeable.id);

	// After the close, every table: the voters are there, the ballots are there, and no row
	// holds a voter's identity beside their tracker or choice, nor their ballot id at all.
	const rows = await everyRow();
	const all = rows.map(({ table, row }) => ({ table, text: text(row) }));
	for (const vote of cast) {
		const identity = [vote.userId, vote.username];
		expect(all.some((r) => r.text.includes(vote.ballotId))).toBe(false);
		const withTracker = all.filter((r) => r.text.includes(vote.tracker));
		expect(withTracker.map((r) => r.table).sort()).toEqual(['audit_log', 'ballots']);
		for (const row of withTracker) {
			for (const id of identity) expect(row.text).not.toContain(id);
		}
	}
	expect(rows.filter(({ table }) => table === 'votes').map(({ row }) => row.topic_id)).not.toEqual(
		expect.arrayContaining([final.id])
	);
	// No column value of a ballot is found in a participation (no join key), the topic aside.
	const participations = rows.filter((r) => r.table === 'participations').map((r) => r.row);
	const ballots = rows.filter((r) => r.table === 'ballots').map((r) => r.row);
	expect(participations).toHaveLength(10);
	expect(ballots).toHaveLength(10);
	for (const ballot of ballots) {
		expect(ballot.participation_id).toBeNull();
		const values = Object.entries(ballot)
			.filter(([key, value]) => key !== 'topic_id' && value !== null)
			.map(([, value]) => String(value));
		for (const p of participations) {
			const theirs = Object.entries(p)
				.filter(([key]) => key !== 'topic_id')
				.map(([, value]) => String(value));
			expect(values.filter((value) => theirs.includes(value))).toEqual([]);
		}
	}
	if (onPostgres(server.databasePath)) {
		// Row versions: each topic's ballots and participations were all rewritten by its closing
		// transaction, so their xmin no longer tells which vote transaction wrote which.
		for (const topic of [final, changeable]) {
			for (const table of ['ballots', 'participations']) {
				const xmins = await queryRows<{ xmin: string }>(
					server.databasePath,
					`SELECT DISTINCT xmin::text AS xmin FROM ${table} WHERE topic_id = ?`,
					topic.id
				);
				expect(xmins).toHaveLength(1);
			}
		}
	} else {
		// The file itself: the ballot ids were never written, and with secure_delete and the WAL
		// truncated at the close, the cleared links left no copy behind (each participation id is
		// in its table and its unique index only).
		const bytes = Buffer.concat(
			[server.databasePath, `${server.databasePath}-wal`].map((file) => {
				try {
					return readFileSync(file);
				} catch {
					return Buffer.alloc(0);
				}
			})
		).toString('latin1');
		for (const vote of cast) expect(bytes).not.toContain(vote.ballotId);
		for (const p of participations) {
			expect(bytes.split(String(p.id)).length - 1).toBeLessThanOrEqual(2);
		}
	}

	// The audit export: each ballot published once, at the closing time, in tracker order; no
	// entry names a voter; the voter finds their tracker with their choice; the log replays.
	for (const topic of [final, changeable]) {
		const audit = (await api.audit(topic.id)) as AuditEntry[];
		const exported = JSON.stringify(audit);
		for (const vote of cast) {
			expect(exported).not.toContain(vote.userId);
			expect(exported).not.toContain(vote.username);
		}
		const published = audit.filter((e) => e.kind === 'ballot.published');
		const closedAt = audit.at(-1)!.at;
		expect(audit.at(-1)!.kind).toBe('topic.closed');
		expect(published.every((e) => e.at === closedAt)).toBe(true);
		const trackers = published.map((e) => e.payload.tracker as string);
		expect(trackers).toEqual([...trackers].sort());
		for (const vote of cast.filter((c) => c.topicId === topic.id)) {
			const entry = published.find((e) => e.payload.tracker === vote.tracker);
			expect(JSON.stringify(entry?.payload.choice)).toBe(vote.choice);
		}
		expect(
			audit.filter((e) => e.kind === 'ballot.cast').every((e) => !('tracker' in e.payload))
		).toBe(true);
		const check = verifyChain(audit);
		expect(check.ok && check.turnout).toBe(5);
		// Who has voted still works: it needs only the participations.
		const list = await api.call('GET', `/api/topics/${topic.id}/voters`, { token: owner.token });
		expect(list.status).toBe(200);
		for (const voter of voters) expect(JSON.stringify(list.body)).toContain(voter.user.username);
	}
});
