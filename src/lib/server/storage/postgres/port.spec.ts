import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../core/audit-chain.ts';
import type { VoteRecord } from '../../../core/types.ts';
import { SENT_AHEAD, type Port, type Silent } from '../port.ts';
import { postgresPort } from './port.ts';
import { recordingSql, sampleBallot, type Sent } from './testing.ts';

const vote: VoteRecord = {
	topicId: 't1',
	userId: 'u1',
	choice: ['o1'],
	ballotId: 'b1',
	tracker: 'k1',
	createdAt: 1
};
const entry: AuditEntry = {
	topicId: 't1',
	n: 1,
	kind: 'vote.accepted',
	payload: {},
	at: 1,
	prev: '',
	hash: 'h1'
};

/** Arguments for each operation sent ahead; one missing fails the spec below. */
const ARGS: { [K in Silent]?: Parameters<Port[K]> } = {
	lockTopics: [['t1', 't2']],
	lockMeeting: ['m1'],
	insertVote: [vote, 'o1', '["o1"]', null],
	replaceVote: [vote, 'o1', '["o1"]'],
	replaceEntryVote: [vote, 'o1', '["o1"]', 'e1'],
	setVoteWeight: ['t1', 'e1', 1_000_000],
	setCastBy: ['t1', 'e1', 'e2'],
	insertAudit: [entry],
	insertMeetingAudit: [entry],
	insertBallot: [sampleBallot('k1')],
	insertParticipation: [{ id: 'p1', topicId: 't1', userId: 'u1', rollEntryId: null }],
	deleteBallot: ['k1'],
	appendDocumentUpdate: ['topic/t1', new Uint8Array([0, 0])],
	clearDocument: ['topic/t1']
};

describe('the PostgreSQL port', () => {
	it.each([...SENT_AHEAD])(
		'sends all of %s’s statements when it is called, before anything asked after it',
		async (op) => {
			const args = ARGS[op];
			if (!args) throw new Error(`no arguments for ${op} in this spec`);
			const sent: Sent[] = [];
			const port = postgresPort(recordingSql(sent));
			const call = (port[op] as (...a: unknown[]) => Promise<void>)(...args);
			// Asked right after, as the runner asks the use case's next operation.
			const next = port.lastAudit('marker');
			await Promise.all([call, next]);
			const marker = sent.findIndex(({ text }) => text.includes('FROM audit_log'));
			expect(marker).toBeGreaterThan(0);
			expect(sent.slice(marker + 1)).toEqual([]);
		}
	);
});
