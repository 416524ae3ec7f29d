/**
 * The authoritative vote path. A voter writes a `request` into their ballot document; this
 * extension reads it, lets the vote store decide and commit (vote row and audit entry in one
 * transaction), and only then writes the `receipt` (or a `refusal` with its reason) back and
 * schedules the topic's tallies. The store call runs synchronously up to its commit, so two
 * updates to one ballot cannot interleave. Whatever a client writes into its own ballot, the
 * receipt it gets back mirrors the votes table, the only truth.
 */
import { isTransactionOrigin, type Extension, type onChangePayload } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { parseBallotRequest, refusalMessages } from '../../src/lib/core/vote-rules.ts';
import type { VoteRecord } from '../../src/lib/core/types.ts';
import type { VoteStore } from '../../src/lib/server/storage/store.ts';
import {
	ballotMap,
	parseDocumentName,
	readBallot,
	type BallotReceipt,
	type BallotRefusal
} from '../../src/lib/shared/documents.ts';
import { same, SERVER_ORIGIN, type TopicPublisher } from '../topic-publisher.ts';
import type { CollabContext } from './auth.ts';

const toReceipt = (vote: VoteRecord): BallotReceipt => ({
	ballotId: vote.ballotId,
	optionId: vote.optionId,
	tracker: vote.tracker,
	acceptedAt: vote.createdAt
});

export function votesExtension(deps: {
	votes: VoteStore;
	publisher: TopicPublisher;
	now: () => number;
}): Extension {
	function answer(doc: Y.Doc, receipt: BallotReceipt | null, refusal: BallotRefusal | null) {
		const map = ballotMap(doc);
		const current = readBallot(doc);
		doc.transact(() => {
			if (receipt && !same(current.receipt, receipt)) map.set('receipt', receipt);
			if (!receipt && current.receipt) map.delete('receipt');
			if (refusal && !same(current.refusal, refusal)) map.set('refusal', refusal);
		}, SERVER_ORIGIN);
	}

	async function handleBallot(doc: Y.Doc, topicId: string, userId: string) {
		const raw = ballotMap(doc).get('request');
		const now = deps.now();
		if (raw === undefined) {
			answer(doc, await receiptOf(topicId, userId), null);
			return;
		}
		const request = parseBallotRequest(raw);
		if (!request) {
			const ballotId = typeof (raw as { ballotId?: unknown })?.ballotId === 'string';
			answer(doc, await receiptOf(topicId, userId), {
				ballotId: ballotId ? String((raw as { ballotId: string }).ballotId).slice(0, 64) : '',
				optionId: '',
				reason: 'malformed-ballot',
				message: refusalMessages['malformed-ballot'],
				at: now
			});
			return;
		}
		// Synchronous for SQLite up to and including the commit.
		const outcome = await deps.votes.cast(topicId, userId, request, now);
		if (outcome.ok) {
			answer(doc, toReceipt(outcome.vote), null);
			if (!outcome.duplicate) deps.publisher.schedule(topicId);
			return;
		}
		const previous = readBallot(doc).refusal;
		answer(doc, outcome.vote ? toReceipt(outcome.vote) : null, {
			ballotId: request.ballotId,
			optionId: request.optionId,
			reason: outcome.reason,
			message: refusalMessages[outcome.reason],
			at: outcome.repeated && previous?.ballotId === request.ballotId ? previous.at : now
		});
	}

	async function receiptOf(topicId: string, userId: string) {
		const vote = await deps.votes.findVote(topicId, userId);
		return vote ? toReceipt(vote) : null;
	}

	return {
		extensionName: 'plenum-votes',
		priority: 800,

		async afterLoadDocument({ document, documentName }) {
			const name = parseDocumentName(documentName);
			if (name?.kind === 'topic') await deps.publisher.publish(name.topicId, document);
			if (name?.kind === 'ballot') await handleBallot(document, name.topicId, name.userId);
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
			await handleBallot(document, name.topicId, name.userId);
		}
	};
}
