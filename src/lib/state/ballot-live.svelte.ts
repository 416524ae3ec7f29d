/**
 * One ballot document as a device sees it: `ballot/<topicId>/<userId>` for the voter's own vote,
 * or `ballot/<topicId>/<userId>/<entryId>` for a member a proxy carries. The voter writes a
 * `request`; the server answers with a receipt, a refusal with its reason, or `sealed`. The device
 * also remembers the ballot it cast itself (see `ballotStatus`), in localStorage.
 *
 * The ballot is open on the server only while something can happen on it (`ballotLinkStep`):
 * closed once answered, opened again to vote, for a vote pending on the device, when a refused
 * vote's topic opens again, and when the page comes back into view. What the page shows comes
 * from the device's copy, which stays.
 */
import { untrack } from 'svelte';
import { parseChoice, type Choice } from '../core/poll.ts';
import { ballotLinkKeeper, ballotLinkStep } from '../shared/ballot-link.ts';
import { ballotStatus, type OwnBallot } from '../shared/ballot-status.ts';
import {
	ballotMap,
	readBallot,
	type BallotReceipt,
	type BallotRefusal,
	type BallotRequestValue
} from '../shared/documents.ts';
import { randomId } from '../shared/ids.ts';
import type { ClosableDocument, CollabConnection } from './collab-connection.svelte.ts';

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

	/** Whether the ballot is open on the server now (for tests and the page's data attributes). */
	open = $state(false);

	#live: ClosableDocument | null = null;
	#loaded = false;
	#key: string | null = null;
	#keeper: ReturnType<typeof ballotLinkKeeper> | null = null;
	#topicStatus: string | null = null;
	#cleanup: (() => void)[] = [];

	/** `allowChange`: whether the topic lets voters change their vote (read when it changes). */
	constructor(allowChange: () => boolean) {
		this.#allowChange = allowChange;
	}

	start(connection: CollabConnection, name: string) {
		this.#key = `plenum:mine:${name}`;
		this.mine = readOwnBallot(this.#key);
		const ballot = connection.openClosable(name);
		this.#live = ballot;
		const stepNow = (allowChange: boolean) =>
			ballotLinkStep({
				open: ballot.server.open,
				settled: ballot.server.settled,
				loaded: this.#loaded,
				status: this.ballot.kind,
				allowChange
			});
		this.#keeper = ballotLinkKeeper({
			step: () => stepNow(this.#allowChange()),
			// Asked again once the idle time is over: a vote or an answer may have come in meanwhile.
			recheck: () => stepNow(false),
			open: () => this.#reopen(),
			close: () => ballot.server.disconnect()
		});
		ballot.onRefused((reason) => (this.problem = reason));
		const read = () => {
			const { request, receipt, refusal, sealed } = readBallot(ballot.doc);
			this.request = request;
			this.receipt = receipt;
			this.refusal = refusal;
			this.sealed = sealed;
			this.#review();
		};
		ballotMap(ballot.doc).observe(read);
		ballot.onServerChange(() => this.#review());
		void ballot.loaded.then(() => {
			this.#loaded = true;
			this.#review();
		});
		read();
		// Back in view (a phone unlocked, a tab shown): hear what changed meanwhile, such as a vote
		// changed on another device.
		const visible = () => {
			if (document.visibilityState === 'visible') this.#reopen();
		};
		document.addEventListener('visibilitychange', visible);
		this.#cleanup.push(() => document.removeEventListener('visibilitychange', visible));
		this.#cleanup.push(ballot.destroy);
	}

	/** Records the choice on this device; the server counts it when it arrives. */
	vote(choice: Choice) {
		if (!this.#live) return;
		const request: BallotRequestValue = { ballotId: randomId(16), choice, castAt: Date.now() };
		this.mine = { ballotId: request.ballotId, choice };
		if (this.#key) localStorage.setItem(this.#key, JSON.stringify(this.mine));
		this.#reopen();
		ballotMap(this.#live.doc).set('request', request);
	}

	/**
	 * The topic's status as the page shows it. When a closed topic opens again, a ballot whose
	 * vote was refused opens to hear the server again; a counted one stays closed (reopening a
	 * topic keeps its votes), so a hall's phones do not all open their ballots at that moment.
	 */
	topicStatus(status: string | null) {
		const before = this.#topicStatus;
		this.#topicStatus = status;
		if (status !== 'open' || before !== 'closed') return;
		untrack(() => {
			if (this.ballot.kind === 'refused') this.#reopen();
		});
	}

	#reopen() {
		this.#keeper?.cancel();
		this.#live?.server.connect();
		this.open = this.#live?.server.open ?? false;
	}

	/**
	 * Opens or closes the ballot on the server as `ballotLinkStep` says. Also called while `start`
	 * runs inside a component's effect: what it reads must not become that effect's dependencies
	 * (the effect would restart the ballot at every answer).
	 */
	#review() {
		untrack(() => this.#decide());
	}

	#decide() {
		const live = this.#live;
		if (!live) return;
		this.open = live.server.open;
		this.#keeper?.review();
	}

	destroy() {
		this.#keeper?.cancel();
		this.#keeper = null;
		for (const cleanup of this.#cleanup.splice(0).reverse()) cleanup();
		this.#live = null;
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
