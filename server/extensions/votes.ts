/**
 * The authoritative vote path. A voter's request comes as a message on the topic document
 * (`plenum/vote`, see `ballot-messages.ts`) or written into their ballot document (`request`);
 * this extension queues it, and on a later turn of the event loop lets the vote store decide and
 * commit every queued ballot in ONE transaction (each vote row with its audit entry). Only after
 * that commit does it answer each (a receipt, or a refusal with its reason) and schedule the
 * topics' tallies. Batching turns a burst of votes into one disk sync instead of one per vote, and
 * lets broadcasts and timers run between batches; under load a batch waits a few milliseconds for
 * more ballots (`server/batch-pacing.ts`).
 *
 * A message is answered on the connection it came by (`plenum/ballot`), and a counted vote also
 * on every other connection of the voter's that asked what counts for them on this topic (their
 * other devices). A ballot document is answered by writing into it. Asks go through the same
 * queue, so a device's ask is never answered after, and against, its own vote's receipt.
 *
 * A ballot is read when its batch runs, so two requests of one device for one ballot in a batch
 * are decided once, on the latest; batches never overlap. Whatever a client sends, the answer
 * mirrors the votes table, the only truth.
 *
 * On shutdown `drain()` runs what is queued at once and resolves after its commit and answers,
 * so a SIGTERM never leaves a ballot half decided (a request it never read is sent again on
 * reconnect, with the same ballot id, and counted once).
 */
import {
	isTransactionOrigin,
	type Connection,
	type Extension,
	type onChangePayload,
	type onStatelessPayload
} from '@hocuspocus/server';
import type * as Y from 'yjs';
import type { VoteRecord } from '../../src/lib/core/types.ts';
import { parseBallotRequest, refusalMessages } from '../../src/lib/core/vote-rules.ts';
import type { Logger } from '../../src/lib/server/log.ts';
import type { Metrics } from '../../src/lib/server/metrics.ts';
import type { BallotInput, VoteStore } from '../../src/lib/server/storage/store.ts';
import {
	ASK_MESSAGE,
	ballotAnswer,
	parseBallotMessage,
	type BallotAnswer
} from '../../src/lib/shared/ballot-messages.ts';
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

type BallotDocument = Y.Doc & { isDestroyed?: boolean };

/** Where a queued ballot came from, and so how it is read and answered. */
type BallotSource =
	| { kind: 'document'; doc: BallotDocument }
	/** `raw`: the request (undefined: an ask). */
	| { kind: 'message'; connection: Connection; raw: unknown };

interface QueuedBallot {
	source: BallotSource;
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
	doc: BallotDocument,
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
	/** Keyed by ballot document, or by connection and ballot for messages. */
	const queue = new Map<unknown, QueuedBallot>();
	/** Per connection, a key object per ballot it sends messages for (`for` or its own). */
	const messageKeys = new WeakMap<Connection, Map<string, object>>();
	/**
	 * The connections that asked about a ballot (`topicId\0userId\0forEntryId`): each hears the
	 * ballot's counted votes, whichever device cast them.
	 */
	const listeners = new Map<string, Set<Connection>>();
	let scheduled = false;
	/** The batch running now, if any: batches run one after another, never side by side. */
	let current: Promise<void> = Promise.resolve();

	const ballotKey = (ballot: Pick<QueuedBallot, 'topicId' | 'userId' | 'forEntryId'>) =>
		`${ballot.topicId}\0${ballot.userId}\0${ballot.forEntryId ?? ''}`;

	function queueKey(ballot: QueuedBallot): unknown {
		const { source } = ballot;
		if (source.kind === 'document') return source.doc;
		let keys = messageKeys.get(source.connection);
		if (!keys) messageKeys.set(source.connection, (keys = new Map()));
		const name = ballot.forEntryId ?? '';
		let key = keys.get(name);
		if (!key) keys.set(name, (key = {}));
		return key;
	}

	function listen(connection: Connection, ballot: QueuedBallot) {
		const key = ballotKey(ballot);
		const set = listeners.get(key) ?? new Set<Connection>();
		if (set.has(connection)) return;
		listeners.set(key, set.add(connection));
		connection.onClose(() => {
			set.delete(connection);
			if (set.size === 0 && listeners.get(key) === set) listeners.delete(key);
		});
	}

	/** Answers a queued ballot where it came from; a counted vote also to the voter's other devices. */
	function reply(
		ballot: QueuedBallot,
		receipt: BallotReceipt | 'keep' | null,
		refusal: BallotRefusal | null,
		counted = false
	) {
		const { source } = ballot;
		if (source.kind === 'document') answer(source.doc, receipt, refusal);
		const message = (withRefusal: boolean) => {
			const value: Omit<BallotAnswer, 'type'> = {
				receipt: receipt === 'keep' ? null : receipt,
				sealed: receipt === 'keep',
				refusal: withRefusal ? refusal : null
			};
			if (ballot.forEntryId !== undefined) value.for = ballot.forEntryId;
			return ballotAnswer(value);
		};
		if (source.kind === 'message') source.connection.sendStateless(message(true));
		if (!counted) return;
		const others = listeners.get(ballotKey(ballot));
		if (!others) return;
		const payload = message(false);
		for (const connection of others) {
			if (source.kind !== 'message' || connection !== source.connection)
				connection.sendStateless(payload);
		}
	}

	function runNext() {
		current = current.then(runBatch).catch((error) => {
			deps.log.error({ err: error }, 'vote batch failed');
		});
		return current;
	}

