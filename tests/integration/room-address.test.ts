/**
 * Phones in the room reach the laptop: the server listens on the LAN, and the presenter and the
 * host's page show the LAN address (never `localhost`) in the join link and its QR code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrDataUrl } from '../../src/lib/server/qr.ts';
import { lanAddress } from '../../src/lib/server/room-address.ts';
import { apiClient } from '../helpers/api.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const lan = lanAddress();
if (lan === null) console.warn('SKIPPED: this machine has no LAN address to test with');

describe.skipIf(lan === null)('running for a room', () => {
	let server: RunningServer;

	beforeAll(async () => {
		server = await startServer({ HOST: '0.0.0.0', SECURE_COOKIES: 'false' });
	});
	afterAll(async () => {
		await server?.dispose();
	});

	it('answers on the LAN address when listening on 0.0.0.0', async () => {
		const response = await fetch(`http://${lan}:${server.port}/healthz`);
		expect(response.status).toBe(200);
	});

	it('shows phones the LAN address on the presenter and the host page opened at localhost', async () => {
		const api = apiClient(`http://localhost:${server.port}`);
		const host = await api.register();
		const created = await api.call('POST', '/api/meetings', {
			token: host.token,
			body: { title: 'Room meeting' }
		});
		expect(created.status).toBe(201);
		const { id, code } = created.body.meeting;
		const expected = `http://${lan}:${server.port}/join?code=${code}`;
		for (const path of [`/present/${id}`, `/meetings/${id}`]) {
			const page = await api.call('GET', path, { token: host.token });
			expect(page.status, path).toBe(200);
			const html = String(page.body);
			expect(html, path).toContain(`${lan}:${server.port}`);
			expect(html, path).not.toContain(`localhost:${server.port}/join`);
			// The QR code encodes the same link.
			expect(html, path).toContain(await qrDataUrl(expected));
		}
		// A phone that follows the link gets a page from this server (here: sign in, as the
		// meeting is for accounts).
		const joined = await fetch(expected);
		expect(joined.status).toBe(200);
		expect(new URL(joined.url).host).toBe(`${lan}:${server.port}`);
		expect(await joined.text()).toContain('Plenum');
	});

	it('uses the configured ORIGIN when there is one', async () => {
		const configured = await startServer({ ORIGIN: 'https://vote.example.org' });
		try {
			const api = apiClient(configured.url);
			const host = await api.register();
			const created = await api.call('POST', '/api/meetings', {
				token: host.token,
				body: { title: 'Proxied meeting' }
			});
			const page = await api.call('GET', `/present/${created.body.meeting.id}`, {
				token: host.token
			});
			expect(String(page.body)).toContain('vote.example.org');
			expect(String(page.body)).not.toContain(`${lan}:`);
		} finally {
			await configured.dispose();
		}
	});
});
