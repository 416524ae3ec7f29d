/**
 * Production entry: one HTTP server on one port for pages and the JSON API (the adapter-node
 * handler) and the collaboration WebSocket on `/collab`. Run after `yarn build` with
 * `node server/index.ts`.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from '../src/lib/server/config.ts';
import { compose } from './compose.ts';

let config;
try {
	config = loadConfig();
} catch (error) {
	if (error instanceof ConfigError) {
		console.error(`plenum: ${error.message}`);
		process.exit(1);
	}
	throw error;
}

const app = compose(config);
// Imported after compose() so the SvelteKit bundle finds the published services.
const { handler } = await import(new URL('../build/handler.js', import.meta.url).href);

const server = createServer(handler);
server.on('upgrade', (request, socket, head) => {
	if (!app.collab.handleUpgrade(request, socket, head)) socket.destroy();
});

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	console.log(JSON.stringify({ event: 'listening', port, url: `http://localhost:${port}` }));
});

let closing = false;
async function stop(signal: string) {
	if (closing) return;
	closing = true;
	console.log(JSON.stringify({ event: 'stopping', signal }));
	server.close();
	await app.shutdown();
	server.closeAllConnections();
	process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
