/**
 * One ballot as a device sees it: the voter's own vote on a topic, or a member's a proxy carries.
 * The device keeps its copy (`request`, and the server's `receipt`, `refusal` or `sealed`) in
 * IndexedDB as `ballot/<topicId>/<userId>[/<entryId>]`, and talks to the server through messages
 * on the topic document (`BallotChannel`): the request is sent when cast and again each time the
 * topic syncs until answered, so a vote cast offline, even across a reload, is counted once when
 * the device is back. The device also remembers the ballot it cast itself (see `ballotStatus`),
 * in localStorage.
 */
import { untrack } from 'svelte';
import { parseChoice, type Choice } from '../core/poll.ts';
import { BallotChannel } from '../shared/ballot-channel.ts';
import { ballotStatus, type OwnBallot } from '../shared/ballot-status.ts';
import {
	ballotMap,
	readBallot,
	type BallotReceipt,
	type BallotRefusal,
	type BallotRequestValue
} from '../shared/documents.ts';
import { randomId } from '../shared/ids.ts';
import type { CollabConnection } from './collab-connection.svelte.ts';

/** What a ballot needs of its topic's document on the server. */
export interface BallotLine {
	/** Sends a stateless message on the topic document (lost while not connected). */
	send(payload: string): void;
	/** Whether the topic document is synced with the server now. */
	readonly synced: boolean;
}

export class BallotLive {
	request = $state<BallotRequestValue | null>(null);
	receipt = $state<BallotReceipt | null>(null);
	refusal = $state<BallotRefusal | null>(null);
	/** A secret vote of this voter counts that this device cannot name (cast elsewhere). */
	sealed = $state(false);
	/** The ballot this device cast (another device of the voter's may have cast another). */
	mine = $state<OwnBallot | null>(null);

	#allowChange: () => boolean = () => false;

	ballot = $derived(
		ballotStatus(
			this.request,
			this.receipt,
			this.refusal,
			this.mine,
			this.#allowChange(),
			this.sealed
		)
	);

	#channel: BallotChannel | null = null;
	#forEntryId: string | undefined;
	#loaded = false;
	#key: string | null = null;
	#topicStatus: string | null = null;
	#cleanup: (() => void)[] = [];

	/** `allowChange`: whether the topic lets voters change their vote (read when it changes). */
	constructor(allowChange: () => boolean, forEntryId?: string) {
		this.#allowChange = allowChange;
		this.#forEntryId = forEntryId;
	}

	/** Opens the device's copy (`name`: the ballot's name) and talks over the topic's `line`. */
	start(connection: CollabConnection, name: string, line: BallotLine) {
		this.#key = `plenum:mine:${name}`;
		this.mine = readOwnBallot(this.#key);
		const copy = connection.openLocal(name);
		this.#channel = new BallotChannel(copy.doc, (payload) => line.send(payload), this.#forEntryId);
		const read = () => {
			const { request, receipt, refusal, sealed } = readBallot(copy.doc);
			this.request = request;
			this.receipt = receipt;
			this.refusal = refusal;
			this.sealed = sealed;
		};
		ballotMap(copy.doc).observe(read);
		read();
		void copy.loaded.then(() => {
			this.#loaded = true;
			// A request kept on the device (cast offline, then the page reloaded) goes out now if
			// the topic is already synced, else when it is.
			if (line.synced) this.synced();
		});
		this.#cleanup.push(copy.destroy);
	}

	/** The topic document is synced with the server (opened, or after a reconnect). */
	synced() {
		if (this.#loaded) this.#channel?.connected();
	}

	/** A stateless message on the topic document: applied if it answers this ballot. */
	receive(payload: string) {
		this.#channel?.receive(payload);
	}

	/** Records the choice on this device and sends it; the server counts it when it arrives. */
	vote(choice: Choice) {
		if (!this.#channel) return;
		const request: BallotRequestValue = { ballotId: randomId(16), choice, castAt: Date.now() };
		this.mine = { ballotId: request.ballotId, choice };
		if (this.#key) localStorage.setItem(this.#key, JSON.stringify(this.mine));
		this.#channel.vote(request);
	}

	/**
	 * The topic's status as the page shows it. When a closed topic opens again, a vote refused
	 * here is sent again: the topic may count it now (reopening a topic keeps its votes).
	 */
	topicStatus(status: string | null) {
		const before = this.#topicStatus;
		this.#topicStatus = status;
		if (status !== 'open' || before !== 'closed') return;
		untrack(() => {
			if (this.ballot.kind === 'refused') this.#channel?.sendAgain();
		});
	}

	destroy() {
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
		this.#channel = null;
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
