/**
 * Live state of one topic: the read-only topic document and, for a signed-in voter, their ballot
 * (`BallotLive`) and those of the members they carry as proxy, whose messages go over the topic
 * document.
 */
import { untrack } from 'svelte';
import type { Choice, PollRules } from '../core/poll.ts';
import type { Electorate } from '../core/roll-rules.ts';
import type { BallotStatus } from '../shared/ballot-status.ts';
import {
	ballotDocumentName,
	readResultsPreview,
	readTopic,
	topicDocumentName,
	topicMap,
	type TopicAudit,
	type TopicMeta,
	type TopicResults,
	type TopicState
} from '../shared/documents.ts';
import { BallotLive, type BallotLine } from './ballot-live.svelte.ts';
import type { CollabConnection, LiveDocument } from './collab-connection.svelte.ts';

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
	/** Why the server refused to open the topic, if it did. */
	problem = $state<string | null>(null);
	/** The signed-in voter's own ballot (none until `start` with a user). */
	own = $state.raw<BallotLive | null>(null);
	ballot = $derived<BallotStatus>(this.own?.ballot ?? { kind: 'none' });

	/** The poll type and its limits (single choice until the topic document says otherwise). */
	rules = $derived<PollRules>({
		kind: this.topicState?.kind ?? 'single',
		minChoices: this.topicState?.minChoices ?? 1,
		maxChoices: this.topicState?.maxChoices ?? 1,
		scoreMax: this.topicState?.scoreMax ?? 5,
		seats: this.topicState?.seats ?? 1
	});

	#cleanup: (() => void)[] = [];
	#topic: LiveDocument | null = null;
	/** The ballots whose messages go over this topic: the voter's own and a proxy's. */
	#ballots = new Set<BallotLive>();

	/** The topic document as a ballot's line to the server (`BallotLive.start`). */
	readonly line: BallotLine;

	constructor(initial: TopicSnapshot | null) {
		const topic = () => this.#topic;
		this.line = {
			send: (payload) => topic()?.sendStateless(payload),
			get synced() {
				return topic()?.synced ?? false;
			}
		};
		this.meta = initial?.meta ?? null;
		this.topicState = initial?.state ?? null;
		this.results = initial?.results ?? null;
	}

	/** Opens the topic (and the voter's ballot) on the page's connection; browser only. */
	start(connection: CollabConnection, topicId: string, userId: string | null) {
		const topic = connection.open(topicDocumentName(topicId));
		this.#topic = topic;
		topic.onRefused((reason) => (this.problem = reason));
		topic.onSynced(() => {
			for (const ballot of this.#ballots) ballot.synced();
		});
		// A presenter's screen gets tallies between writes of a large hall's document; the
		// document takes over again once it holds results at least as recent.
		let previewAt: number | null = null;
		topic.onStateless((payload) => {
			for (const ballot of this.#ballots) ballot.receive(payload);
			const preview = readResultsPreview(payload);
			if (!preview || preview.at < (this.results?.at ?? 0)) return;
			previewAt = preview.at;
			this.results = preview;
		});
		const readTopicDoc = () => {
			const { meta, state, results, presence, audit, electorate } = readTopic(topic.doc);
			if (presence) this.present = presence.present;
			this.electorate = electorate;
			if (audit) this.audit = audit;
			if (meta) this.meta = meta;
			if (state) {
				this.topicState = state;
				this.own?.topicStatus(state.status);
			}
			if (results && (previewAt === null || results.at >= previewAt)) {
				previewAt = null;
				this.results = results;
			}
		};
		topicMap(topic.doc).observe(readTopicDoc);
		readTopicDoc();
		this.#cleanup.push(() => {
			topic.destroy();
			this.#topic = null;
		});

		if (userId) {
			const own = new BallotLive(() => this.topicState?.allowChange ?? false);
			own.start(connection, ballotDocumentName(topicId, userId), this.line);
			this.#cleanup.push(this.attach(own));
			// `start` runs in a component's effect: the status read here is no dependency of it.
			own.topicStatus(untrack(() => this.topicState?.status ?? null));
			this.own = own;
			this.#cleanup.push(() => own.destroy());
		}
	}

	/**
	 * Lets a ballot hear this topic's messages and syncs (a proxy's ballot for a member, besides
	 * the voter's own); returns what detaches it.
	 */
	attach(ballot: BallotLive): () => void {
		this.#ballots.add(ballot);
		if (this.#topic?.synced) ballot.synced();
		return () => this.#ballots.delete(ballot);
	}

	/** Records the voter's choice on this device; the server counts it when it arrives. */
	vote(choice: Choice) {
		this.own?.vote(choice);
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
	}
}
