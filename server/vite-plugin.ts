/**
 * `yarn dev` on one port: builds the same services as production and answers WebSocket upgrades
 * on `/collab` and `/feed` of Vite's own HTTP server, leaving HMR's upgrades to Vite, and
 * `/metrics` when a token is configured.
 */
import type { Plugin } from 'vite';
import { loadConfig } from '../src/lib/server/config.ts';
import { compose, type Composition } from './compose.ts';
import { publicMetrics } from './metrics-http.ts';

export function collabDevServer(): Plugin {
	let app: Composition | null = null;
	return {
		name: 'plenum-collab',
		apply: 'serve',
		configureServer(server) {
			if (process.env.VITEST) return;
			app ??= compose(loadConfig());
			const running = app;
			// `/metrics` with METRICS_TOKEN, as in production (METRICS_PORT is production's only).
			const metrics = publicMetrics(running.metrics, running.services.config.metricsToken);
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
