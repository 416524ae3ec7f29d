/**
 * A hall for one benchmark session: the production server as a child process (on its own CPU
 * when pinning), a meeting that takes guests with one open topic on its agenda, N phones in the
 * worker threads, and the presenter's screen (the host's own socket) in the main thread.
 */
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { apiClient } from '../tests/helpers/api.ts';
import { startNginx } from '../tests/helpers/nginx.ts';
import { freePort } from '../tests/helpers/ports.ts';
import { dropPrefix, REDIS_URL, testPrefix } from '../tests/helpers/redis.ts';
import { startServer, type RunningServer } from '../tests/helpers/server.ts';
import { BENCH_METRICS_TOKEN } from './loop-delay.ts';
import { callsPerPhone, readStoreCalls } from './store-calls.ts';
import { createTestSchema } from '../src/lib/server/storage/postgres/testing.ts';
import { meetingRoom, roomUrl, topicDocumentName } from '../src/lib/shared/documents.ts';
import { Fleet } from './fleet.ts';
import { logPreviews, logTallies, openProvider, socketFor, type TallySeen } from './phone.ts';
import { cpuPercent, readProc, readProcs, type ProcSample } from './proc.ts';
import type { HallRoom } from './protocol.ts';

/**
 * Every phone connects from 127.0.0.1, so the per-address, per-socket and message-rate caps meant
 * for the open internet are lifted for the bench server; it says so in its output.
 */
export const SERVER_OVERRIDES: Record<string, string> = {
	MAX_SOCKETS_PER_ADDRESS: '1000000',
	MAX_SOCKETS_PER_USER: '100000',
	MAX_DOCUMENTS_PER_SOCKET: '100',
	MESSAGE_RATE: '1000000',
	MESSAGE_BURST: '1000000',
	LOGIN_ATTEMPTS: '10000',
	// The bench reads the server's event-loop delay from `/metrics` (`loop-delay.ts`).
	METRICS_TOKEN: BENCH_METRICS_TOKEN
};

export interface HallOptions {
	voters: number;
	observers: number;
	/** Phones on the real provider (at least the observers); the rest are raw. */
	providers: number;
	workers: number;
	/** How often an idle raw phone reads its socket, ms (0: every frame as it comes). */
	idleReadMs: number;
	/** CPU for the server (`taskset`), or null to let it run anywhere. */
	serverCpu: number | null;
	/** Topic allows changing votes, so a steady rate can outlast one vote per phone. */
	allowChange: boolean;
	options: number;
	kind: 'single' | 'ranked';
	join: 'http' | 'direct';
	serverEnv: Record<string, string>;
	/** The server's young generation per semi-space, MB, reserved at boot (`server/heap.ts`). */
	youngMb: number;
	/** Extra flags for the servers' `node`. */
	nodeFlags?: string[];
	/**
	 * 0: one server on its own SQLite file, as before. N > 0: N instances behind
	 * `deploy/nginx.conf`, sharing PostgreSQL (a schema of the run) and Redis (a prefix of the run),
	 * every phone through nginx.
	 */
	instances: number;
	/** Meetings (each with one open topic) the phones are spread over. */
	meetings: number;
	log: (line: string) => void;
}

export interface Hall {
	/** The server, or the first instance of a cluster. */
	server: RunningServer;
	/** CPU time and memory of the server, or of every instance summed. */
	sample(): ProcSample;
	/** The open topic of every meeting; the first is the one the screens show. */
	topicIds: string[];
	fleet: Fleet;
	topicId: string;
	/** Tallies the presenter's screen showed since the last `presenter.clear()`. */
	presenter: { tallies: TallySeen[]; clear(): void };
	/** Server before any phone connected (joins done). */
	baseline: ProcSample;
	/** Server once every phone is connected and synced, before any vote. */
	connected: ProcSample;
	api: ReturnType<typeof apiClient>;
	setupMs: { join: number; connect: number };
	/** The join wave: phones connected per second, and CPU time per phone of both sides. */
	connect: {
		phonesPerSecond: number;
		serverCpuMsPerPhone: number;
		generatorCpuMsPerPhone: number;
		/** Storage calls per phone (all servers), by `store.method`; null if unread. */
		storeCallsPerPhone: { total: number; byMethod: Record<string, number> } | null;
	};
	databaseFs: string;
	close(): Promise<void>;
}

