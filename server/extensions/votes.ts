/**
 * The authoritative vote path. A voter writes a `request` into their ballot document; this
 * extension queues the ballot, and on a later turn of the event loop lets the vote store decide
 * and commit every queued ballot in ONE transaction (each vote row with its audit entry). Only
 * after that commit does it write each `receipt` (or a `refusal` with its reason) back and
 * schedule the topics' tallies. Batching turns a burst of votes into one disk sync instead of one
 * per vote, and lets broadcasts and timers run between batches; under load a batch waits a few
 * milliseconds for more ballots (`server/batch-pacing.ts`).
 *
 * A ballot is read when its batch runs, so two updates to one ballot in a batch are decided once,
 * on the latest request; batches never overlap. Whatever a client writes into its own ballot, the
 * receipt it gets back mirrors the votes table, the only truth.
 *
 * On shutdown `drain()` runs what is queued at once and resolves after its commit and receipts,
 * so a SIGTERM never leaves a ballot half decided (one it never read is sent again on reconnect).
 */
import { isTransactionOrigin, type Extension, type onChangePayload } from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { VoteRecord } from '../../src/lib/core/types.ts';
import { parseBallotRequest, refusalMessages } from '../../src/lib/core/vote-rules.ts';
import type { Logger } from '../../src/lib/server/log.ts';
import type { Metrics } from '../../src/lib/server/metrics.ts';
import type { BallotInput, VoteStore } from '../../src/lib/server/storage/store.ts';
import {
	ballotMap,
	parseDocumentName,
	readBallot,
	type BallotReceipt,
	type BallotRefusal
} from '../../src/lib/shared/documents.ts';
import type { BatchPacing } from '../batch-pacing.ts';
import { same, SERVER_ORIGIN, type Publisher } from '../publisher.ts';
import type { CollabContext } from './auth.ts';

/**
 * The server's writes into a ballot: nothing to store (ballots keep no history), so they start no
 * debounced store either.
 */
const ANSWER_ORIGIN = { ...SERVER_ORIGIN, skipStoreHooks: true };

/** Most ballots decided in one transaction; more wait for the next turn. */
const MAX_BATCH = 500;

interface QueuedBallot {
	doc: Y.Doc & { isDestroyed?: boolean };
	topicId: string;
	userId: string;
	/** A proxy's ballot: the roll member it is cast for (`ballot/<topic>/<user>/<entry>`). */
	forEntryId?: string;
	/** When the server first saw this request (performance.now()), for the receipt latency. */
	seenAt: number;
}

/**
 * The receipt a vote calls for; `keep` for a secret topic's vote the server can no longer name
 * (`VoteRecord.sealed`): the receipt the voter's device holds stays as it is.
 */
const toReceipt = (vote: VoteRecord): BallotReceipt | 'keep' =>
	vote.sealed
		? 'keep'
		: {
				ballotId: vote.ballotId,
				choice: vote.choice,
				tracker: vote.tracker,
				acceptedAt: vote.createdAt
			};

/** Whether two receipts name the same counted ballot (a rebuilt receipt keeps the first time). */
const sameBallot = (a: BallotReceipt | null, b: BallotReceipt) =>
	a !== null &&
	a.ballotId === b.ballotId &&
	a.tracker === b.tracker &&
	JSON.stringify(a.choice) === JSON.stringify(b.choice);

function answer(
	doc: QueuedBallot['doc'],
	receipt: BallotReceipt | 'keep' | null,
	refusal: BallotRefusal | null
) {
	if (doc.isDestroyed) return; // answered from the votes table when it is opened again
	const map = ballotMap(doc);
	const current = readBallot(doc);
	doc.transact(() => {
		if (receipt && receipt !== 'keep' && !same(current.receipt, receipt)) {
			if (!sameBallot(current.receipt, receipt)) map.set('receipt', receipt);
		}
		if (!receipt && current.receipt) map.delete('receipt');
		// A sealed vote and no receipt here: the vote was cast on another device (or this one lost
		// its receipt). The device is told that it counts, not what it was.
		const sealed = receipt === 'keep' && !current.receipt;
		if (sealed && !current.sealed) map.set('sealed', true);
		if (!sealed && current.sealed) map.delete('sealed');
		if (refusal && !same(current.refusal, refusal)) map.set('refusal', refusal);
	}, ANSWER_ORIGIN);
}

function malformed(raw: unknown, now: number): BallotRefusal {
	const ballotId = (raw as { ballotId?: unknown } | null)?.ballotId;
	return {
		ballotId: typeof ballotId === 'string' ? ballotId.slice(0, 64) : '',
		choice: null,
		reason: 'malformed-ballot',
		message: refusalMessages['malformed-ballot'],
		at: now
	};
}

export interface VotesExtension extends Extension {
	/** Decides every queued ballot now; resolves once they are committed and answered. */
	drain(): Promise<void>;
}