	function enqueue(ballot: QueuedBallot) {
		const key = queueKey(ballot);
		const queued = queue.get(key);
		// A request seen again before its batch runs keeps the moment it was first seen; an ask
		// after a request of the same device waits for that request's answer, which answers it too.
		const seenAt = queued?.seenAt ?? ballot.seenAt;
		const asking = ballot.source.kind === 'message' && ballot.source.raw === undefined;
		if (!(asking && queued)) queue.set(key, { ...ballot, seenAt });
		if (!scheduled) {
			scheduled = true;
			pacing.schedule(() => void runNext());
		}
		pacing.waiting(queue.size);
	}

	/** The request a queued ballot holds now (undefined: none, an ask). */
	function requestOf({ source }: QueuedBallot): unknown {
		return source.kind === 'message' ? source.raw : ballotMap(source.doc).get('request');
	}

	async function runBatch() {
		scheduled = false;
		if (queue.size === 0) return;
		pacing.started();
		const batch: QueuedBallot[] = [];
		for (const [key, ballot] of queue) {
			if (batch.length === MAX_BATCH) break;
			batch.push(ballot);
			queue.delete(key);
		}
		if (queue.size > 0) {
			scheduled = true;
			pacing.schedule(() => void runNext());
			pacing.waiting(queue.size);
		}

		const now = deps.now();
		const toCast: { ballot: QueuedBallot; input: BallotInput }[] = [];
		for (const ballot of batch) {
			const raw = requestOf(ballot);
			const request = raw === undefined ? null : parseBallotRequest(raw);
			if (request) {
				const { topicId, userId, forEntryId } = ballot;
				const input: BallotInput = { topicId, userId, request };
				if (forEntryId !== undefined) input.forEntryId = forEntryId;
				toCast.push({ ballot, input });
				continue;
			}
			const vote = await deps.votes.findVote(ballot.topicId, ballot.userId, ballot.forEntryId);
			reply(ballot, vote ? toReceipt(vote) : null, raw === undefined ? null : malformed(raw, now));
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
		// Metrics count first decisions only: a ballot answered again (its request sent again after a
		// reconnect or restart) is neither a new vote nor a new refusal.
		const answered = (ballot: QueuedBallot, outcome: 'accepted' | 'refused') =>
			deps.metrics?.receipt(outcome, (performance.now() - ballot.seenAt) / 1000);
		outcomes.forEach((outcome, index) => {
			const { ballot, input } = toCast[index];
			deps.touched?.(ballot.topicId);
			if (outcome.ok) {
				reply(ballot, toReceipt(outcome.vote), null, !outcome.duplicate);
				if (!outcome.duplicate) {
					changedTopics.add(ballot.topicId);
					deps.metrics?.voteAccepted();
					answered(ballot, 'accepted');
				}
				return;
			}
			if (!outcome.repeated) deps.metrics?.voteRefused(outcome.reason);
			const { source } = ballot;
			const previous = source.kind === 'document' ? readBallot(source.doc).refusal : null;
			const keepTime = outcome.repeated && previous?.ballotId === input.request.ballotId;
			reply(ballot, outcome.vote ? toReceipt(outcome.vote) : null, {
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
			const ballot: QueuedBallot = {
				source: { kind: 'document', doc: document },
				topicId: name.topicId,
				userId: name.userId,
				forEntryId: name.forEntryId,
				seenAt: performance.now()
			};
			// A request already in the document as it loads is decided in the next batch.
			if (ballotMap(document).has('request')) return enqueue(ballot);
			// Otherwise the votes table's answer goes in before the device's first sync (Hocuspocus
			// awaits this hook before it handles the connection's messages): a device that is synced
			// knows whether this voter's vote counts, and may close the ballot (`ballot-link.ts`).
			// A request the device sends in that sync is decided in a batch (`onChange`).
			const vote = await deps.votes.findVote(name.topicId, name.userId, name.forEntryId);
			answer(document, vote ? toReceipt(vote) : null, null);
		},

		async onStateless({ connection, documentName, payload }: onStatelessPayload) {
			const name = parseDocumentName(documentName);
			if (name?.kind !== 'topic') return;
			const message = parseBallotMessage(payload);
			if (message === null) return;
			const context = connection.context as CollabContext;
			const reject = (reason: 'malformed-ballot' | 'not-signed-in', forEntryId?: string) => {
				const raw = message === 'malformed' ? null : (message as { request?: unknown }).request;
				const refusal = { ...malformed(raw, deps.now()), reason, message: refusalMessages[reason] };
				const value: Omit<BallotAnswer, 'type'> = { receipt: null, sealed: false, refusal };
				if (forEntryId !== undefined) value.for = forEntryId;
				connection.sendStateless(ballotAnswer(value));
			};
			if (message === 'malformed') return reject('malformed-ballot');
			const userId = context.auth?.user.id;
			if (!userId) return reject('not-signed-in', message.for);
			const ballot: QueuedBallot = {
				source: {
					kind: 'message',
					connection,
					raw: message.type === ASK_MESSAGE ? undefined : message.request
				},
				topicId: name.topicId,
				userId,
				forEntryId: message.for,
				seenAt: performance.now()
			};
			listen(connection, ballot);
			enqueue(ballot);
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
				source: { kind: 'document', doc: document },
				topicId: name.topicId,
				userId: name.userId,
				forEntryId: name.forEntryId,
				seenAt: performance.now()
			});
		}
	};
}
