/**
 * One ballot document as a device sees it: `ballot/<topicId>/<userId>` for the voter's own vote,
 * or `ballot/<topicId>/<userId>/<entryId>` for a member a proxy carries. The voter writes a
 * `request`; the server answers with a receipt, a refusal with its reason, or `sealed`. The device
 * also remembers the ballot it cast itself (see `ballotStatus`), in localStorage.
 */
import { parseChoice, type Choice } from '../core/poll.ts';
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

export class BallotLive {
	request = $state<BallotRequestValue | null>(null);
	receipt = $state<BallotReceipt | null>(null);
	refusal = $state<BallotRefusal | null>(null);
	/** A secret vote of this voter counts that this device cannot name (cast elsewhere). */
	sealed = $state(false);
	/** The ballot this device cast (the shared request may hold another device's). */
	mine = $state<OwnBallot | null>(null);
	/** Why the server refused to open the document, if it did. */
	problem = $state<string | null>(null);

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

	#doc: import('yjs').Doc | null = null;
	#key: string | null = null;
	#cleanup: (() => void) | null = null;

	/** `allowChange`: whether the topic lets voters change their vote (read when it changes). */
	constructor(allowChange: () => boolean) {
		this.#allowChange = allowChange;
	}

	start(connection: CollabConnection, name: string) {
		this.#key = `plenum:mine:${name}`;
		this.mine = readOwnBallot(this.#key);
		const ballot = connection.open(name);
		ballot.onRefused((reason) => (this.problem = reason));
		const read = () => {
			const { request, receipt, refusal, sealed } = readBallot(ballot.doc);
			this.request = request;
			this.receipt = receipt;
			this.refusal = refusal;
			this.sealed = sealed;
		};
		ballotMap(ballot.doc).observe(read);
		read();
		this.#doc = ballot.doc;
		this.#cleanup = ballot.destroy;
	}

	/** Records the choice on this device; the server counts it when it arrives. */
	vote(choice: Choice) {
		if (!this.#doc) return;
		const request: BallotRequestValue = { ballotId: randomId(16), choice, castAt: Date.now() };
		this.mine = { ballotId: request.ballotId, choice };
		if (this.#key) localStorage.setItem(this.#key, JSON.stringify(this.mine));
		ballotMap(this.#doc).set('request', request);
	}

	destroy() {
		this.#cleanup?.();
		this.#cleanup = null;
		this.#doc = null;
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
