/**
 * A cheap phone for the mass of the hall: one plain `ws` socket speaking the Hocuspocus wire
 * protocol by hand, with the same three documents a browser opens (meeting, topic, ballot) and
 * the same ballot document a browser writes (`ballot.request`, see `TopicLive.vote`), held in a
 * small Y.Doc of its own. Frames for the meeting and topic documents are recognised by their
 * first bytes and dropped undecoded; only the ballot document's frames are decoded, to see the
 * receipt. No provider, no per-document timers, no event emitters: at 10,000 phones the
 * provider's machinery, not the server, set the generator's limit. A sample of phones stays on
 * the real provider (`Phone`) so the real client is still measured.
 *
 * Like the browser (`BallotLive`, `ballotLinkStep`), the phone closes its ballot on the server
 * once a vote of its is answered (where votes may change, after `BALLOT_IDLE_CLOSE_MS`), and opens it again
 * to vote: authentication and sync step 1 under a new address (`name\0session`, as the browser's
 * `ServerLink`), then the request.
 *
 * The socket is a `WireSocket`: while the phone waits for nothing (connected, no vote in flight)
 * it is lazy and its frames are read in batches (see `wire-socket.ts`); from writing a request
 * until the receipt or refusal is applied it reads every frame as it comes, so the receipt
 * latency is what a phone reading promptly would see.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ballotLinkKeeper, ballotLinkStep } from '../src/lib/shared/ballot-link.ts';
import {
	ballotDocumentName,
	ballotMap,
	meetingDocumentName,
	readBallot,
	topicDocumentName
} from '../src/lib/shared/documents.ts';
import { randomId } from '../src/lib/shared/ids.ts';
import { now, type PhoneConfig, type PhoneEvents, type TallySeen } from './phone.ts';
import { authMessage, syncStep1 } from './subscription.ts';
import { WireSocket } from './wire-socket.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const MESSAGE_SYNC_REPLY = 4;
const MESSAGE_CLOSE = 7;
const AUTH_DENIED = 1;
const AUTH_GRANTED = 2;
const PING = 9;
const PONG = new Uint8Array([10]);
/** Origin of updates that came from the server, so they are not sent back. */
const FROM_SERVER = Symbol('server');

/** Encodes the document name once; frames for it start with exactly these bytes. */
function namePrefix(name: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, name);
	return encoding.toUint8Array(encoder);
}

/** Whether `bytes[start, end)` begins with `prefix`. */
function startsWith(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
	if (end - start < prefix.length) return false;
	for (let i = prefix.length - 1; i >= 0; i--) if (bytes[start + i] !== prefix[i]) return false;
	return true;
}

export class RawPhone {
	/** Raw phones never decode tallies; the observing sample runs on the real provider. */
	readonly tallies: TallySeen[] = [];
	readonly real = false;
	readonly ready: Promise<void>;
	private pending: { ballotId: string; sentAt: number } | null = null;
	private option: number;
	private readonly socket: WireSocket;
	private readonly doc: Y.Doc;
	private readonly ballotName: string;
	/** The ballot's address on the server while open (`name\0session`), else null. */
	private ballotAddress: string | null = null;
	private ballotPrefix: Uint8Array = new Uint8Array();
	private readonly waitingFor: Set<string>;
	private ballotSynced = false;
	/** Closes the ballot as the browser does once answered (`ballotLinkStep`). */
	private readonly keeper = ballotLinkKeeper({
		step: () =>
			ballotLinkStep({
				open: this.ballotAddress !== null,
				settled: this.ballotSynced,
				loaded: true,
				status: this.pending ? 'pending' : this.answered ? 'accepted' : 'none',
				allowChange: this.allowChange,
				idleMs: this.config.idleMs
			}),
		open: () => this.openBallot(),
		close: () => this.closeBallot()
	});
	/** A vote of this phone was answered: until then its ballot stays open, as the browser's. */
	private answered = false;
	private readonly allowChange: boolean;
	private readonly config: PhoneConfig;
	private readonly events: PhoneEvents;

