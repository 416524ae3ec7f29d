/**
 * A load-generator thread: joins its share of the hall as guests, connects one phone per guest,
 * and on request offers votes at a steady rate (or a burst), reporting every receipt and every
 * tally its observing phones showed. Several threads share the generator's core(s), so no single
 * event loop holds thousands of sockets.
 */
import { parentPort } from 'node:worker_threads';
import { createGuests, joinAsGuest, pool } from './guests.ts';
import { now, Phone, type HallPhone, type VoteOutcome } from './phone.ts';
import { RawPhone } from './raw-phone.ts';
import type { FromWorker, RunRequest, RunResult, ToWorker, WorkerSetup } from './protocol.ts';
import { percentile } from './stats.ts';
import { setDrainPeriod, wireStats } from './wire-socket.ts';

const TICK_MS = 5;
const READY_TIMEOUT_MS = 180_000;

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

let phones: HallPhone[] = [];
/** The index of each phone's room in `WorkerSetup.rooms`. */
const roomOf = new Map<HallPhone, number>();
let observers: HallPhone[] = [];
/** Phones waiting for nothing, first in first out. */
let idle: HallPhone[] = [];
let idleHead = 0;
let current: Collector | null = null;
let disconnects = 0;
let startConnecting!: () => void;
/** Phones connect only when asked, so the server's memory can be read between join and connect. */
const connectRequested = new Promise<void>((resolve) => (startConnecting = resolve));

/** What one run records, as receipts arrive. */
class Collector {
	outcomes: number[] = [];
	receipted = 0;
	refused: Record<string, number> = {};
	lastReceivedAt = 0;
	readonly startAt: number;
	readonly once: boolean;
	constructor(startAt: number, once: boolean) {
		this.startAt = startAt;
		this.once = once;
	}
}

function takeIdle(): HallPhone | null {
	while (idleHead < idle.length) {
		const phone = idle[idleHead++];
		if (phone.idle) return phone;
	}
	return null;
}

function giveBack(phone: HallPhone) {
	if (idleHead > 4096 && idleHead * 2 > idle.length) {
		idle = idle.slice(idleHead);
		idleHead = 0;
	}
	idle.push(phone);
}

async function setup(config: WorkerSetup) {
	setDrainPeriod(config.idleReadMs);
	const joinStart = Date.now();
	const roomIndex = (i: number) => (i < config.observers ? 0 : i % config.rooms.length);
	if (config.join === 'direct' && config.rooms.length > 1)
		throw new Error('guests of several meetings join over HTTP (--join http)');
	const guests =
		config.join === 'direct'
			? await createGuests(
					config.databasePath,
					config.rooms[0].meetingId,
					config.phones,
					config.namePrefix
				)
			: await pool(config.phones, config.joinConcurrency, (i) =>
					joinAsGuest(config.baseUrl, config.rooms[roomIndex(i)].code, `${config.namePrefix}${i}`)
				);
	post({ type: 'joined', joinMs: Date.now() - joinStart });
	await connectRequested;
	const connectStart = Date.now();
	let connected = 0;
	phones = await pool(config.phones, config.connectConcurrency, async (i) => {
		const Kind = i < Math.max(config.providers, config.observers) ? Phone : RawPhone;
		const room = config.rooms[roomIndex(i)];
		const phone: HallPhone = new Kind(
			{
				wsUrl: room.wsUrl,
				topicId: room.topicId,
				meetingId: room.meetingId,
				userId: guests[i].userId,
				token: guests[i].token,
				optionIds: room.optionIds,
				ranked: config.ranked,
				observe: i < config.observers
			},
			{
				receipt: (outcome) => onReceipt(phone, outcome),
				refusal: (reason) => onRefusal(phone, reason),
				disconnect: () => disconnects++
			}
		);
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([
			phone.ready,
			new Promise((_, reject) => {
				timer = setTimeout(
					() =>
						reject(
							new Error(`phone ${i} not ready after ${READY_TIMEOUT_MS} ms: ${phone.describe()}`)
						),
					READY_TIMEOUT_MS
				);
			})
		]);
		clearTimeout(timer);
		roomOf.set(phone, roomIndex(i));
		if (++connected % 500 === 0) post({ type: 'progress', connected });
		return phone;
	});
	observers = phones.slice(0, config.observers);
	post({ type: 'ready', connectMs: Date.now() - connectStart });
}

