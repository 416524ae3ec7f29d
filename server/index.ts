/**
 * Production entry: one HTTP server on one port for pages and the JSON API (the adapter-node
 * handler), the collaboration WebSocket on `/collab` and the read-only results feed on `/feed`.
 * Run after `yarn build` with `node server/index.ts`.
 *
 * SIGTERM (or SIGINT) stops without losing a ballot: the listener closes at once (no new
 * connections), `compose.ts`'s `shutdown()` commits and answers the votes in progress, writes
 * pending tallies and closes every socket with `restarting`, then open HTTP connections are
 * closed and the process exits 0. If that takes longer than `SHUTDOWN_TIMEOUT_MS`, it exits 1
 * anyway; whatever was not committed is sent again by the clients to the next process.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from '../src/lib/server/config.ts';
import { compose } from './compose.ts';
import { capHeapGrowth, youngGenerationWarning } from './heap.ts';
import { metricsServer, publicMetrics } from './metrics-http.ts';

capHeapGrowth();

let config: Config;
try {
	config = loadConfig();
} catch (error) {
	if (error instanceof ConfigError) {
		console.error(`plenum: ${error.message}`);
		process.exit(1);
	}
	throw error;
}

// Without ORIGIN (or a proxy's PROTOCOL_HEADER), adapter-node assumes https and would refuse
// every form post made over plain http. Tell it the protocol this very connection used; the
// header is set here and never taken from the client.
const PROTOCOL = 'x-plenum-protocol';
const ownProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (ownProtocol) process.env.PROTOCOL_HEADER = PROTOCOL;

const app = compose(config);
const { log } = app;
const young = youngGenerationWarning();
if (young) log.warn(young);
try {
	await app.ready;
} catch (error) {
	log.fatal({ err: error }, 'database could not be opened or migrated');
	log.flush();
	process.exit(1);
}
// Imported after compose() so the SvelteKit bundle finds the published services.
const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);

const metrics = publicMetrics(app.metrics, config.metricsToken, app.log);
const server = createServer((request, response) => {
	if (metrics(request, response)) return;
	if (ownProtocol) {
		request.headers[PROTOCOL] = (request.socket as { encrypted?: boolean }).encrypted
			? 'https'
			: 'http';
	}
	handler(request, response);
});
server.on('upgrade', (request, socket, head) => {
	if (app.collab.handleUpgrade(request, socket, head)) return;
	if (!app.feed.handleUpgrade(request, socket, head)) socket.destroy();
});

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	log.info({ port, url: `http://localhost:${port}` }, 'listening');
});

const scraper = config.metricsPort === null ? null : metricsServer(app.metrics, app.log);
scraper?.listen(config.metricsPort ?? 0, config.metricsHost, () => {
	const address = scraper.address();
	const port = typeof address === 'object' && address ? address.port : config.metricsPort;
	log.info({ port, host: config.metricsHost }, 'metrics listening');
});

let closing = false;
async function stop(signal: string) {
	if (closing) return;
	closing = true;
	log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'stopping');
	const force = setTimeout(() => {
		log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long, exiting');
		log.flush();
		process.exit(1);
	}, config.shutdownTimeoutMs);
	force.unref();
	server.close();
	scraper?.close();
	try {
		await app.shutdown();
	} catch (error) {
		log.error({ err: error }, 'shutdown failed');
	}
	server.closeAllConnections();
	log.flush();
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
