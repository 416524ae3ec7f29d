/**
 * `yarn dev` on one port: builds the same services as production and answers WebSocket upgrades
 * on `/collab` and `/feed` of Vite's own HTTP server, leaving HMR's upgrades to Vite, and
 * `/metrics` when a token is configured. Logs are pretty-printed here (pino-pretty, a development
 * dependency); production writes JSON lines.
 */
import type { Plugin } from 'vite';
import { loadConfig } from '../src/lib/server/config.ts';
import { createLogger } from '../src/lib/server/log.ts';
import { compose, type Composition } from './compose.ts';
import { publicMetrics } from './metrics-http.ts';

export function collabDevServer(): Plugin {
	let app: Composition | null = null;
	return {
		name: 'plenum-collab',
		apply: 'serve',
		async configureServer(server) {
			if (process.env.VITEST) return;
			const config = loadConfig();
			const { default: pretty } = await import('pino-pretty');
			app ??= compose(config, {
				log: createLogger({ level: config.logLevel, stream: pretty({ colorize: true }) })
			});
			const running = app;
			await running.ready;
			// `/metrics` with METRICS_TOKEN, as in production (METRICS_PORT is production's only).
			const metrics = publicMetrics(
				running.metrics,
				running.services.config.metricsToken,
				running.log
			);
			server.middlewares.use((request, response, next) => {
				if (!metrics(request, response)) next();
			});
			server.httpServer?.on('upgrade', (request, socket, head) => {
				if (!running.collab.handleUpgrade(request, socket, head)) {
					running.feed.handleUpgrade(request, socket, head);
				}
			});
			server.httpServer?.on('close', () => void running.shutdown());
		}
	};
}
