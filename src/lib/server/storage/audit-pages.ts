/**
 * The periodic audit check (`server/audit-check.ts`) on every engine: a topic's chain verified as
 * it is read, in keyset pages in sequence order, each page handed to core's verifier and dropped.
 * What stays in memory is one page and the replayed votes, not the log (hundreds of thousands of
 * entries in a long meeting). Between pages the check waits for the event loop's next turn, so
 * sockets and timers run: SQLite answers synchronously, and reading 100,000 entries at once held
 * the loop for most of a second.
 */
import { chainVerifier, type ChainCheck } from '../../core/audit-chain.ts';
import type { Engine } from './port.ts';
import * as votes from './use-cases/votes.ts';

/** Entries read at once. */
export const AUDIT_PAGE = 1000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Verifies the topic's chain as it stands when the check starts: its last entry is read first and
 * the pages stop there, so entries appended meanwhile wait for the next check. The first page has
 * no lower bound: an entry numbered 0 or below (only a forged row can be) fails the check as it
 * does in `verifyChain` over the whole log.
 */
export async function verifyAuditInPages(
	read: Engine['read'],
	topicId: string,
	pageSize = AUDIT_PAGE
): Promise<ChainCheck> {
	// Read before any await, while the caller is still running: on SQLite the last entry's number
	// is then read in the same synchronous section as the results read beside it (`auditProblem`),
	// so the chain verified up to it and those results are the same moment's.
	const last = await read(() => votes.lastAuditNumber(topicId));
	const verifier = chainVerifier();
	if (last === null) return verifier.finish();
	let after: number | null = null;
	for (;;) {
		const entries = await read(() => votes.auditPage(topicId, after, last, pageSize));
		for (const entry of entries) {
			const failed = verifier.add(entry);
			if (failed) return failed;
		}
		if (entries.length < pageSize) return verifier.finish();
		after = entries[entries.length - 1]!.n;
		await nextTurn();
	}
}
