import { describe, expect, it } from 'vitest';
import { execute, queryRows } from '../helpers/database.ts';
import { useServer } from '../helpers/use-server.ts';
import { eventually } from '../helpers/voters.ts';

const { server, api } = useServer({ SESSION_SWEEP_INTERVAL_MS: '1000' });

describe('health and readiness', () => {
	it('answers /healthz and /readyz when the database answers and every migration is applied', async () => {
		expect((await api.call('GET', '/healthz')).status).toBe(200);
		const ready = await api.call('GET', '/readyz');
		expect(ready.status).toBe(200);
		expect(ready.body).toEqual({ ready: true });
	});

	it('is alive but not ready, with the reason, while a migration is missing', async () => {
		const [last] = await queryRows<{ id: string; applied_at: number }>(
			server.databasePath,
			'SELECT * FROM schema_migrations ORDER BY id DESC LIMIT 1'
		);
		await execute(server.databasePath, 'DELETE FROM schema_migrations WHERE id = ?', last.id);
		try {
			const ready = await api.call('GET', '/readyz');
			expect(ready.status).toBe(503);
			expect(ready.body).toEqual({ ready: false, reason: `migrations not applied: ${last.id}` });
			expect((await api.call('GET', '/healthz')).status).toBe(200);
		} finally {
			await execute(
				server.databasePath,
				'INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)',
				last.id,
				last.applied_at
			);
		}
		expect((await api.call('GET', '/readyz')).status).toBe(200);
	});
});

describe('request ids', () => {
	it('keeps a sane X-Request-Id, makes one otherwise, and logs the request under it', async () => {
		const kept = await fetch(`${server.url}/healthz`, {
			headers: { 'x-request-id': 'lb-7f3a9c21e0' }
		});
		expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21e0');
		const made = await fetch(`${server.url}/api/topics/nope/results`, {
			headers: { 'x-request-id': 'bad id\twith "quotes"' }
		});
		const id = made.headers.get('x-request-id');
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		await eventually(() => {
			const line = server
				.log()
				.split('\n')
				.find((each) => each.includes(`"requestId":"${id}"`));
			expect(line).toBeDefined();
			expect(JSON.parse(line!)).toMatchObject({
				msg: 'request',
				method: 'GET',
				path: '/api/topics/nope/results',
				status: 404
			});
		});
	});
});

describe('expired sessions', () => {
	it('are deleted by the scheduled sweep', async () => {
		const account = await api.register();
		await execute(
			server.databasePath,
			'INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
			'expiredsession',
			account.user.id,
			Buffer.alloc(32),
			1,
			2
		);
		const count = async () =>
			(await queryRows(server.databasePath, "SELECT 1 FROM sessions WHERE id = 'expiredsession'"))
				.length;
		await eventually(async () => expect(await count()).toBe(0), 10_000);
		// The account's own, live session stays.
		expect((await api.call('GET', '/api/me', { token: account.token })).status).toBe(200);
	});
});
