/**
 * Live state of one topic: the read-only topic document and, for a signed-in voter, their
 * ballot document. The device also remembers the ballot it cast itself (see `ballotStatus`).
 */
import { parseChoice, type Choice, type PollRules } from '../core/poll.ts';
import type { Electorate } from '../core/roll-rules.ts';
import { ballotStatus, type OwnBallot } from '../shared/ballot-status.ts';
import {
	ballotDocumentName,
	ballotMap,
	readBallot,
	readTopic,
	topicDocumentName,
	topicMap,
	type BallotReceipt,
	type BallotRefusal,
	type BallotRequestValue,
	type TopicAudit,
	type TopicMeta,
	type TopicResults,
	type TopicState
} from '../shared/documents.ts';
import { randomId } from '../shared/ids.ts';
import type { CollabConnection } from './collab-connection.svelte.ts';

export interface TopicSnapshot {
	meta: TopicMeta;
	state: TopicState;
	results: TopicResults;
}

export class TopicLive {
	meta = $state<TopicMeta | null>(null);
	topicState = $state<TopicState | null>(null);
	results = $state<TopicResults | null>(null);
	/** People with the topic open now, counted by the server. */
	present = $state<number | null>(null);
	/** Roll meetings: eligible (the roll the topic opened with), checked in, roll version. */
	electorate = $state<Electorate | null>(null);
	/** The audit chain's head as published with the results. */
	audit = $state<TopicAudit | null>(null);
	request = $state<BallotRequestValue | null>(null);
	receipt = $state<BallotReceipt | null>(null);
	refusal = $state<BallotRefusal | null>(null);
	/** A secret vote of this voter counts that this device cannot name (cast elsewhere). */
	sealed = $state(false);
	/** The ballot this device cast (the shared request may hold another device's). */
	mine = $state<OwnBallot | null>(null);
	/** Why the server refused to open a document, if it did. */
	problem = $state<string | null>(null);

	ballot = $derived(
		ballotStatus(
			this.request,
			this.receipt,
			this.refusal,
			this.mine,
			this.topicState?.allowChange ?? false,
			this.sealed
		)
	);

	/** The poll type and its limits (single choice until the topic document says otherwise). */
	rules = $derived<PollRules>({
		kind: this.topicState?.kind ?? 'single',
		minChoices: this.topicState?.minChoices ?? 1,
		maxChoices: this.topicState?.maxChoices ?? 1,
		scoreMax: this.topicState?.scoreMax ?? 5,
		seats: this.topicState?.seats ?? 1
	});

	#cleanup: (() => void)[] = [];
	#ballotDoc: import('yjs').Doc | null = null;
	#mineKey: string | null = null;

	constructor(initial: TopicSnapshot | null) {
		this.meta = initial?.meta ?? null;
		this.topicState = initial?.state ?? null;
		this.results = initial?.results ?? null;
	}

	/** Opens the topic (and the voter's ballot) on the page's connection; browser only. */
	start(connection: CollabConnection, topicId: string, userId: string | null) {
		const topic = connection.open(topicDocumentName(topicId));
		topic.onRefused((reason) => (this.problem = reason));
		const readTopicDoc = () => {
			const { meta, state, results, presence, audit, electorate } = readTopic(topic.doc);
			if (presence) this.present = presence.present;
			this.electorate = electorate;
			if (audit) this.audit = audit;
			if (meta) this.meta = meta;
			if (state) this.topicState = state;
			if (results) this.results = results;
		};
		topicMap(topic.doc).observe(readTopicDoc);
		readTopicDoc();
		this.#cleanup.push(topic.destroy);

		if (userId) {
			const name = ballotDocumentName(topicId, userId);
			this.#mineKey = `plenum:mine:${name}`;
			this.mine = readOwnBallot(this.#mineKey);
			const ballot = connection.open(name);
			ballot.onRefused((reason) => (this.problem = reason));
			const readBallotDoc = () => {
				const { request, receipt, refusal, sealed } = readBallot(ballot.doc);
				this.request = request;
				this.receipt = receipt;
				this.refusal = refusal;
				this.sealed = sealed;
			};
			ballotMap(ballot.doc).observe(readBallotDoc);
			readBallotDoc();
			this.#ballotDoc = ballot.doc;
			this.#cleanup.push(ballot.destroy);
		}
	}

	/** Records the voter's choice on this device; the server counts it when it arrives. */
	vote(choice: Choice) {
		if (!this.#ballotDoc) return;
		const request: BallotRequestValue = { ballotId: randomId(16), choice, castAt: Date.now() };
		this.mine = { ballotId: request.ballotId, choice };
		if (this.#mineKey) localStorage.setItem(this.#mineKey, JSON.stringify(this.mine));
		ballotMap(this.#ballotDoc).set('request', request);
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
	}
}

function readOwnBallot(key: string): OwnBallot | null {
	try {
		const value = JSON.parse(localStorage.getItem(key) ?? 'null');
		// Devices that voted before poll types kept `optionId`.
		const choice = parseChoice(
			value?.choice ?? (typeof value?.optionId === 'string' ? [value.optionId] : null)
		);
		return typeof value?.ballotId === 'string' && choice
			? { ballotId: value.ballotId, choice }
			: null;
	} catch {
		return null;
	}
}
