import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../core/audit-chain.ts';
import { db, just, runAsync, SENT_AHEAD, together, type Silent, type UseCase } from '../port.ts';
import { GATHERED, gatheringInserts } from './gathered-inserts.ts';
import { postgresPort } from './port.ts';
import { recordingSql, sampleBallot, type Sent } from './testing.ts';

const entry = (n: number): AuditEntry => ({
	topicId: 't1',
	n,
	kind: 'ballot.cast',
	payload: {},
	at: 5,
	prev: `h${n - 1}`,
	hash: `h${n}`
});

function* ballot(n: number): UseCase<void> {
	yield* db.insertParticipation({ id: `p${n}`, topicId: 't1', userId: `u${n}`, rollEntryId: null });
	// A part answered at once, as a batch's reads read ahead are: the runner awaits it.
	yield* together(just(n), just(null));
	yield* db.insertBallot(sampleBallot(`k${n}`));
	yield* db.insertAudit(entry(n));
}

/** Runs `useCase` as the PostgreSQL engine runs a write, over a recording stand-in. */
function write<R>(useCase: UseCase<R>, sent: Sent[], refuse?: (text: string) => unknown) {
	const sql = recordingSql(sent, refuse);
	const gathered = gatheringInserts(postgresPort(sql), sql);
	return runAsync(gathered.port, useCase, { sendAhead: true, send: gathered.send });
}

const table = (text: string) => /^INSERT INTO (\w+)/.exec(text)?.[1] ?? text.slice(0, 40);

describe('inserts gathered in a PostgreSQL write', () => {
	it('sends a batch’s participations, ballots, votes and audit entries as one statement per table', async () => {
		const sent: Sent[] = [];
		await write(
			(function* () {
				for (let n = 1; n <= 3; n++) yield* ballot(n);
				yield* db.insertVote(
					{
						topicId: 't1',
						userId: 'u9',
						choice: ['o1'],
						ballotId: 'b9',
						tracker: 'k9',
						createdAt: 5
					},
					'o1',
					'["o1"]',
					null
				);
			})(),
			sent
		);
		expect(sent.map(({ text }) => table(text))).toEqual([
			'participations',
			'ballots',
			'votes',
			'audit_log'
		]);
		expect(sent[0].values).toEqual([
			[1, 2, 3].map((n) => ({ id: `p${n}`, topic_id: 't1', user_id: `u${n}`, roll_entry_id: null }))
		]);
		expect((sent[1].values[0] as { tracker: string }[]).map((row) => row.tracker)).toEqual([
			'k1',
			'k2',
			'k3'
		]);
		expect(sent[2].values[0]).toEqual([
			{
				topic_id: 't1',
				user_id: 'u9',
				option_id: 'o1',
				choice: '["o1"]',
				ballot_id: 'b9',
				tracker: 'k9',
				created_at: 5,
				roll_entry_id: null
			}
		]);
		expect(sent[3].values[0]).toEqual(
			[1, 2, 3].map((n) => ({
				topic_id: 't1',
				n,
				kind: 'ballot.cast',
				payload: '{}',
				created_at: 5,
				prev_hash: `h${n - 1}`,
				hash: `h${n}`
			}))
		);
		// The rows of a secret topic's tables go in by their random keys, not in the order cast.
		expect(sent[0].text).toMatch(/ORDER BY id COLLATE "C"$/);
		expect(sent[1].text).toMatch(/ORDER BY tracker COLLATE "C"$/);
	});

	it('sends what it holds before anything asked after it, so a read sees the rows before it', async () => {
		const sent: Sent[] = [];
		await write(
			(function* () {
				yield* ballot(1);
				yield* db.lastAudit('t1');
				yield* ballot(2);
				yield* db.lockTopics(['t1']);
				yield* ballot(3);
			})(),
			sent
		);
		expect(sent.map(({ text }) => table(text))).toEqual([
			'participations',
			'ballots',
			'audit_log',
			'SELECT n, hash FROM audit_log WHERE topi',
			'participations',
			'ballots',
			'audit_log',
			'SELECT id FROM topics WHERE id IN $ ORDE',
			'participations',
			'ballots',
			'audit_log'
		]);
	});

	it('fails with the first failed statement’s error, also where an earlier insert is in a later statement', async () => {
		const sent: Sent[] = [];
		const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
		const aborted = Object.assign(new Error('transaction is aborted'), { code: '25P02' });
		let refused = false;
		const outcome = write(
			(function* () {
				// The audit entry is asked first, but its statement goes after the participations'.
				yield* db.insertAudit(entry(1));
				yield* db.insertParticipation({ id: 'p1', topicId: 't1', userId: 'u1', rollEntryId: null });
				return 'done';
			})(),
			sent,
			() => {
				const error = refused ? aborted : duplicate;
				refused = true;
				return error;
			}
		);
		await expect(outcome).rejects.toBe(duplicate);
		expect(sent.map(({ text }) => table(text))).toEqual(['participations', 'audit_log']);
	});

	it('holds back only operations sent ahead, which nothing awaits on its own', () => {
		// One awaited while held would wait for ever: nothing else would send it.
		for (const op of GATHERED) expect(SENT_AHEAD.has(op as Silent)).toBe(true);
	});
});
