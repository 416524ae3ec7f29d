/**
 * The authoritative vote path. A voter's request comes as a message on the topic document
 * (`plenum/vote`, see `ballot-messages.ts`); this extension queues it, and on a later turn of the
 * event loop lets the vote store decide and commit every queued ballot in ONE transaction (each
 * vote row with its audit entry). Only after that commit does it answer each (`plenum/ballot`: a
 * receipt, or a refusal with its reason) and schedule the topics' tallies. Batching turns a burst of votes into one disk sync instead of one per vote, and
 * lets broadcasts and timers run between batches; under load a batch waits a few milliseconds for
 * more ballots (`server/batch-pacing.ts`).
 *
 * A request is answered on the connection it came by, and a counted vote also on every other
 * connection of the voter's that asked what counts for them on this topic (their other devices).
 * Asks (`plenum/ask`) go through the same queue, so a device's ask is never answered after, and
 * against, its own vote's receipt.
 *
 * A ballot is read when its batch runs, so two requests of one device for one ballot in a batch
 * are decided once, on the latest; batches never overlap. Whatever a client sends, the answer
 * mirrors the votes table, the only truth.
 *
 * On shutdown `drain()` runs what is queued at once and resolves after its commit and answers,
 * so a SIGTERM never leaves a ballot half decided (a request it never read is sent again on
 * reconnect, with the same ballot id, and counted once).
 */
import type { Connection, Extension, onStatelessPayload } from '@hocuspocus/server';
import type { VoteRecord } from '../../src/lib/core/types.ts';
import { PROXY_LIMIT_MAX } from '../../src/lib/core/proxy-rules.ts';
import { parseBallotRequest, refusalMessages } from '../../src/lib/core/vote-rules.ts';
import type { Logger } from '../../src/lib/server/log.ts';
import type { Metrics } from '../../src/lib/server/metrics.ts';
import type { BallotInput, VoteStore } from '../../src/lib/server/storage/store.ts';
import {
	ASK_MESSAGE,
	ballotAnswer,
	parseBallotMessage
} from '../../src/lib/shared/ballot-messages.ts';
import {
	parseDocumentName,
	type BallotReceipt,
	type BallotRefusal
} from '../../src/lib/shared/documents.ts';
import type { BatchPacing } from '../batch-pacing.ts';
import type { Publisher } from '../publisher.ts';
import type { CollabContext } from './auth.ts';

/** Most ballots decided in one transaction; more wait for the next turn. */
const MAX_BATCH = 500;