export function votesExtension(deps: {
	votes: VoteStore;
	publisher: Pick<Publisher, 'publish' | 'scheduleTopic'>;
	now: () => number;
	log: Logger;
	/** When a batch runs (`server/batch-pacing.ts`; specs run it by hand). */
	pacing: BatchPacing;
	metrics?: Metrics;
	/** Told which topics' audit chains a batch extended (accepted or refused). */
	touched?: (topicId: string) => void;
}): VotesExtension {
	const { pacing } = deps;
	const queue = new Map<QueuedBallot['doc'], QueuedBallot>();
	let scheduled = false;
	/** The batch running now, if any: batches run one after another, never side by side. */
	let current: Promise<void> = Promise.resolve();

	function runNext() {
		current = current.then(runBatch).catch((error) => {
			deps.log.error({ err: error }, 'vote batch failed');
		});
		return current;
	}

	function enqueue(ballot: QueuedBallot) {
		// A request seen again before its batch runs keeps the moment it was first seen.
		const seenAt = queue.get(ballot.doc)?.seenAt ?? ballot.seenAt;
		queue.set(ballot.doc, { ...ballot, seenAt });
		if (!scheduled) {
			scheduled = true;
			pacing.schedule(() => void runNext());
		}
		pacing.waiting(queue.size);
	}

	async function runBatch() {
		scheduled = false;
		if (queue.size === 0) return;
		pacing.started();
		const batch = [...queue.values()].slice(0, MAX_BATCH);
		for (const ballot of batch) queue.delete(ballot.doc);
		if (queue.size > 0) enqueue(queue.values().next().value!);

		const now = deps.now();
		const toCast: { ballot: QueuedBallot; input: BallotInput }[] = [];
		for (const ballot of batch) {
			const raw = ballotMap(ballot.doc).get('request');
			const request = raw === undefined ? null : parseBallotRequest(raw);
			if (request) {
				const { topicId, userId, forEntryId } = ballot;
				const input: BallotInput = { topicId, userId, request };
				if (forEntryId !== undefined) input.forEntryId = forEntryId;
				toCast.push({ ballot, input });
				continue;
			}
			const vote = await deps.votes.findVote(ballot.topicId, ballot.userId, ballot.forEntryId);
			answer(
				ballot.doc,
				vote ? toReceipt(vote) : null,
				raw === undefined ? null : malformed(raw, now)
			);
			if (raw !== undefined) deps.metrics?.voteRefused('malformed-ballot');
		}
		if (toCast.length === 0) return;
		deps.metrics?.batch(toCast.length);

		// One transaction for the batch, resolved once its commit is on disk (SQLite: the group commit).
		const outcomes = await deps.votes.castMany(
			toCast.map(({ input }) => input),
			now
		);
		const changedTopics = new Set<string>();
		// Metrics count first decisions only: a ballot answered again (its document reopened after a
		// reconnect or restart) is neither a new vote nor a new refusal.
		const answered = (ballot: QueuedBallot, outcome: 'accepted' | 'refused') =>
			deps.metrics?.receipt(outcome, (performance.now() - ballot.seenAt) / 1000);
		outcomes.forEach((outcome, index) => {
			const { ballot, input } = toCast[index];
			deps.touched?.(ballot.topicId);
			if (outcome.ok) {
				answer(ballot.doc, toReceipt(outcome.vote), null);
				if (!outcome.duplicate) {
					changedTopics.add(ballot.topicId);
					deps.metrics?.voteAccepted();
					answered(ballot, 'accepted');
				}
				return;
			}
			if (!outcome.repeated) deps.metrics?.voteRefused(outcome.reason);
			const previous = readBallot(ballot.doc).refusal;
			const keepTime = outcome.repeated && previous?.ballotId === input.request.ballotId;
			answer(ballot.doc, outcome.vote ? toReceipt(outcome.vote) : null, {
				ballotId: input.request.ballotId,
				choice: input.request.choice,
				reason: outcome.reason,
				message: refusalMessages[outcome.reason],
				at: keepTime ? previous.at : now,
				...(outcome.reason === 'topic-closed' ? { closedAt: outcome.closedAt } : {})
			});
			if (!outcome.repeated) answered(ballot, 'refused');
		});
		deps.log.debug(
			{ ballots: toCast.length, accepted: outcomes.filter((o) => o.ok).length },
			'vote batch committed'
		);
		for (const topicId of changedTopics) deps.publisher.scheduleTopic(topicId);
	}

	return {
		extensionName: 'plenum-votes',
		priority: 800,

		async drain() {
			await current;
			while (queue.size > 0) await runNext();
		},

		async afterLoadDocument({ document, documentName }) {
			const name = parseDocumentName(documentName);
			if (name?.kind === 'topic' || name?.kind === 'meeting') {
				await deps.publisher.publish(documentName, document);
			}
			if (name?.kind !== 'ballot') return;
			// A request already in the document as it loads is decided in the next batch.
			if (ballotMap(document).has('request')) {
				enqueue({
					doc: document,
					topicId: name.topicId,
					userId: name.userId,
					forEntryId: name.forEntryId,
					seenAt: performance.now()
				});
				return;
			}
			// Otherwise the votes table's answer goes in before the device's first sync (Hocuspocus
			// awaits this hook before it handles the connection's messages): a device that is synced
			// knows whether this voter's vote counts, and may close the ballot (`ballot-link.ts`).
			// A request the device sends in that sync is decided in a batch (`onChange`).
			const vote = await deps.votes.findVote(name.topicId, name.userId, name.forEntryId);
			answer(document, vote ? toReceipt(vote) : null, null);
		},

		async onChange({
			document,
			documentName,
			transactionOrigin,
			context
		}: onChangePayload<CollabContext>) {
			if (!isTransactionOrigin(transactionOrigin) || transactionOrigin.source !== 'connection') {
				return;
			}
			const name = parseDocumentName(documentName);
			if (name?.kind !== 'ballot' || context.auth?.user.id !== name.userId) return;
			enqueue({
				doc: document,
				topicId: name.topicId,
				userId: name.userId,
				forEntryId: name.forEntryId,
				seenAt: performance.now()
			});
		}
	};
}
