/**
 * A cheap phone for the mass of the hall: one plain `ws` socket speaking the Hocuspocus wire
 * protocol by hand, with the two documents a browser opens (meeting, topic), voting as a browser
 * does, by messages on the topic document (`ballot-messages.ts`): it asks what counts for it once
 * both documents are open, then sends each request and reads its answer. Frames are recognised by
 * their first bytes; only the topic's stateless messages are decoded while a vote is in flight,
 * everything else is dropped undecoded. No provider, no per-document timers, no event emitters:
 * at 10,000 phones the provider's machinery, not the server, set the generator's limit. A sample
 * of phones stays on the real provider (`Phone`) so the real client is still measured.
 *
 * The socket is a `WireSocket`: while the phone waits for nothing (connected, no vote in flight)
 * it is lazy and its frames are read in batches (see `wire-socket.ts`); from sending a request
 * until its answer it reads every frame as it comes, so the receipt latency is what a phone
 * reading promptly would see.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { askMessage, readBallotAnswer, voteMessage } from '../src/lib/shared/ballot-messages.ts';
import { meetingDocumentName, topicDocumentName } from '../src/lib/shared/documents.ts';
import { randomId } from '../src/lib/shared/ids.ts';
import { now, settleVote, type PhoneConfig, type PhoneEvents, type TallySeen } from './phone.ts';
import { authMessage, syncStep1 } from './subscription.ts';
import { WireSocket } from './wire-socket.ts';

const MESSAGE_AUTH = 2;
const MESSAGE_STATELESS = 5;
const AUTH_DENIED = 1;
const AUTH_GRANTED = 2;
const PING = 9;
const PONG = new Uint8Array([10]);

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
	/** Frames for the topic document start with these bytes. */
	private readonly topicPrefix: Uint8Array;
	private readonly waitingFor: Set<string>;
	private readonly config: PhoneConfig;
	private readonly events: PhoneEvents;

	constructor(config: PhoneConfig, events: PhoneEvents) {
		this.config = config;
		this.events = events;
		this.option = Math.floor(Math.random() * config.optionIds.length);
		const topicName = topicDocumentName(config.topicId);
		this.topicPrefix = namePrefix(topicName);
		const names = [meetingDocumentName(config.meetingId), topicName];
		this.waitingFor = new Set(names);
		let fail!: (error: Error) => void;
		let succeed!: () => void;
		this.ready = new Promise<void>((resolve, reject) => {
			succeed = () => {
				// As the browser, ask what counts for this voter once the topic is open.
				this.sendStateless(askMessage());
				// From here on the phone waits for nothing until it votes: its frames can wait too.
				this.socket.lazy = this.pending === null;
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
					this.socket.send(syncStep1(name));
				}
			},
			message: (bytes, start, end) => {
				if (end - start === 1 && bytes[start] === PING) this.socket.send(PONG);
				else if (this.pending && startsWith(bytes, start, end, this.topicPrefix))
					this.onTopicFrame(bytes.subarray(start, end));
				else if (this.waitingFor.size > 0)
					this.onAuthFrame(bytes.subarray(start, end), succeed, fail);
			},
			error: (error) => fail(error),
			close: () => {
				fail(new Error('socket closed before the phone was ready'));
				if (opened) events.disconnect();
			}
		});
	}

	/** Sends a stateless message on the topic document. */
	private sendStateless(payload: string) {
		const encoder = encoding.createEncoder();
		encoding.writeUint8Array(encoder, this.topicPrefix);
		encoding.writeVarUint(encoder, MESSAGE_STATELESS);
		encoding.writeVarString(encoder, payload);
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
			if (this.waitingFor.size === 0) succeed();
		}
	}

	/** A topic frame while a vote is in flight: its answer, if it is one. */
	private onTopicFrame(data: Uint8Array) {
		const decoder = decoding.createDecoder(data);
		decoding.readVarString(decoder);
		if (decoding.readVarUint(decoder) !== MESSAGE_STATELESS || !this.pending) return;
		const answer = readBallotAnswer(decoding.readVarString(decoder));
		settleVote(this.pending, answer, this.events, () => {
			this.pending = null;
			this.socket.lazy = true;
		});
	}

	describe(): string {
		const waiting = [...this.waitingFor].join(', ');
		return `raw socket ${this.socket.state}${waiting ? `; waiting for ${waiting}` : ''}`;
	}

	get idle() {
		return this.pending === null;
	}

	/** Sends a new request, for an option other than the last one (so the totals change). */
	vote() {
		const { optionIds } = this.config;
		this.option = (this.option + 1) % optionIds.length;
		const ballotId = randomId(16);
		// Read promptly until the answer: what queued meanwhile comes in the first read.
		this.socket.lazy = false;
		this.socket.drain();
		this.pending = { ballotId, sentAt: now() };
		const choice = this.config.ranked
			? [...optionIds.slice(this.option), ...optionIds.slice(0, this.option)]
			: [optionIds[this.option]];
		this.sendStateless(voteMessage({ ballotId, choice, castAt: Date.now() }));
	}

	destroy() {
		this.socket.terminate();
	}
}
