/**
 * `deploy/nginx.conf` in front of two real instances sharing Redis (and, for this test only, one
 * SQLite file in WAL mode): every socket of a room reaches the instance that serves the room,
 * the client's address reaches the app as ADDRESS_HEADER/XFF_DEPTH expect, and when the room's
 * instance dies its clients come back through nginx to the other one. Skips loudly without Redis
 * or nginx; fails in CI.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import { readTopic, roomUrl, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { apiClient, type ApiClient } from '../helpers/api.ts';
import { nginxAvailable, startNginx } from '../helpers/nginx.ts';
import { freePort } from '../helpers/ports.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { eventually, openDocument, socket } from '../helpers/voters.ts';

const ready = (await redisAvailable()) && nginxAvailable();
/** Ports of this suite: nginx, then the instances. */
const LEASE_MS = 2000;
const PER_ADDRESS = 20;

describe.skipIf(!ready)('nginx in front of two instances', () => {
	const prefix = testPrefix();
	let servers: RunningServer[] = [];
	let nginx: Awaited<ReturnType<typeof startNginx>>;
	let api: ApiClient;
	let redis: Redis;

	beforeAll(async () => {
		const env = {
			REDIS_URL,
			REDIS_PREFIX: prefix,
			ROOM_LEASE_MS: String(LEASE_MS),
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			MAX_SOCKETS_PER_ADDRESS: String(PER_ADDRESS)
		};
		// Every port is free when asked for (NGINX_TEST_PORT pins nginx's), so a run never meets a
		// process left behind.
		const first = await startServer(env);
		const second = await startServer(env, { databasePath: first.databasePath });
		servers = [first, second];
		const port = Number(process.env.NGINX_TEST_PORT ?? (await freePort()));
		nginx = await startNginx(port, [first.port, second.port]);
		api = apiClient(nginx.url);
		redis = new Redis(REDIS_URL);
	});

	afterAll(async () => {
		redis?.disconnect();
		await nginx?.stop();
		for (const server of [...servers].reverse()) await server.dispose();
		await dropPrefix(prefix);
	});

	/** The instance serving a room now, by the lease in Redis. */
	async function servingInstance(room: string): Promise<RunningServer | null> {
		const lease = await redis.get(`${prefix}lease:${room}`);
		if (!lease) return null;
		const id = lease.slice(0, lease.lastIndexOf('|'));
		return servers.find((server) => server.log().includes(`"instanceId":"${id}"`)) ?? null;
	}

	async function openTopic() {
		const host = await api.register();
		const topic = await api.createTopic(host.token);
		await api.open(host.token, topic.id);
		const name = topicDocumentName(topic.id);
		return { host, topic, name, url: roomUrl(nginx.wsUrl, name) };
	}

	it('sends every socket of a room to the one instance that serves it, and spreads rooms', async () => {
		const served = new Set<RunningServer>();
		for (let index = 0; index < 12; index++) {
			const { host, name, url } = await openTopic();
			let instance: RunningServer | null = null;
			for (let attempt = 0; attempt < 3; attempt++) {
				const client = await rawClient(url);
				client.authenticate(name, host.token);
				await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));
				expect(client.closed()).toBeNull();
				const now = await servingInstance(name);
				expect(now).not.toBeNull();
				if (instance) expect(now).toBe(instance);
				instance = now;
				client.close();
			}
			served.add(instance!);
		}
		// Twelve rooms on one of two instances would happen once in 2,048 runs of a fair hash.
		expect(served.size).toBe(2);
	});

	it('counts sockets by the address nginx forwards, across both instances, whatever the client claims', async () => {
		// Straight to an instance, without nginx's header, an upgrade is refused.
		await expect(rawClient(servers[0].wsUrl)).rejects.toThrow(/400/);
		const held = [];
		for (let index = 0; index < PER_ADDRESS; index++) {
			const room = `topic/address-${index}`;
			held.push(
				await rawClient(roomUrl(nginx.wsUrl, room), { 'X-Forwarded-For': `198.51.100.${index}` })
			);
		}
		await expect(
			rawClient(roomUrl(nginx.wsUrl, 'topic/one-more'), { 'X-Forwarded-For': '198.51.100.99' })
		).rejects.toThrow(/429/);
		for (const client of held) client.close();
		await eventually(async () => {
			const again = await rawClient(roomUrl(nginx.wsUrl, 'topic/one-more'));
			again.close();
		});
	});

	it('brings a room’s clients to the other instance when its instance is killed', async () => {
		const { host, topic, name, url } = await openTopic();
		const viewer = openDocument(socket(url), name, host.token);
		await eventually(() => expect(readTopic(viewer.doc).state?.status).toBe('open'));
		const dead = (await servingInstance(name))!;
		const survivor = servers.find((server) => server !== dead)!;
		const closes: number[] = [];
		viewer.provider.configuration.websocketProvider.on(
			'close',
			({ event }: { event: { code: number } }) => closes.push(event.code)
		);

		const killedAt = Date.now();
		await dead.kill();
		await eventually(async () => expect(await servingInstance(name)).toBe(survivor), LEASE_MS * 10);
		// The host closes the topic through nginx; the viewer sees it from the survivor.
		await api.close(host.token, topic.id);
		await eventually(
			() => expect(readTopic(viewer.doc).state?.status).toBe('closed'),
			LEASE_MS * 5
		);
		const tookMs = Date.now() - killedAt;
		expect(tookMs).toBeLessThan(LEASE_MS * 10);
		expect(closes.length).toBeGreaterThan(0);
		console.info(
			`room moved to the surviving instance and showed the close ${tookMs} ms after the kill`
		);
		expect(closes.every((code) => code !== CLOSE.sessionEnded.code)).toBe(true);
		viewer.provider.configuration.websocketProvider.destroy();
		viewer.destroy();
		await dead.restart();
	});
});
