/**
 * Serves `/metrics` (Prometheus text) to scrapers, never to the public by default: on the public
 * port only with `Authorization: Bearer <METRICS_TOKEN>` (without a configured token the path
 * falls through to the app, which answers 404), and on `METRICS_PORT`, a listener of its own bound
 * to `METRICS_HOST` (loopback by default) that serves nothing else.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../src/lib/server/log.ts';
import type { Metrics } from '../src/lib/server/metrics.ts';

export const METRICS_PATH = '/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time (over digests, so lengths leak nothing either). */
export function tokenMatches(header: string | undefined, token: string): boolean {
	const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '';
	return timingSafeEqual(digest(given), digest(token));
}

async function send(metrics: Metrics, response: ServerResponse, log: Logger) {
	try {
		const body = await metrics.text();
		response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
		response.end(body);
	} catch (error) {
		log.error({ err: error }, 'metrics could not be collected');
		response.writeHead(500).end();
	}
}

const isMetrics = (request: IncomingMessage) =>
	(request.url ?? '').split('?')[0] === METRICS_PATH && request.method === 'GET';

/**
 * For the public port: answers `/metrics` when a token is configured (401 without the right
 * one) and returns true; returns false for every other request, and for `/metrics` when no token
 * is configured, so the app answers it (404).
 */
export function publicMetrics(metrics: Metrics, token: string | null, log: Logger) {
	return (request: IncomingMessage, response: ServerResponse): boolean => {
		if (!token || !isMetrics(request)) return false;
		if (!tokenMatches(request.headers.authorization, token)) {
			response.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' }).end();
			return true;
		}
		void send(metrics, response, log);
		return true;
	};
}

/** A listener for scrapers only: `/metrics`, no token (guarded by its address), else 404. */
export function metricsServer(metrics: Metrics, log: Logger) {
	return createServer((request, response) => {
		if (isMetrics(request)) void send(metrics, response, log);
		else response.writeHead(404).end();
	});
}