interface QueuedBallot {
	/** The connection the message came by. */
	connection: Connection;
	/** The request as sent (undefined: an ask). */
	raw: unknown;
	topicId: string;
	userId: string;
	/** A proxy's ballot: the roll member it is cast for (the message's `for`). */
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

/**
 * The refusal of a request refused before it was decided (unreadable, or not one this connection
 * may send): it names the request's ballot id when it has one, and no choice.
 */
function refusedUnread(
	raw: unknown,
	reason: 'malformed-ballot' | 'not-signed-in' | 'not-a-proxy',
	now: number
): BallotRefusal {
	const ballotId = (raw as { ballotId?: unknown } | null)?.ballotId;
	return {
		ballotId: typeof ballotId === 'string' ? ballotId.slice(0, 64) : '',
		choice: null,
		reason,
		message: refusalMessages[reason],
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
	/** Told how long each newly decided vote waited, from being read to its answer (ms). */
	answered?: (waitedMs: number) => void;
}): VotesExtension {
	const { pacing } = deps;
	/** Keyed by connection and ballot (`messageKeys`): a device's latest request waits. */
	const queue = new Map<object, QueuedBallot>();
	/** Per connection, a key object per ballot it sends messages for (`for` or its own). */
	const messageKeys = new WeakMap<Connection, Map<string, object>>();
	/**
	 * The connections that sent a ballot's messages (`topicId\0userId\0forEntryId`): an ask or a
	 * vote; each hears the ballot's counted votes, whichever device cast them.
	 */
	const listeners = new Map<string, Set<Connection>>();
	let scheduled = false;
	/** The batch running now, if any: batches run one after another, never side by side. */
	let current: Promise<void> = Promise.resolve();

	const ballotKey = (ballot: Pick<QueuedBallot, 'topicId' | 'userId' | 'forEntryId'>) =>
		`${ballot.topicId}\0${ballot.userId}\0${ballot.forEntryId ?? ''}`;

	/**
	 * The queue's key for a ballot of this connection, or null when the connection already sends
	 * messages for as many ballots as anyone may carry (its own and `PROXY_LIMIT_MAX` members'):
	 * what a connection makes the server keep stays bounded, whatever `for` it names.
	 */
	function queueKey(ballot: QueuedBallot): object | null {
		let keys = messageKeys.get(ballot.connection);
		if (!keys) messageKeys.set(ballot.connection, (keys = new Map()));
		const name = ballot.forEntryId ?? '';
		let key = keys.get(name);
		if (!key) {
			if (keys.size > PROXY_LIMIT_MAX) return null;
			keys.set(name, (key = {}));
		}
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

	/**
	 * Answers a queued ballot on its connection; a counted vote also to the voter's other devices.
	 * `keep`: a secret vote counts that the server cannot name (`toReceipt`).
	 */
	function reply(
		ballot: QueuedBallot,
		receipt: BallotReceipt | 'keep' | null,
		refusal: BallotRefusal | null,
		counted = false
	) {
		const message = (withRefusal: boolean) =>
			ballotAnswer(
				{
					receipt: receipt === 'keep' ? null : receipt,
					sealed: receipt === 'keep',
					refusal: withRefusal ? refusal : null
				},
				ballot.forEntryId
			);
		ballot.connection.sendStateless(message(true));
		if (!counted) return;
		const others = listeners.get(ballotKey(ballot));
		if (!others) return;
		const payload = message(false);
		for (const connection of others) {
			if (connection !== ballot.connection) connection.sendStateless(payload);
		}
	}

	function runNext() {
		current = current.then(runBatch).catch((error) => {
			deps.log.error({ err: error }, 'vote batch failed');
		});
		return current;
	}

	function enqueue(ballot: QueuedBallot, key: object) {
		const queued = queue.get(key);
		// A request seen again before its batch runs keeps the moment it was first seen; an ask
		// after a request of the same device waits for that request's answer, which answers it too.
		const seenAt = queued?.raw !== undefined ? queued.seenAt : ballot.seenAt;
		if (!(ballot.raw === undefined && queued)) queue.set(key, { ...ballot, seenAt });
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
		const toAnswer: QueuedBallot[] = [];
		for (const ballot of batch) {
			const { raw } = ballot;
			const request = raw === undefined ? null : parseBallotRequest(raw);
			if (request) {
				const { topicId, userId, forEntryId } = ballot;
				const input: BallotInput = { topicId, userId, request };
				if (forEntryId !== undefined) input.forEntryId = forEntryId;
				toCast.push({ ballot, input });
				continue;
			}
			toAnswer.push(ballot);
		}
		// Asks, and requests that could not be read, are answered with the votes as stored, read
		// for all of them at once.
		if (toAnswer.length > 0) {
			const votes = await deps.votes.findVotes(
				toAnswer.map(({ topicId, userId, forEntryId }) => ({ topicId, userId, forEntryId }))
			);
			toAnswer.forEach((ballot, index) => {
				const vote = votes[index];
				const { raw } = ballot;
				const refusal = raw === undefined ? null : refusedUnread(raw, 'malformed-ballot', now);
				reply(ballot, vote ? toReceipt(vote) : null, refusal);
				if (raw !== undefined) deps.metrics?.voteRefused('malformed-ballot');
			});
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
		const answered = (ballot: QueuedBallot, outcome: 'accepted' | 'refused') => {
			const waitedMs = performance.now() - ballot.seenAt;
			deps.metrics?.receipt(outcome, waitedMs / 1000);
			deps.answered?.(waitedMs);
		};
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
			// A refusal told again keeps its first time on the device (`applyAnswer`).
			reply(ballot, outcome.vote ? toReceipt(outcome.vote) : null, {
				ballotId: input.request.ballotId,
				choice: input.request.choice,
				reason: outcome.reason,
				message: refusalMessages[outcome.reason],
				at: now,
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
		},

		async onStateless({ connection, documentName, payload }: onStatelessPayload) {
			const name = parseDocumentName(documentName);
			if (name?.kind !== 'topic') return;
			const message = parseBallotMessage(payload);
			if (message === null) return;
			const context = connection.context as CollabContext;
			const reject = (reason: Parameters<typeof refusedUnread>[1], forEntryId?: string) => {
				const raw = message === 'malformed' ? null : (message as { request?: unknown }).request;
				const refusal = refusedUnread(raw, reason, deps.now());
				connection.sendStateless(
					ballotAnswer({ receipt: null, sealed: false, refusal }, forEntryId)
				);
			};
			if (message === 'malformed') return reject('malformed-ballot');
			const userId = context.auth?.user.id;
			if (!userId) return reject('not-signed-in', message.for);
			const ballot: QueuedBallot = {
				connection,
				raw: message.type === ASK_MESSAGE ? undefined : message.request,
				topicId: name.topicId,
				userId,
				forEntryId: message.for,
				seenAt: performance.now()
			};
			const key = queueKey(ballot);
			if (!key) return reject('not-a-proxy', message.for);
			listen(connection, ballot);
			enqueue(ballot, key);
		}
	};
}