/** Servers still running, so an interrupted run (Ctrl-C) does not leave one behind. */
const running = new Set<RunningServer>();

export async function stopAllServers() {
	await Promise.all([...running].map((server) => server.dispose()));
}

export async function openHall(options: HallOptions): Promise<Hall> {
	const { log } = options;
	const env = { ...SERVER_OVERRIDES, ...options.serverEnv };
	const cpu = options.serverCpu ?? undefined;
	const node = { youngMb: options.youngMb, nodeFlags: options.nodeFlags };
	const cluster = options.instances > 0;
	const schema = cluster ? await createTestSchema('plenum_bench') : null;
	const prefix = testPrefix();
	const servers: RunningServer[] = [];
	let nginx: Awaited<ReturnType<typeof startNginx>> | null = null;
	const cleanUp = async () => {
		for (const one of servers) running.delete(one);
		await nginx?.stop();
		await Promise.all(servers.map((one) => one.dispose()));
		if (schema) {
			await schema.drop();
			await dropPrefix(prefix);
		}
	};
	let fleet: Fleet | null = null;
	let presenterSocket: ReturnType<typeof socketFor> | null = null;
	try {
		if (schema) {
			const clusterEnv = {
				...env,
				REDIS_URL,
				REDIS_PREFIX: prefix,
				ADDRESS_HEADER: 'X-Forwarded-For',
				XFF_DEPTH: '1'
			};
			// The first instance migrates the schema; the others find it ready.
			servers.push(await startServer(clusterEnv, { cpu, databasePath: schema.url, ...node }));
			running.add(servers[0]);
			for (let i = 1; i < options.instances; i++) {
				servers.push(await startServer(clusterEnv, { cpu, databasePath: schema.url, ...node }));
				running.add(servers[i]);
			}
			nginx = await startNginx(
				await freePort(),
				servers.map((one) => one.port)
			);
			log(
				`  ${options.instances} instance(s) behind nginx (${nginx.url}), PostgreSQL schema ${schema.name}, Redis prefix ${prefix}`
			);
		} else {
			servers.push(await startServer(env, { cpu, ...node }));
			running.add(servers[0]);
		}
		const server = servers[0];
		const baseUrl = nginx?.url ?? server.url;
		const wsUrl = nginx?.wsUrl ?? server.wsUrl;
		const api = apiClient(baseUrl);
		const host = await api.register();
		const call = async (method: string, path: string, body?: unknown) => {
			const response = await api.call(method, path, { token: host.token, body });
			if (response.status >= 300) {
				throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
			}
			return response.body;
		};
		const optionLabels = Array.from({ length: options.options }, (_, i) => `Option ${i + 1}`);
		const rooms: HallRoom[] = [];
		for (let index = 0; index < options.meetings; index++) {
			const { meeting } = await call('POST', '/api/meetings', { title: `Bench hall ${index + 1}` });
			await call('POST', `/api/meetings/${meeting.id}/access`, { access: 'guests' });
			const { meeting: withAgenda } = await call('POST', `/api/meetings/${meeting.id}/topics`, {
				title: 'Bench motion',
				options: optionLabels,
				kind: options.kind,
				allowChange: options.allowChange
			});
			const topic = withAgenda.agenda[withAgenda.agenda.length - 1];
			await call('POST', `/api/topics/${topic.id}/open`);
			await call('POST', `/api/meetings/${meeting.id}/current`, { topicId: topic.id });
			rooms.push({
				// One instance on its own ignores the room; nginx routes by it.
				wsUrl: nginx ? roomUrl(wsUrl, meetingRoom(meeting.id)) : wsUrl,
				code: meeting.code,
				meetingId: meeting.id,
				topicId: topic.id,
				optionIds: topic.options.map((o: { id: string }) => o.id),
				allowChange: options.allowChange
			});
		}
		const sample = () => readProcs(servers.map((one) => one.pid));

		presenterSocket = socketFor(rooms[0].wsUrl);
		const screen = openProvider(presenterSocket, topicDocumentName(rooms[0].topicId), host.token);
		const presenterTallies: TallySeen[] = [];
		logTallies(screen.doc, presenterTallies);
		logPreviews(screen.provider, presenterTallies);
		await screen.synced;

		fleet = new Fleet(options.workers);
		const joined = await fleet.join(
			{
				baseUrl,
				join: options.join,
				databasePath: server.databasePath,
				rooms,
				ranked: options.kind === 'ranked',
				idleReadMs: options.idleReadMs,
				connectConcurrency: 32,
				joinConcurrency: 8
			},
			options.voters,
			Math.min(Math.max(options.providers, options.observers), options.voters),
			Math.min(options.observers, options.voters)
		);
		const serverUrls = servers.map((one) => one.url);
		const callsBefore = await readStoreCalls(serverUrls);
		const baseline = sample();
		const generatorBefore = readProc('self');
		log(
			`  ${options.voters} guests joined (${options.join}) in ${rooms.length} meeting(s); server RSS ${(baseline.rssKb / 1024).toFixed(0)} MB`
		);
		let lastShown = 0;
		const ready = await fleet.connect((connected) => {
			if (connected - lastShown >= 2000) {
				lastShown = connected;
				log(`  ${connected} phones connected`);
			}
		});
		const connected = sample();
		const generatorAfter = readProc('self');
		const callsAfter = await readStoreCalls(serverUrls);
		const connectMs = Math.max(...ready.map((r) => r.connectMs));
		const perPhone = (from: ProcSample, to: ProcSample) =>
			Math.round(((to.cpuMs - from.cpuMs) / options.voters) * 100) / 100;
		const connect = {
			phonesPerSecond: Math.round((options.voters * 1000) / Math.max(1, connectMs)),
			serverCpuMsPerPhone: perPhone(baseline, connected),
			generatorCpuMsPerPhone: perPhone(generatorBefore, generatorAfter),
			storeCallsPerPhone:
				callsBefore && callsAfter ? callsPerPhone(callsBefore, callsAfter, options.voters) : null
		};
		log(
			`  connecting used ${cpuPercent(baseline, connected)}% of a core in the server${cluster ? 's' : ''}, ${cpuPercent(generatorBefore, generatorAfter)}% in the generator: ${connect.phonesPerSecond} phones/s, server ${connect.serverCpuMsPerPhone} ms CPU per phone, generator ${connect.generatorCpuMsPerPhone} ms`
		);
		if (connect.storeCallsPerPhone) {
			const { total, byMethod } = connect.storeCallsPerPhone;
			const methods = Object.entries(byMethod).map(([key, calls]) => `${key} ${calls}`);
			log(`  store calls per phone: ${total} (${methods.join(', ')})`);
		}
		const databaseFs = schema
			? 'postgresql'
			: execFileSync('stat', ['-f', '-c', '%T', dirname(server.databasePath)], {
					encoding: 'utf8'
				}).trim();
		const socket = presenterSocket;
		const workers = fleet;
		return {
			server,
			sample,
			topicIds: rooms.map((room) => room.topicId),
			fleet: workers,
			topicId: rooms[0].topicId,
			presenter: { tallies: presenterTallies, clear: () => (presenterTallies.length = 0) },
			baseline,
			connected,
			api,
			setupMs: { join: Math.max(...joined.map((j) => j.joinMs)), connect: connectMs },
			connect,
			databaseFs,
			async close() {
				await workers.stop();
				screen.provider.destroy();
				socket.destroy();
				await cleanUp();
			}
		};
	} catch (error) {
		await fleet?.stop().catch(() => {});
		presenterSocket?.destroy();
		for (const one of servers) console.error(one.log().slice(-3000));
		if (nginx) console.error(nginx.log().slice(-2000));
		await cleanUp();
		throw error;
	}
}
