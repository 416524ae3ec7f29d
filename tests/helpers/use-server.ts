import { afterAll, beforeAll } from 'vitest';
import { apiClient, type ApiClient } from './api.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * One real server for the tests of a file: started before the first test, removed after the last.
 * Returns stand-ins that forward to the running server and its API client, so a test file can
 * name them at the top.
 */
export function useServer(env: Record<string, string> = {}): {
	server: RunningServer;
	api: ApiClient;
} {
	let current: { server: RunningServer; api: ApiClient } | null = null;
	beforeAll(async () => {
		const server = await startServer(env);
		current = { server, api: apiClient(server.url) };
	});
	afterAll(async () => {
		await current?.server.dispose();
	});
	const forward = <K extends 'server' | 'api'>(key: K) =>
		new Proxy({} as { server: RunningServer; api: ApiClient }[K], {
			get(_, property) {
				if (!current) throw new Error('the test server is not started yet');
				return Reflect.get(current[key], property);
			}
		});
	return { server: forward('server'), api: forward('api') };
}
