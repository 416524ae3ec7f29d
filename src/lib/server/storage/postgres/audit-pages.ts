/**
 * The periodic audit check on PostgreSQL (`server/audit-check.ts`): a topic's chain verified as it
 * is read, in keyset pages in sequence order, each page handed to core's verifier and dropped.
 * What stays in memory is one page and the replayed votes, not the log (hundreds of thousands of
 * entries in a long meeting). SQLite does the same by iterating its statement
 * (`use-cases/votes.ts`, `verifyAudit`); a use case cannot await between entries, so this reader
 * lives beside the PostgreSQL port.
 */
import { chainVerifier, type ChainCheck } from '../../../core/audit-chain.ts';
import { toAuditEntry, type AuditRow } from '../rows.ts';
import type { Sql } from './db.ts';

/** Entries read at once. */
export const AUDIT_PAGE = 1000;

/**
 * Verifies the topic's chain as it stands when the check starts: its last entry is read first and
 * the pages stop there, so entries appended meanwhile wait for the next check, and the chain
 * compares with results read at the same moment, as one query over the whole log did. The first
 * page has no lower bound: an entry numbered 0 or below (only a forged row can be) fails the
 * check as it did in that query.
 */
export async function verifyAuditInPages(
	sql: Sql,
	topicId: string,
	pageSize = AUDIT_PAGE
): Promise<ChainCheck> {
	const [last] = await sql<{ n: number }[]>`
		SELECT n FROM audit_log WHERE topic_id = ${topicId} ORDER BY n DESC LIMIT 1`;
	const verifier = chainVerifier();
	if (!last) return verifier.finish();
	let after: number | null = null;
	for (;;) {
		const rows: AuditRow[] = await (after === null
			? sql<AuditRow[]>`
				SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
				WHERE topic_id = ${topicId} AND n <= ${last.n} ORDER BY n LIMIT ${pageSize}`
			: sql<AuditRow[]>`
				SELECT topic_id, n, kind, payload, created_at, prev_hash, hash FROM audit_log
				WHERE topic_id = ${topicId} AND n > ${after} AND n <= ${last.n}
				ORDER BY n LIMIT ${pageSize}`);
		for (const row of rows) {
			const failed = verifier.add(toAuditEntry(row));
			if (failed) return failed;
		}
		if (rows.length < pageSize) return verifier.finish();
		after = rows[rows.length - 1]!.n;
	}
}
