/**
 * Runs `deploy/nginx.conf` as it is shipped, in front of test servers: only its listen address
 * and the instances of its upstreams are replaced. nginx runs as this process's child with its
 * own prefix directory (pid, logs, temporary files). Without nginx the tests that need it skip
 * with a loud message, and fail with `CI=true`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { nginxConf } from '../../scripts/nginx-conf.ts';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

export function nginxAvailable(): boolean {
	if (existsSync(NGINX)) return true;
	if (process.env.CI) throw new Error(`nginx is missing at ${NGINX}: .ci/run installs it`);
	console.warn(
		`\n*** SKIPPING the nginx tests: no nginx at ${NGINX} (apt-get install nginx) ***\n`
	);
	return false;
}

async function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

export async function startNginx(port: number, upstreams: number[]) {
	const dir = mkdtempSync(join(tmpdir(), 'plenum-nginx-'));
	mkdirSync(join(dir, 'tmp'));
	const conf = join(dir, 'nginx.conf');
	writeFileSync(conf, nginxConf(`127.0.0.1:${port}`, upstreams));
	let output = '';
	const child: ChildProcess = spawn(
		NGINX,
		['-p', `${dir}/`, '-c', conf, '-e', 'stderr', '-g', 'daemon off;'],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	const deadline = Date.now() + 10_000;
	while (!(await listening(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`nginx did not start:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/collab`,
		log: () =>
			output +
			(existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''),
		async stop() {
			process.off('exit', killOnExit);
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await new Promise((resolve) => child.once('exit', resolve));
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
