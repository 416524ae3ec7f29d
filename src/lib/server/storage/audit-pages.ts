/**
 * The periodic audit check (`server/audit-check.ts`) on every engine: a topic's chain verified as
 * it is read, in keyset pages in sequence order, each page handed to core's verifier and dropped.
 * What stays in memory is one page and the replayed votes, not the log (hundreds of thousands of
 * entries in a long meeting). Between pages the check waits for the event loop's next turn, so
 * sockets and timers run: SQLite answers synchronously, and reading 100,000 entries at once held
 * the loop for most of a second.
 */
import { chainVerifier } from '../../core/audit-chain.ts';
import type { Engine } from './port.ts';
import type { AuditCheck } from './store.ts';
import * as votes from './use-cases/votes.ts';

/** Entries read at once. */
export const AUDIT_PAGE = 1000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Verifies the topic's chain as it stands when the check starts, with the results of that moment:
 * its last entry and the results are read first, in one snapshot (`Engine.snapshot`), and the
 * pages stop at that entry, so entries appended meanwhile wait for the next check. A log is only
 * ever appended to, so the pages need no snapshot of their own. The first page has no lower bound:
 * an entry numbered 0 or below (only a forged row can be) fails the check as it does in
 * `verifyChain` over the whole log.
 */
export async function verifyAuditInPages(
	engine: Pick<Engine, 'read' | 'snapshot'>,
	topicId: string,
	pageSize = AUDIT_PAGE
): Promise<AuditCheck> {
	const { last, results } = await engine.snapshot(() => votes.auditStart(topicId));
	const verifier = chainVerifier();
	if (last === null) return { chain: verifier.finish(), results };
	let after: number | null = null;
	for (;;) {
		const entries = await engine.read(() => votes.auditPage(topicId, after, last, pageSize));
		for (const entry of entries) {
			const failed = verifier.add(entry);
			if (failed) return { chain: failed, results };
		}
		if (entries.length < pageSize) return { chain: verifier.finish(), results };
		after = entries[entries.length - 1]!.n;
		await nextTurn();
	}
}
