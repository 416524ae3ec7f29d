/**
 * A proxy's ballot for one member they carry: the ballot document
 * `ballot/<topicId>/<userId>/<entryId>`, answered by the server like the voter's own (a receipt,
 * or a refusal with its reason). The device remembers what it cast, as for its own ballot.
 */
import type { Choice } from '../core/poll.ts';
import { ballotStatus, type OwnBallot } from '../shared/ballot-status.ts';
import {
	ballotDocumentName,
	ballotMap,
	readBallot,
	type BallotReceipt,
	type BallotRefusal,
	type BallotRequestValue
} from '../shared/documents.ts';
import { randomId } from '../shared/ids.ts';
import type { CollabConnection } from './collab-connection.svelte.ts';

export class ProxyBallotLive {
	request = $state<BallotRequestValue | null>(null);
	receipt = $state<BallotReceipt | null>(null);
	refusal = $state<BallotRefusal | null>(null);
	sealed = $state(false);
	mine = $state<OwnBallot | null>(null);
	problem = $state<string | null>(null);
	allowChange = $state(false);

	ballot = $derived(
		ballotStatus(this.request, this.receipt, this.refusal, this.mine, this.allowChange, this.sealed)
	);

	#doc: import('yjs').Doc | null = null;
	#key: string | null = null;
	#cleanup: (() => void) | null = null;

	start(connection: CollabConnection, topicId: string, userId: string, entryId: string) {
		const name = ballotDocumentName(topicId, userId, entryId);
		this.#key = `plenum:mine:${name}`;
		try {
			const kept = JSON.parse(localStorage.getItem(this.#key) ?? 'null');
			this.mine = typeof kept?.ballotId === 'string' && kept.choice ? kept : null;
		} catch {
			this.mine = null;
		}
		const ballot = connection.open(name);
		ballot.onRefused((reason) => (this.problem = reason));
		const read = () => {
			const { request, receipt, refusal, sealed } = readBallot(ballot.doc);
			this.sealed = sealed;
			this.request = request;
			this.receipt = receipt;
			this.refusal = refusal;
		};
		ballotMap(ballot.doc).observe(read);
		read();
		this.#doc = ballot.doc;
		this.#cleanup = ballot.destroy;
	}

	/** Records the proxy's choice for the member; the server counts it when it arrives. */
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
	}
}
