/**
 * The cluster as deployed: three real instances behind `deploy/nginx.conf`, sharing Redis (a
 * prefix of this run) and PostgreSQL (a schema of this run, dropped after). 300 voters, real
 * `@hocuspocus/provider` clients multiplexed over a few sockets per meeting, vote through nginx in
 * six meetings; one instance is killed (SIGKILL) in the middle of a wave and restarted. Every vote
 * is counted once, every receipted vote is stored, a countdown closes its topic once, phones follow
 * their host, and every topic's audit export verifies with `yarn audit:verify`. Skips loudly
 * without PostgreSQL, Redis or nginx; fails in CI.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
	meetingDocumentName,
	meetingRoom,
	readBallot,
	readMeeting,
	readTopic,
	roomUrl,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import {
	createTestSchema,
	postgresForTests,
	type TestSchema
} from '../../src/lib/server/storage/postgres/testing.ts';
import { randomId } from '../../src/lib/shared/ids.ts';
import { apiClient, type Account, type ApiClient, type TopicJson } from '../helpers/api.ts';
import { queryRows } from '../helpers/database.ts';
import { createVoters } from '../helpers/factories.ts';
import { nginxAvailable, startNginx } from '../helpers/nginx.ts';
import { freePort } from '../helpers/ports.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { eventually, openBallot, openDocument, socket } from '../helpers/voters.ts';

const ready =
	(await postgresForTests('the cluster failover test')) &&
	(await redisAvailable()) &&
	nginxAvailable();

const SCRIPT = fileURLToPath(new URL('../../scripts/audit-verify.ts', import.meta.url));
const LEASE_MS = 2000;
const MEETINGS = 6;
const VOTERS = 300;
/**
 * Voters per socket: each socket carries its voters' topic documents (each under an address of its
 * own, authenticated as its voter, their ballot's messages on it) and one phone's meeting.
 */
const PER_SOCKET = 25;

interface Meeting {
	id: string;
	host: Account;
	/** Wave 1, wave 2 (the kill), and the topic closed by its countdown. */
	topics: TopicJson[];
	voters: Account[];
	sockets: HocuspocusProviderWebsocket[];
	/** One meeting document per voters' socket, as a phone has it open. */
	phones: ReturnType<typeof openDocument>[];
	/** The host's screen: the topic documents. */
	screen: HocuspocusProviderWebsocket;
	views: ReturnType<typeof openDocument>[];
}

