/**
 * `yarn cluster`: a local cluster of three instances behind nginx (`deploy/nginx.conf`), sharing
 * the Redis at REDIS_URL (default redis://127.0.0.1:6379) and one database: DATABASE_PATH (a
 * SQLite file in WAL mode, which processes on one machine may share; `./data/cluster.db` by
 * default) or whatever storage variables are set. Open the printed address; Ctrl-C stops all of
 * it. CLUSTER_PORT (8080) is nginx's port; the instances listen on the three ports after it.
 * For trying failover: kill one instance's PID (printed) and watch its rooms move.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { youngGenerationFlags } from '../server/heap.ts';
import { nginxConf } from './nginx-conf.ts';

const base = Number(process.env.CLUSTER_PORT ?? 8080);
const ports = [base + 1, base + 2, base + 3];
const dir = resolve('data/cluster');
mkdirSync(`${dir}/nginx/tmp`, { recursive: true });
const children: ChildProcess[] = [];

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
	const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
	child.once('exit', (code, signal) => console.log(`cluster: ${name} exited (${code ?? signal})`));
	children.push(child);
	console.log(`cluster: ${name} started, pid ${child.pid}`);
	return child;
}

for (const [index, port] of ports.entries()) {
	start(
		`instance ${index + 1} on ${port}`,
		process.execPath,
		[...youngGenerationFlags(), 'server/index.ts'],
		{
			PORT: String(port),
			HOST: '127.0.0.1',
			REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
			DATABASE_PATH: process.env.DATABASE_PATH ?? 'data/cluster.db',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			ORIGIN: process.env.ORIGIN ?? `http://localhost:${base}`
		}
	);
	// The first instance applies the migrations before the others start.
	if (index === 0) await new Promise((resolve) => setTimeout(resolve, 1500));
}

writeFileSync(`${dir}/nginx.conf`, nginxConf(String(base), ports));
start(`nginx on ${base}`, process.env.NGINX ?? '/usr/sbin/nginx', [
	'-p',
	`${dir}/nginx/`,
	'-c',
	`${dir}/nginx.conf`,
	'-e',
	'stderr',
	'-g',
	'daemon off;'
]);
console.log(`cluster: open http://localhost:${base}`);

function stop() {
	for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
