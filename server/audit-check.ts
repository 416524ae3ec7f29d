/**
 * Keeps verifying what the audit log promises: each topic's hash chain is intact and replays to
 * the results the votes table gives. A topic is checked when its status changes (opening,
 * closing) and, while votes arrive, once per sweep interval, never on every vote: a check reads
 * the whole chain. Failures are exported as `plenum_audit_chain_failures` (topics failing now),
 * which the `AuditChainCheckFailing` alert watches; each failure is also logged with its topic.
 */
import { compareTotals } from '../src/lib/core/audit-chain.ts';
import type { Logger } from '../src/lib/server/log.ts';
import type { Metrics } from '../src/lib/server/metrics.ts';
import type { VoteStore } from '../src/lib/server/storage/store.ts';

/** Why a topic's audit trail does not hold, or null when it does. */
export async function auditProblem(votes: VoteStore, topicId: string): Promise<string | null> {
	// Verified as it is read, in pages with the event loop free between them: a topic's log holds
	// an entry per vote, hundreds of thousands in a long meeting; reading it whole took tens of MB
	// at every sweep, and on SQLite held every socket for most of a second. The results come with
	// it, read at the same moment as the chain's last entry (`storage/audit-pages.ts`).
	const { chain, results } = await votes.verifyAudit(topicId);
	if ((chain.ok && chain.entries === 0) || !results) return null;
	if (!chain.ok) return `entry ${chain.n ?? chain.index}: ${chain.problem}`;
	// A secret topic's open ballots are in the log by number only (sealed): its turnout is compared.
	const problems = compareTotals(chain, results);
	return problems.length > 0 ? problems.join('; ') : null;
}

export function createAuditCheck(deps: {
	log: Logger;
	votes: VoteStore;
	metrics: Metrics;
	intervalMs: number;
	now: () => number;
}) {
	const touched = new Set<string>();
	const failing = new Set<string>();
	let running: Promise<void> = Promise.resolve();

	async function check(topicIds: string[]) {
		for (const topicId of topicIds) {
			let problem: string | null;
			try {
				problem = await auditProblem(deps.votes, topicId);
			} catch (error) {
				problem = `could not be read: ${(error as Error).message}`;
			}
			if (problem) {
				if (!failing.has(topicId)) deps.log.error({ topicId, problem }, 'audit chain fails');
				failing.add(topicId);
			} else {
				failing.delete(topicId);
			}
			// Let sockets and timers run between topics.
			await new Promise((resolve) => setImmediate(resolve));
		}
		deps.metrics.auditSwept(topicIds.length, failing.size, deps.now());
	}

	/** Checks these topics after any check under way; checks never overlap. */
	function queue(topicIds: string[]) {
		running = running.then(() => check(topicIds));
		return running;
	}

	function sweep() {
		const topicIds = [...touched];
		touched.clear();
		return queue(topicIds);
	}

	const timer = setInterval(() => void sweep(), deps.intervalMs);
	timer.unref();
	deps.metrics.auditSwept(0, 0, deps.now());

	return {
		/** A topic's chain grew: check it at the next sweep. */
		touch: (topicId: string) => void touched.add(topicId),
		/** A topic's status changed (opened, closed): check it now. */
		checkNow(topicId: string) {
			touched.delete(topicId);
			return queue([topicId]);
		},
		sweep,
		stop: () => clearInterval(timer)
	};
}

export type AuditCheck = ReturnType<typeof createAuditCheck>;
