import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/use-server.ts';

/**
 * Behind nginx every socket comes from nginx's address: with `ADDRESS_HEADER`, the WebSocket caps
 * count each phone by the address the proxy forwards, as pages and the API do.
 */
const { server } = useServer({
	ADDRESS_HEADER: 'X-Forwarded-For',
	XFF_DEPTH: '1',
	MAX_SOCKETS_PER_ADDRESS: '3'
});

/** Opens a socket as if through the proxy; resolves with the socket, or the refusal's status. */
function connect(forwardedFor?: string) {
	const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
	return new Promise<WebSocket | number>((resolve, reject) => {
		const socket = new WebSocket(server.wsUrl, { headers });
		socket.once('open', () => resolve(socket));
		socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
		socket.once('error', reject);
	});
}

describe('WebSocket caps behind a proxy', () => {
	it('count each forwarded client address apart, and refuse an upgrade without the header', async () => {
		const open: WebSocket[] = [];
		try {
			for (let i = 0; i < 3; i++) {
				const socket = await connect('198.51.100.7, 10.0.0.1');
				expect(socket).toBeInstanceOf(WebSocket);
				open.push(socket as WebSocket);
			}
			// The fourth from the same phone is over its cap; a neighbour behind the same proxy is not.
			expect(await connect('198.51.100.7, 10.0.0.1')).toBe(429);
			const neighbour = await connect('198.51.100.7, 10.0.0.2');
			expect(neighbour).toBeInstanceOf(WebSocket);
			open.push(neighbour as WebSocket);
			expect(await connect()).toBe(400);
		} finally {
			for (const socket of open) socket.close();
		}
	});
});
