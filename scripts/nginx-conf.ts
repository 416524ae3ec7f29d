/**
 * `deploy/nginx.conf` with its listen address and upstream instances replaced, everything else as
 * shipped: what `yarn cluster` runs and what the nginx test checks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NGINX_CONF = fileURLToPath(new URL('../deploy/nginx.conf', import.meta.url));

export function nginxConf(listen: string, upstreams: number[]): string {
	const conf = readFileSync(NGINX_CONF, 'utf8');
	const servers = /(\t\tserver 127\.0\.0\.1:\d+ [^\n]*\n)+/g;
	if ((conf.match(servers) ?? []).length !== 2 || !/listen 8080;/.test(conf)) {
		throw new Error(
			'deploy/nginx.conf no longer has the two upstreams and the listen line edited here'
		);
	}
	return conf.replace('listen 8080;', `listen ${listen};`).replace(servers, (block) => {
		const options = /server 127\.0\.0\.1:\d+ ([^\n]*)/.exec(block)![1];
		return upstreams.map((port) => `\t\tserver 127.0.0.1:${port} ${options}\n`).join('');
	});
}
