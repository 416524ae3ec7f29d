/**
 * Starts the real production server (`node server/index.ts`, built SvelteKit handler included)
 * as a child process on a free port with its own SQLite file, so tests talk to it over real HTTP
 * and WebSocket and can kill it like a crash would. Its output goes to
 * `test-results/logs/server-<pid>.log` as well, where the secrets scan reads it after the run.
 *
 * With `TEST_STORE=postgres` the server keeps its stores in PostgreSQL instead (`DATABASE_URL`
 * naming a fresh schema of the test database for this server, dropped with it), and
 * `databasePath` is that URL: the helpers that read the database (`database.ts`, `factories.ts`,
 * `invariants.ts`) follow it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	createTestSchema,
	type TestSchema
} from '../../src/lib/server/storage/postgres/testing.ts';
import { youngGenerationFlags } from '../../server/heap.ts';
import { LOG_DIR } from './secrets.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
	url: string;
	wsUrl: string;
	port: number;
	/** The SQLite file, or with `TEST_STORE=postgres` the PostgreSQL URL of the server's schema. */
	databasePath: string;
	/** Process id of the running server. */
	pid: number;
	/** Exit code of the last process, once it exited (null while running or after a signal). */
	exitCode(): number | null;
	/** Output of the process so far, for failure messages. */
	log(): string;
	/** SIGTERM and wait for exit. */
	stop(): Promise<void>;
	/** SIGKILL, as in a crash. */
	kill(): Promise<void>;
	/** Starts a new process on the same port and database. */
	restart(): Promise<void>;
	/** Stops the process and removes its files. */
	dispose(): Promise<void>;
}

export interface ServerOptions {
	/** Runs the server on this CPU only (`taskset -c`), as the benchmark does. */
	cpu?: number;
	/**
	 * An existing database file to serve (a restored backup), or a PostgreSQL URL that several
	 * instances share (not dropped with the server); a fresh one when absent.
	 */
	databasePath?: string;
	/**
	 * V8's young generation per semi-space in MB, reserved at boot (`--min-` and
	 * `--max-semi-space-size`); `YOUNG_GENERATION_MB` as `yarn start` runs it (server/heap.ts). The
	 * bench's `--young-mb` sets it to measure.
	 */
	youngMb?: number;
	/** Extra flags for `node`, before the script (the bench's `--node-flag`). */
	nodeFlags?: string[];
}

export async function startServer(
	env: Record<string, string> = {},
	options: ServerOptions = {}
): Promise<RunningServer> {
	if (!existsSync(join(ROOT, 'build/handler.js'))) {
		throw new Error('build/handler.js is missing: run `yarn build` before the integration tests');
	}
	const dir = mkdtempSync(join(tmpdir(), 'plenum-test-'));
	const schema: TestSchema | null =
		process.env.TEST_STORE === 'postgres' && !options.databasePath
			? await createTestSchema('plenum_run')
			: null;
	const databasePath = schema?.url ?? options.databasePath ?? join(dir, 'plenum.db');
	let output = '';
	let child: ChildProcess;
	let port = 0;

	async function launch(requestedPort: number) {
		// As `yarn start` runs it: its young generation reserved at boot unless told (server/heap.ts).
		const young = youngGenerationFlags(options.youngMb);
		const command = [process.execPath, ...young, ...(options.nodeFlags ?? []), 'server/index.ts'];
		if (options.cpu !== undefined) command.unshift('taskset', '-c', String(options.cpu));
		child = spawn(command[0], command.slice(1), {
			cwd: ROOT,
			env: {
				...process.env,
				NODE_ENV: 'production',
				HOST: '127.0.0.1',
				PORT: String(requestedPort),
				...(schema || /^postgres(ql)?:\/\//.test(databasePath)
					? { DATABASE_URL: databasePath }
					: { DATABASE_PATH: databasePath }),
				LOGIN_ATTEMPTS: '1000',
				// Every test talks from 127.0.0.1: flood budgets are generous unless a test sets them.
				LOGIN_FAILURES_PER_ADDRESS: '10000',
				LOGIN_FAILURES_PER_USERNAME: '10000',
				REGISTRATIONS_PER_ADDRESS: '100000',
				TAKEN_PER_ADDRESS: '10000',
				JOIN_MISSES_PER_ADDRESS: '10000',
				GUESTS_PER_ADDRESS: '100000',
				GUESTS_PER_MEETING: '100000',
				...env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		// Every line the server writes is kept for the secrets scan after the run.
		mkdirSync(LOG_DIR, { recursive: true });
		const file = createWriteStream(join(LOG_DIR, `server-${child.pid}.log`));
		child.stdout!.pipe(file);
		child.stderr!.pipe(file);
		child.stderr!.on('data', (chunk) => (output += chunk));
		port = await new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
			child.stdout!.on('data', (chunk: Buffer) => {
				output += chunk;
				const match = /"port":(\d+),[^\n]*"msg":"listening"/.exec(output.slice(-2000));
				if (match) {
					clearTimeout(timer);
					resolve(Number(match[1]));
				}
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`server exited with ${code}:\n${output}`));
			});
		});
	}

	const exited = () =>
		child.exitCode !== null || child.signalCode !== null
			? Promise.resolve()
			: new Promise<void>((resolve) => child.once('exit', () => resolve()));

	// A run cut short (Ctrl-C, a crashed worker) takes its servers along.
	const killOnExit = () => child?.kill('SIGKILL');
	process.once('exit', killOnExit);
	const remove = async () => {
		process.off('exit', killOnExit);
		rmSync(dir, { recursive: true, force: true });
		await schema?.drop();
	};
	try {
		await launch(0);
	} catch (failure) {
		child!.kill('SIGKILL');
		await exited();
		await remove();
		throw failure;
	}
	const server: RunningServer = {
		get url() {
			return `http://127.0.0.1:${port}`;
		},
		get wsUrl() {
			return `ws://127.0.0.1:${port}/collab`;
		},
		get port() {
			return port;
		},
		databasePath,
		get pid() {
			return child.pid ?? 0;
		},
		exitCode: () => child.exitCode,
		log: () => output,
		async stop() {
			child.kill('SIGTERM');
			await exited();
		},
		async kill() {
			child.kill('SIGKILL');
			await exited();
		},
		async restart() {
			await launch(port);
		},
		async dispose() {
			await server.stop();
			await remove();
		}
	};
	return server;
}