function onReceipt(phone: HallPhone, outcome: VoteOutcome) {
	const run = current;
	if (run && outcome.sentAt >= run.startAt) {
		run.outcomes.push(
			outcome.sentAt,
			outcome.receivedAt,
			outcome.acceptedAt,
			phone.real ? 1 : 0,
			roomOf.get(phone) ?? 0
		);
		run.receipted++;
		run.lastReceivedAt = outcome.receivedAt;
	}
	if (!run?.once) giveBack(phone);
}

function onRefusal(phone: HallPhone, reason: string) {
	const run = current;
	if (run) run.refused[reason] = (run.refused[reason] ?? 0) + 1;
	if (!run?.once) giveBack(phone);
}

async function run(request: RunRequest): Promise<RunResult> {
	const collector = new Collector(request.startAt, request.once);
	current = collector;
	idle = phones.filter((phone) => phone.idle).sort(() => Math.random() - 0.5);
	idleHead = 0;
	for (const observer of observers) observer.tallies.length = 0;
	const disconnectsBefore = disconnects;
	const total = Math.round((request.rate * request.durationMs) / 1000);
	let offered = 0;
	let sent = 0;
	let unsent = 0;
	let firstSentAt = 0;
	let lastSentAt = 0;
	const lags: number[] = [];
	const wireBefore = { ...wireStats };
	wireStats.largestRead = 0;

	await new Promise((resolve) => setTimeout(resolve, Math.max(0, request.startAt - now())));
	await new Promise<void>((resolve) => {
		let expected = now();
		const tick = () => {
			const t = now();
			lags.push(Math.max(0, t - expected));
			expected = t + TICK_MS;
			const due = Math.min(total, Math.floor(((t - request.startAt) * request.rate) / 1000));
			while (offered < due) {
				offered++;
				const phone = takeIdle();
				if (!phone) {
					unsent++;
					continue;
				}
				phone.vote();
				sent++;
				lastSentAt = now();
				firstSentAt ||= lastSentAt;
			}
			if (offered < total) setTimeout(tick, TICK_MS);
			else resolve();
		};
		tick();
	});

	const outstanding = () => sent - collector.receipted - countRefused(collector);
	const drainUntil = now() + request.drainMs;
	while (outstanding() > 0 && now() < drainUntil) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	current = null;
	return {
		offered,
		sent,
		unsent,
		receipted: collector.receipted,
		refused: collector.refused,
		lost: outstanding(),
		disconnects: disconnects - disconnectsBefore,
		outcomes: Float64Array.from(collector.outcomes),
		firstSentAt,
		lastSentAt,
		lastReceivedAt: collector.lastReceivedAt,
		tickLagP99: percentile(lags, 99),
		tickLagMax: lags.reduce((a, b) => Math.max(a, b), 0),
		wire: {
			reads: wireStats.reads - wireBefore.reads,
			frames: wireStats.frames - wireBefore.frames,
			largestRead: wireStats.largestRead
		}
	};
}

async function tallies(atLeast: number, timeoutMs: number) {
	const until = now() + timeoutMs;
	const behind = () => observers.some((o) => (o.tallies.at(-1)?.at ?? -Infinity) < atLeast);
	while (behind() && now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
	return observers.map((o) => [...o.tallies]);
}

const countRefused = (c: Collector) => Object.values(c.refused).reduce((a, b) => a + b, 0);

port.on('message', (message: ToWorker) => {
	const fail = (error: unknown) =>
		post({
			type: 'error',
			message: error instanceof Error ? (error.stack ?? error.message) : String(error)
		});
	if (message.type === 'setup') setup(message.setup).catch(fail);
	if (message.type === 'connect') startConnecting();
	if (message.type === 'run')
		run(message.run)
			.then((result) =>
				port.postMessage({ type: 'result', result } satisfies FromWorker, [
					result.outcomes.buffer as ArrayBuffer
				])
			)
			.catch(fail);
	if (message.type === 'tallies')
		tallies(message.atLeast, message.timeoutMs)
			.then((logs) => post({ type: 'tallies', tallies: logs }))
			.catch(fail);
	if (message.type === 'stop') {
		for (const phone of phones) phone.destroy();
		process.exit(0);
	}
});