	constructor(config: PhoneConfig, events: PhoneEvents) {
		this.config = config;
		this.events = events;
		this.option = Math.floor(Math.random() * config.optionIds.length);
		this.allowChange = config.allowChange;
		this.ballotName = ballotDocumentName(config.topicId, config.userId);
		this.setAddress();
		// Named like the server names it: a random guid reads the CSPRNG 31 times (~170 µs).
		this.doc = new Y.Doc({ guid: this.ballotName });
		const names = [
			meetingDocumentName(config.meetingId),
			topicDocumentName(config.topicId),
			this.ballotAddress!
		];
		this.waitingFor = new Set(names);
		let fail!: (error: Error) => void;
		let succeed!: () => void;
		this.ready = new Promise<void>((resolve, reject) => {
			succeed = () => {
				// From here on the phone waits for nothing until it votes: its frames can wait too.
				this.socket.lazy = this.pending === null;
				this.review();
				resolve();
			};
			fail = reject;
		});
		let opened = false;
		this.socket = new WireSocket(config.wsUrl, {
			open: () => {
				opened = true;
				for (const name of names) {
					this.socket.send(authMessage(name, config.token));
					if (name === this.ballotAddress) {
						this.sendSync(syncProtocol.writeSyncStep1, this.doc);
					} else this.socket.send(syncStep1(name));
				}
			},
			message: (bytes, start, end) => {
				if (end - start === 1 && bytes[start] === PING) this.socket.send(PONG);
				else if (startsWith(bytes, start, end, this.ballotPrefix))
					// Ballot frames are few (syncs, receipts); a copy outlives the shared read buffer.
					this.onBallotFrame(bytes.slice(start, end), succeed, fail);
				else if (this.waitingFor.size > 0)
					this.onAuthFrame(bytes.subarray(start, end), succeed, fail);
			},
			error: (error) => fail(error),
			close: () => {
				fail(new Error('socket closed before the phone was ready'));
				if (opened) events.disconnect();
			}
		});
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== FROM_SERVER && this.ballotAddress)
				this.sendSync(syncProtocol.writeUpdate, update);
		});
		ballotMap(this.doc).observe(() => this.check());
	}

	/** Sends a sync frame for the ballot document: `write(encoder, arg)` after its header. */
	private sendSync<T>(write: (encoder: encoding.Encoder, arg: T) => void, arg: T) {
		const encoder = encoding.createEncoder();
		encoding.writeUint8Array(encoder, this.ballotPrefix);
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		write(encoder, arg);
		this.socket.send(encoding.toUint8Array(encoder));
	}

	private onAuthFrame(data: Uint8Array, succeed: () => void, fail: (error: Error) => void) {
		const decoder = decoding.createDecoder(data);
		const name = decoding.readVarString(decoder);
		if (!this.waitingFor.has(name) || decoding.readVarUint(decoder) !== MESSAGE_AUTH) return;
		const answer = decoding.readVarUint(decoder);
		if (answer === AUTH_DENIED)
			fail(new Error(`${name} refused: ${decoding.readVarString(decoder)}`));
		if (answer === AUTH_GRANTED) {
			this.waitingFor.delete(name);
			if (this.waitingFor.size === 0 && this.ballotSynced) succeed();
		}
	}

	private onBallotFrame(data: Uint8Array, succeed: () => void, fail: (error: Error) => void) {
		const decoder = decoding.createDecoder(data);
		decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_AUTH) {
			this.onAuthFrame(data, succeed, fail);
			return;
		}
		if (type !== MESSAGE_SYNC && type !== MESSAGE_SYNC_REPLY) return;
		const reply = encoding.createEncoder();
		encoding.writeUint8Array(reply, this.ballotPrefix);
		encoding.writeVarUint(reply, MESSAGE_SYNC);
		const headerLength = encoding.length(reply);
		const kind = syncProtocol.readSyncMessage(decoder, reply, this.doc, FROM_SERVER);
		// The server's SyncStep1 is answered with what it misses (a request written before sync).
		if (encoding.length(reply) > headerLength + 1) this.socket.send(encoding.toUint8Array(reply));
		if (kind === syncProtocol.messageYjsSyncStep2 && !this.ballotSynced) {
			this.ballotSynced = true;
			if (this.waitingFor.size === 0) succeed();
			this.review();
		}
	}

	describe(): string {
		const state = this.socket.state;
		const waiting = [...this.waitingFor].join(', ');
		const ballot = !this.ballotAddress ? 'closed' : this.ballotSynced ? 'synced' : 'waiting';
		return `raw socket ${state}; ballot ${ballot}${waiting ? `; waiting for ${waiting}` : ''}`;
	}

	get idle() {
		return this.pending === null;
	}

	/** Writes a new `request`, for an option other than the last one (so the totals change). */
	vote() {
		const { optionIds } = this.config;
		this.option = (this.option + 1) % optionIds.length;
		const ballotId = randomId(16);
		// Read promptly until the receipt: what queued meanwhile comes in the first read.
		this.socket.lazy = false;
		this.socket.drain();
		this.pending = { ballotId, sentAt: now() };
		this.openBallot();
		const choice = this.config.ranked
			? [...optionIds.slice(this.option), ...optionIds.slice(0, this.option)]
			: [optionIds[this.option]];
		ballotMap(this.doc).set('request', { ballotId, choice, castAt: Date.now() });
	}

	private check() {
		if (!this.pending) return;
		const { receipt, refusal } = readBallot(this.doc);
		if (receipt?.ballotId === this.pending.ballotId) {
			const { sentAt } = this.pending;
			this.pending = null;
			this.answered = true;
			this.socket.lazy = true;
			this.events.receipt({ sentAt, receivedAt: now(), acceptedAt: receipt.acceptedAt });
			this.review();
		} else if (refusal?.ballotId === this.pending.ballotId) {
			this.pending = null;
			this.answered = true;
			this.socket.lazy = true;
			this.events.refusal(refusal.reason);
			this.review();
		}
	}

	/** A new address for the next opening of the ballot, and the prefix of its frames. */
	private setAddress() {
		this.ballotAddress = `${this.ballotName}\0${randomId(8)}`;
		this.ballotPrefix = namePrefix(this.ballotAddress);
		this.ballotSynced = false;
	}

	/** Opens the ballot on the server again (if closed): authentication, then sync step 1. */
	private openBallot() {
		this.keeper.cancel();
		if (this.ballotAddress) return;
		this.setAddress();
		this.socket.send(authMessage(this.ballotAddress!, this.config.token));
		this.sendSync(syncProtocol.writeSyncStep1, this.doc);
	}

	/**
	 * Asks the keeper again (the raw phone has no acknowledgements to wait for beyond the sync and
	 * the receipt it reads).
	 */
	private review() {
		this.keeper.review();
	}

	/** Closes the ballot on the server: `Close` for its address. */
	private closeBallot() {
		if (!this.ballotAddress) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, this.ballotAddress);
		encoding.writeVarUint(encoder, MESSAGE_CLOSE);
		this.socket.send(encoding.toUint8Array(encoder));
		this.ballotAddress = null;
		this.ballotSynced = false;
	}

	destroy() {
		this.keeper.cancel();
		this.socket.terminate();
		this.doc.destroy();
	}
}
