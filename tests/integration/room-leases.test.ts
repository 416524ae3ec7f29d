/**
 * One writer per room across instances: two real server processes sharing Redis (and, for this
 * test only, one SQLite file in WAL mode), with room leases on. Skips loudly without Redis; fails
 * in CI.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { readTopic, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { apiClient, type ApiClient } from '../helpers/api.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { eventually, openDocument, socket } from '../helpers/voters.ts';

const hasRedis = await redisAvailable();
const LEASE_MS = 2000;

describe.skipIf(!hasRedis)('room leases on two instances', () => {
	const prefix = testPrefix();
	let a: RunningServer;
	let b: RunningServer;
	let onA: ApiClient;
	let onB: ApiClient;

	beforeAll(async () => {
		const env = { REDIS_URL, REDIS_PREFIX: prefix, ROOM_LEASE_MS: String(LEASE_MS) };
		a = await startServer(env);
		b = await startServer(env, { databasePath: a.databasePath });
		onA = apiClient(a.url);
		onB = apiClient(b.url);
	});

	afterAll(async () => {
		await b?.dispose();
		await a?.dispose();
		await dropPrefix(prefix);
	});

	async function openTopic() {
		const host = await onA.register();
		const topic = await onA.createTopic(host.token);
		await onA.open(host.token, topic.id);
		return { host, topic, name: topicDocumentName(topic.id) };
	}

	/**
	 * A raw client asking `server` for a document: `authenticated:…`, or `moved` when the server
	 * closed the socket with `servedElsewhere` (without refusing the document for good, so a
	 * provider comes back).
	 */
	async function ask(server: RunningServer, name: string, token: string) {
		const client = await rawClient(server.wsUrl);
		client.authenticate(name, token);
		const answer = await eventually(() => {
			const reply = client.authReply(name);
			if (reply?.startsWith('authenticated')) return reply;
			if (client.closed()?.code === CLOSE.servedElsewhere.code) return 'moved';
			throw new Error(`no answer yet (${reply})`);
		});
		return Object.assign(client, { answer });
	}

	it('serves a room from one instance and sends a socket for it on the other away', async () => {
		const { host, name } = await openTopic();
		const owner = await ask(a, name, host.token);
		expect(owner.answer).toBe('authenticated:readonly');
		const away = await ask(b, name, host.token);
		expect(away.answer).toBe('moved');
		owner.close();
	});

	it('writes a host’s change made through the other instance into the room’s documents', async () => {
		const host = await onB.register();
		const topic = await onB.createTopic(host.token);
		const viewer = openDocument(socket(a.wsUrl), topicDocumentName(topic.id), host.token);
		await eventually(() => expect(readTopic(viewer.doc).state?.status).toBe('draft'));
		await onB.open(host.token, topic.id);
		await eventually(() => expect(readTopic(viewer.doc).state?.status).toBe('open'));
		viewer.provider.configuration.websocketProvider.destroy();
		viewer.destroy();
	});

	it('closes the room’s sockets on an instance whose lease another took', async () => {
		const { host, name } = await openTopic();
		const owner = await ask(a, name, host.token);
		expect(owner.answer).toBe('authenticated:readonly');
		// Redis forgot the lease and someone else took it (a stalled owner, a restarted Redis).
		const redis = new Redis(REDIS_URL);
		await redis.set(`${prefix}lease:${name}`, 'another-instance|1', 'PX', 60_000);
		redis.disconnect();
		await eventually(
			() => expect(owner.closed()?.code).toBe(CLOSE.servedElsewhere.code),
			LEASE_MS * 3
		);
	});

	it('hands a room to the other instance once its owner stops, and after a SIGKILL once the lease lapses', async () => {
		const { host, name } = await openTopic();
		const owner = await ask(a, name, host.token);
		expect(owner.answer).toBe('authenticated:readonly');

		const killedAt = Date.now();
		await a.kill();
		// Until the dead owner's lease lapses, B sends the room's sockets away; then it serves it.
		await eventually(async () => {
			const client = await ask(b, name, host.token);
			client.close();
			expect(client.answer).toBe('authenticated:readonly');
		}, LEASE_MS * 5);
		expect(Date.now() - killedAt).toBeLessThan(LEASE_MS * 5);

		// A comes back; B holds the room now and a stop (SIGTERM) hands it back at once.
		await a.restart();
		const held = await ask(b, name, host.token);
		expect(held.answer).toBe('authenticated:readonly');
		const refused = await ask(a, name, host.token);
		expect(refused.answer).toBe('moved');
		await b.stop();
		const back = await ask(a, name, host.token);
		expect(back.answer).toBe('authenticated:readonly');
		back.close();
		await b.restart();
	});
});