describe.skipIf(!ready)('three instances behind nginx on PostgreSQL and Redis', () => {
	const prefix = testPrefix();
	let schema: TestSchema;
	const servers: RunningServer[] = [];
	let nginx: Awaited<ReturnType<typeof startNginx>>;
	let api: ApiClient;
	let redis: Redis;
	const meetings: Meeting[] = [];
	/** Every voter's topic document and ballot, to close at the end. */
	const ballots: {
		topic: ReturnType<typeof openDocument>;
		ballot: ReturnType<typeof openBallot>;
	}[] = [];
	/** Receipted ballot ids per topic. */
	const receipts = new Map<string, Map<string, string>>();

	beforeAll(async () => {
		schema = await createTestSchema('plenum_cluster');
		const env = {
			REDIS_URL,
			REDIS_PREFIX: prefix,
			ROOM_LEASE_MS: String(LEASE_MS),
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			MAX_SOCKETS_PER_ADDRESS: '10000',
			MAX_DOCUMENTS_PER_SOCKET: '1000',
			MESSAGE_RATE: '10000',
			MESSAGE_BURST: '10000'
		};
		// The first instance migrates the schema; the others find it ready.
		servers.push(await startServer(env, { databasePath: schema.url }));
		servers.push(
			...(await Promise.all([1, 2].map(() => startServer(env, { databasePath: schema.url }))))
		);
		nginx = await startNginx(
			await freePort(),
			servers.map((server) => server.port)
		);
		api = apiClient(nginx.url);
		redis = new Redis(REDIS_URL);

		const voters = await createVoters(schema.url, VOTERS);
		// Meetings whose rooms land on every instance: nginx's hash places each, so meetings are
		// created until the first MEETINGS kept cover all three (the others are left unused).
		const covered = new Set<RunningServer>();
		for (let attempt = 0; meetings.length < MEETINGS; attempt++) {
			if (attempt > 40) throw new Error('nginx sent no meeting to one of the instances');
			const host = await api.register();
			const created = await api.call('POST', '/api/meetings', {
				token: host.token,
				body: { title: `Meeting ${attempt + 1}` }
			});
			expect(created.status).toBe(201);
			const id = created.body.meeting.id as string;
			const url = roomUrl(nginx.wsUrl, meetingRoom(id));
			// The host's console holds the meeting document, which places the room.
			const screen = socket(url);
			const desk = openDocument(screen, meetingDocumentName(id), host.token);
			await eventually(() => expect(desk.provider.isSynced).toBe(true));
			const instance = (await servingInstance(meetingRoom(id)))!;
			expect(instance).not.toBeNull();
			if (covered.has(instance) && MEETINGS - meetings.length <= 3 - covered.size) {
				desk.destroy();
				screen.destroy();
				continue;
			}
			covered.add(instance);
			for (const title of ['First motion', 'Second motion', 'Timed motion']) {
				const added = await api.call('POST', `/api/meetings/${id}/topics`, {
					token: host.token,
					body: { title, options: ['Yes', 'No', 'Abstain'] }
				});
				expect(added.status).toBe(200);
			}
			const { body } = await api.call('GET', `/api/meetings/${id}`, { token: host.token });
			const topics: TopicJson[] = [];
			for (const item of body.meeting.agenda as { id: string }[]) {
				const got = await api.call('GET', `/api/topics/${item.id}`, { token: host.token });
				expect(got.status).toBe(200);
				topics.push(got.body.topic);
			}
			const mine = voters.filter((_, n) => n % MEETINGS === meetings.length);
			const sockets = Array.from({ length: Math.ceil(mine.length / PER_SOCKET) }, () =>
				socket(url)
			);
			const phones = sockets.map((ws, n) =>
				openDocument(ws, meetingDocumentName(id), mine[n * PER_SOCKET].token)
			);
			meetings.push({ id, host, topics, voters: mine, sockets, phones, screen, views: [desk] });
		}
	}, 120_000);

	afterAll(async () => {
		for (const { topic, ballot } of ballots) {
			ballot.destroy();
			topic.destroy();
		}
		for (const meeting of meetings) {
			for (const doc of [...meeting.phones, ...meeting.views]) doc.destroy();
			for (const ws of [...meeting.sockets, meeting.screen]) ws.destroy();
		}
		redis?.disconnect();
		await nginx?.stop();
		for (const server of [...servers].reverse()) await server.dispose();
		await schema?.drop();
		await dropPrefix(prefix);
	}, 60_000);

	/** The instance holding a room's lease now. */
	async function servingInstance(room: string): Promise<RunningServer | null> {
		const lease = await redis.get(`${prefix}lease:${room}`);
		if (!lease) return null;
		const id = lease.slice(0, lease.lastIndexOf('|'));
		return servers.find((server) => server.log().includes(`"instanceId":"${id}"`)) ?? null;
	}

	/** Opens topic `n` of every meeting, the host's view of it, and every voter's topic and ballot. */
	async function openWave(n: number) {
		const wave = meetings.map((meeting) => {
			const topic = meeting.topics[n];
			receipts.set(topic.id, new Map());
			const view = openDocument(meeting.screen, topicDocumentName(topic.id), meeting.host.token);
			meeting.views.push(view);
			const voters = meeting.voters.map((voter, index) => {
				const own = openDocument(
					meeting.sockets[Math.floor(index / PER_SOCKET)],
					topicDocumentName(topic.id),
					voter.token,
					{ sessionAwareness: true }
				);
				const ballot = openBallot(own);
				ballots.push({ topic: own, ballot });
				return { voter, ballot, own, topic };
			});
			return { meeting, topic, view, voters };
		});
		for (const { meeting, topic } of wave) await api.open(meeting.host.token, topic.id);
		await eventually(() => {
			for (const { view, voters } of wave) {
				expect(readTopic(view.doc).state?.status).toBe('open');
				for (const { own } of voters) expect(own.provider.isSynced).toBe(true);
			}
		}, 30_000);
		return wave;
	}

	type Wave = Awaited<ReturnType<typeof openWave>>;

	function cast(entries: Wave[number]['voters']) {
		return entries.map(({ ballot, topic, voter }, index) => {
			const optionId = topic.options[(index + voter.user.id.length) % topic.options.length].id;
			const ballotId = randomId(16);
			ballot.channel.vote({ ballotId, choice: [optionId], castAt: Date.now() });
			return { ballot, topic, voter, ballotId };
		});
	}

	function collectReceipts(wave: Wave) {
		for (const { topic, voters } of wave) {
			for (const { ballot, voter } of voters) {
				const receipt = readBallot(ballot.doc).receipt;
				if (receipt) receipts.get(topic.id)!.set(voter.user.id, receipt.tracker);
			}
		}
		return wave.reduce((sum, { topic }) => sum + receipts.get(topic.id)!.size, 0);
	}

	/** The votes table, the results API on every instance and the host's view agree. */
	async function checkCounted(wave: Wave, expected: number, asked: RunningServer[]) {
		let total = 0;
		for (const { topic, view, voters } of wave) {
			// A secret topic: who voted (participations) apart from the ballots and their trackers.
			const voted = await queryRows<{ user_id: string }>(
				schema.url,
				'SELECT user_id FROM participations WHERE topic_id = ?',
				topic.id
			);
			const rows = await queryRows<{ tracker: string; option_id: string }>(
				schema.url,
				'SELECT tracker, option_id FROM ballots WHERE topic_id = ?',
				topic.id
			);
			// Exactly the receipted ballots, each once (participations are unique per topic and user).
			expect(rows).toHaveLength(voters.length);
			expect(new Set(voted.map((row) => row.user_id))).toEqual(
				new Set(receipts.get(topic.id)!.keys())
			);
			expect(new Set(rows.map((row) => row.tracker))).toEqual(
				new Set(receipts.get(topic.id)!.values())
			);
			total += rows.length;
			const totals: Record<string, number> = {};
			for (const row of rows) totals[row.option_id] = (totals[row.option_id] ?? 0) + 1;
			for (const server of asked) {
				const results = await apiClient(server.url).results(topic.id);
				expect(results.turnout).toBe(rows.length);
				expect(
					Object.fromEntries(Object.entries(results.totals).filter(([, count]) => count > 0))
				).toEqual(totals);
			}
			await eventually(() => {
				const shown = readTopic(view.doc).results;
				expect(shown?.turnout).toBe(rows.length);
			}, 20_000);
		}
		expect(total).toBe(expected);
	}

	it('counts 300 voters’ votes once, in meetings spread over the instances', async () => {
		const wave = await openWave(0);
		const started = Date.now();
		cast(wave.flatMap((entry) => entry.voters));
		await eventually(() => expect(collectReceipts(wave)).toBe(VOTERS), 30_000);
		const tookMs = Date.now() - started;
		const instances = new Set(
			await Promise.all(meetings.map((meeting) => servingInstance(meetingRoom(meeting.id))))
		);
		expect(instances.has(null)).toBe(false);
		expect(instances.size).toBe(3);
		for (const { meeting, topic } of wave) await api.close(meeting.host.token, topic.id);
		await checkCounted(wave, VOTERS, servers);
		console.info(
			`wave 1: ${VOTERS} votes receipted in ${tookMs} ms, meetings on ${instances.size} of 3 instances`
		);
	}, 90_000);

	it('keeps every vote, the countdown and the phones when an instance is killed mid-wave', async () => {
		const wave = await openWave(1);
		// The instance serving the most meetings dies.
		const holders = await Promise.all(
			meetings.map((meeting) => servingInstance(meetingRoom(meeting.id)))
		);
		const victim = servers
			.map((server) => ({ server, rooms: holders.filter((h) => h === server).length }))
			.sort((a, b) => b.rooms - a.rooms)[0].server;
		const moved = meetings.filter((_, index) => holders[index] === victim);
		expect(moved.length).toBeGreaterThan(0);

		for (const meeting of meetings) await api.open(meeting.host.token, meeting.topics[2].id);

		// Half of the killed instance's voters are receipted before the kill (accepted votes that
		// must not be lost); everyone else votes just before it (in flight, not yet receipted) or
		// just after it (sent while their socket is down).
		const onVictim = wave.filter(({ meeting }) => moved.includes(meeting));
		const elsewhere = wave.filter(({ meeting }) => !moved.includes(meeting));
		const accepted = onVictim.flatMap(({ voters }) => voters.filter((_, i) => i % 2 === 0));
		const inFlight = [
			...onVictim.flatMap(({ voters }) => voters.filter((_, i) => i % 4 === 1)),
			...elsewhere.flatMap(({ voters }) => voters.filter((_, i) => i % 2 === 0))
		];
		const afterKill = [
			...onVictim.flatMap(({ voters }) => voters.filter((_, i) => i % 4 === 3)),
			...elsewhere.flatMap(({ voters }) => voters.filter((_, i) => i % 2 === 1))
		];
		cast(accepted);
		await eventually(() => expect(collectReceipts(wave)).toBe(accepted.length), 20_000);
		// A countdown on each meeting's third topic, set just before the kill: it ends after it.
		await Promise.all(
			meetings.map(async (meeting) => {
				const timer = await api.call('POST', `/api/topics/${meeting.topics[2].id}/timer`, {
					token: meeting.host.token,
					body: { seconds: 3 }
				});
				expect(timer.status).toBe(200);
			})
		);
		cast(inFlight);
		await new Promise((resolve) => setTimeout(resolve, 5));
		collectReceipts(wave);
		const receiptedBefore = new Map(
			wave.map(({ topic }) => [topic.id, new Map(receipts.get(topic.id)!)])
		);
		const killedAt = Date.now();
		await victim.kill();
		const pendingAtKill = inFlight.filter(
			({ topic, voter }) =>
				moved.some((meeting) => meeting.topics[1].id === topic.id) &&
				!receiptedBefore.get(topic.id)!.has(voter.user.id)
		).length;
		expect(pendingAtKill).toBeGreaterThan(0);
		cast(afterKill);

		// The host moves each meeting on; phones of the killed instance's meetings see it too.
		for (const meeting of meetings) {
			const shown = await api.call('POST', `/api/meetings/${meeting.id}/current`, {
				token: meeting.host.token,
				body: { topicId: meeting.topics[1].id }
			});
			expect(shown.status).toBe(200);
		}
		await eventually(() => {
			for (const meeting of meetings)
				for (const phone of meeting.phones)
					expect(readMeeting(phone.doc).current).toEqual({ topicId: meeting.topics[1].id });
		}, LEASE_MS * 10);
		const phonesMs = Date.now() - killedAt;

		await eventually(() => expect(collectReceipts(wave)).toBe(VOTERS), 45_000);
		const receiptsMs = Date.now() - killedAt;
		// No receipted vote was lost or changed.
		for (const [topicId, before] of receiptedBefore)
			for (const [userId, ballotId] of before)
				expect(receipts.get(topicId)!.get(userId)).toBe(ballotId);
		for (const meeting of moved) {
			const now = await servingInstance(meetingRoom(meeting.id));
			expect(now).not.toBeNull();
			expect(now).not.toBe(victim);
		}

		// Every countdown closed its topic, once.
		for (const meeting of meetings) {
			const topicId = meeting.topics[2].id;
			await eventually(async () => expect((await api.results(topicId)).status).toBe('closed'));
			const closed = (await api.audit(topicId)).filter((entry) => entry.kind === 'topic.closed');
			expect(closed).toHaveLength(1);
			// One instance closed it, and for the moved meetings a survivor did.
			const closers = servers.filter((server) =>
				server
					.log()
					.split('\n')
					.some((line) => line.includes('"msg":"timer closes topic"') && line.includes(topicId))
			);
			expect(closers).toHaveLength(1);
			if (moved.includes(meeting)) expect(closers[0]).not.toBe(victim);
		}

		for (const { meeting, topic } of wave) await api.close(meeting.host.token, topic.id);
		await checkCounted(
			wave,
			VOTERS,
			servers.filter((server) => server !== victim)
		);
		console.info(
			`failover: killed the instance serving ${moved.length} of ${MEETINGS} meetings with ` +
				`${accepted.length} votes receipted and ${pendingAtKill} in flight there; phones followed the host ` +
				`${phonesMs} ms after the kill; all ${VOTERS} receipts ${receiptsMs} ms after it`
		);

		// Restarted, the instance serves rooms again without anything done by hand.
		await victim.restart();
		const restartedAt = Date.now();
		await eventually(async () => {
			const host = meetings[0].host;
			const topic = await api.createTopic(host.token);
			const name = topicDocumentName(topic.id);
			const viewer = openDocument(socket(roomUrl(nginx.wsUrl, name)), name, host.token);
			try {
				await eventually(() => expect(viewer.provider.isSynced).toBe(true), 5000);
				expect(await servingInstance(name)).toBe(victim);
			} finally {
				viewer.provider.configuration.websocketProvider.destroy();
				viewer.destroy();
			}
		}, 30_000);
		const rejoinMs = Date.now() - restartedAt;
		// It answers the stored totals as the others do.
		for (const { topic } of wave)
			expect((await apiClient(victim.url).results(topic.id)).turnout).toBe(
				receipts.get(topic.id)!.size
			);
		console.info(`restarted instance served a new room ${rejoinMs} ms after it started`);
	}, 120_000);

	it('verifies every topic’s audit export with yarn audit:verify', async () => {
		const topics = meetings.flatMap((meeting) => meeting.topics);
		const run = (id: string) =>
			promisify(execFile)(process.execPath, [SCRIPT, `${nginx.url}/t/${id}`]).catch(
				(failure: { stdout: string; stderr: string }) => {
					throw new Error(`audit of ${id} failed:\n${failure.stdout}${failure.stderr}`);
				}
			);
		for (let index = 0; index < topics.length; index += 6) {
			const outputs = await Promise.all(topics.slice(index, index + 6).map((t) => run(t.id)));
			for (const { stdout } of outputs) expect(stdout).toMatch(/entries verified/);
		}
		// Eighteen runs of the real command, each a new Node process: slow on a busy machine.
	}, 180_000);
});
