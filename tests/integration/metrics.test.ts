import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, tamper } from '../helpers/database.ts';
import { PASSWORD } from '../helpers/api.ts';
import { metricsListener, metricsPortOf, scrape } from '../helpers/metrics.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';
import { topicDocumentName } from '../../src/lib/shared/documents.ts';

const TOKEN = 'scrape-me-with-this-token';
const { server, api } = useServer({ METRICS_TOKEN: TOKEN, METRICS_PORT: '0', LOGIN_ATTEMPTS: '2' });
const metricsUrl = () => `${server.url}/metrics`;

describe('/metrics is never public by default', () => {
	let bare: RunningServer;
	beforeAll(async () => {
		bare = await startServer();
	});
	afterAll(async () => {
		await bare.dispose();
	});

	it('answers 404 on the public port when no token is configured, whatever is sent', async () => {
		expect((await fetch(`${bare.url}/metrics`)).status).toBe(404);
		const withToken = await fetch(`${bare.url}/metrics`, {
			headers: { authorization: `Bearer ${TOKEN}` }
		});
		expect(withToken.status).toBe(404);
		expect(metricsListener(bare.log())).toBeNull();
	});
});

describe('/metrics with a token and a metrics port', () => {
	it('answers 401 without the token or with a wrong one, and Prometheus text with it', async () => {
		expect((await fetch(metricsUrl())).status).toBe(401);
		const wrong = await fetch(metricsUrl(), {
			headers: { authorization: `Bearer ${TOKEN}x` }
		});
		expect(wrong.status).toBe(401);
		expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
		const basic = await fetch(metricsUrl(), { headers: { authorization: `Basic ${TOKEN}` } });
		expect(basic.status).toBe(401);

		const right = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(right.status).toBe(200);
		expect(right.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = await right.text();
		expect(text).toMatch(/^# TYPE plenum_votes_accepted_total counter$/m);
		expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
		expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
	});

	it('serves /metrics without a token on the metrics port, on loopback, and nothing else', async () => {
		const port = metricsPortOf(server.log());
		const metrics = await scrape(`http://127.0.0.1:${port}/metrics`);
		expect(metrics.value('plenum_websocket_limit', { scope: 'address' })).toBe(200);
		expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
		expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
		expect(metricsListener(server.log())).toEqual({ port, host: '127.0.0.1' });
	});

	it('counts real votes, refusals by reason, receipts, batches, tallies, sockets and documents', async () => {
		const before = await scrape(metricsUrl(), TOKEN);
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		const closed = await api.createTopic(owner.token);
		await api.open(owner.token, closed.id);
		await api.close(owner.token, closed.id);

		const accounts = [await api.register(), await api.register(), await api.register()];
		const voters = accounts.map((account) => connectVoter(server.wsUrl, topic.id, account));
		const lateAccount = await api.register();
		const late = connectVoter(server.wsUrl, closed.id, lateAccount);
		try {
			await eventually(() => voters.forEach((voter) => expect(voter.state()?.status).toBe('open')));
			await eventually(() => expect(late.state()?.status).toBe('closed'));
			const live = await scrape(metricsUrl(), TOKEN);
			expect(live.value('plenum_websockets_open', { endpoint: 'collab' })).toBeGreaterThanOrEqual(
				4
			);
			expect(live.value('plenum_documents_open', { kind: 'topic' })).toBeGreaterThanOrEqual(2);
			expect(live.value('plenum_document_connections', { kind: 'topic' })).toBeGreaterThanOrEqual(
				4
			);

			const ballots = voters.map((voter) => voter.vote(topic.options[0].id));
			const lateBallot = late.vote(closed.options[0].id);
			await eventually(() =>
				voters.forEach((voter) => expect(voter.answer().receipt).not.toBeNull())
			);
			await eventually(() => expect(late.answer().refusal?.reason).toBe('topic-closed'));
			await eventually(() => voters.forEach((voter) => expect(voter.tally()?.turnout).toBe(3)));

			const after = await scrape(metricsUrl(), TOKEN);
			const grew = (name: string, labels?: Record<string, string>) =>
				after.value(name, labels) - before.value(name, labels);
			expect(grew('plenum_votes_accepted_total')).toBe(3);
			expect(grew('plenum_votes_refused_total', { reason: 'topic-closed' })).toBe(1);
			expect(grew('plenum_votes_refused_total', { reason: 'already-voted' })).toBe(0);
			expect(grew('plenum_receipt_latency_seconds_count', { outcome: 'accepted' })).toBe(3);
			expect(grew('plenum_receipt_latency_seconds_count', { outcome: 'refused' })).toBe(1);
			expect(
				grew('plenum_receipt_latency_seconds_bucket', { outcome: 'accepted', le: '+Inf' })
			).toBe(3);
			expect(grew('plenum_vote_batch_size_sum')).toBe(4);
			expect(grew('plenum_tally_write_seconds_count')).toBeGreaterThanOrEqual(1);
			expect(
				grew('plenum_db_transaction_seconds_count', { store: 'votes', method: 'castMany' })
			).toBeGreaterThanOrEqual(1);
			if (onPostgres(server.databasePath)) {
				// SQLite's WAL and checkpoints only exist on SQLite.
				expect(after.families().filter((name) => name.startsWith('plenum_sqlite_'))).toEqual([]);
			} else {
				// The vote batch's commit went to the WAL, and the checkpoint worker copied it back.
				await eventually(async () => {
					const copied = await scrape(metricsUrl(), TOKEN);
					expect(
						copied.value('plenum_sqlite_checkpoint_seconds_count') -
							before.value('plenum_sqlite_checkpoint_seconds_count')
					).toBeGreaterThanOrEqual(1);
					expect(copied.value('plenum_sqlite_wal_frames')).toBeGreaterThan(0);
					expect(copied.value('plenum_sqlite_wal_bytes')).toBeGreaterThan(0);
				});
				expect(after.has('plenum_sqlite_wal_frames_uncopied')).toBe(true);
				expect(after.value('plenum_sqlite_checkpoint_worker_failed')).toBe(0);
			}
			expect(
				grew('plenum_http_requests_total', {
					route: '/api/topics/[id]/open',
					method: 'POST',
					status: '200'
				})
			).toBe(2);
			expect(
				grew('plenum_http_requests_total', { route: '/api/topics', method: 'POST', status: '201' })
			).toBe(2);
			// Route ids, never raw paths: no topic id appears in any label.
			expect(after.text).not.toContain(topic.id);
			const probe = `/no-such-page-${topic.id.slice(0, 8)}`;
			expect((await fetch(`${server.url}${probe}`)).status).toBe(404);
			const unmatched = await scrape(metricsUrl(), TOKEN);
			expect(
				unmatched.value('plenum_http_requests_total', {
					route: 'unmatched',
					method: 'GET',
					status: '404'
				}) - after.value('plenum_http_requests_total', { route: 'unmatched', status: '404' })
			).toBe(1);
			expect(unmatched.text).not.toContain(probe);

			// A device sending its ballot again after a reconnect (as a browser does from IndexedDB)
			// gets the same answer, but nothing is counted twice.
			const sockets = unmatched.value('plenum_websockets_open', { endpoint: 'collab' });
			late.destroy();
			voters[0].destroy();
			await eventually(async () =>
				expect(
					(await scrape(metricsUrl(), TOKEN)).value('plenum_websockets_open', {
						endpoint: 'collab'
					})
				).toBe(sockets - 2)
			);
			const again = connectVoter(server.wsUrl, closed.id, lateAccount);
			const reopened = connectVoter(server.wsUrl, topic.id, accounts[0]);
			again.vote(closed.options[0].id, lateBallot);
			reopened.vote(topic.options[0].id, ballots[0]);
			try {
				await eventually(() => expect(again.answer().refusal?.reason).toBe('topic-closed'));
				await eventually(() => expect(reopened.answer().receipt).not.toBeNull());
				const later = await scrape(metricsUrl(), TOKEN);
				expect(
					later.value('plenum_votes_refused_total', { reason: 'topic-closed' }) -
						before.value('plenum_votes_refused_total', { reason: 'topic-closed' })
				).toBe(1);
				expect(
					later.value('plenum_votes_accepted_total') - before.value('plenum_votes_accepted_total')
				).toBe(3);
				expect(
					later.value('plenum_receipt_latency_seconds_count') -
						before.value('plenum_receipt_latency_seconds_count')
				).toBe(4);
			} finally {
				again.destroy();
				reopened.destroy();
			}
		} finally {
			voters.forEach((voter) => voter.destroy());
			late.destroy();
		}
	});

	it('counts refused authentications by reason and sign-ins stopped by the rate limit', async () => {
		const before = await scrape(metricsUrl(), TOKEN);
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		const websocket = socket(server.wsUrl);
		const forged = openDocument(websocket, topicDocumentName(topic.id), 'not-a-session-token');
		try {
			await eventually(() => expect(forged.failure()).toBe('invalid-token'));
		} finally {
			forged.destroy();
			websocket.destroy();
		}
		const login = (password: string) =>
			api.call('POST', '/api/auth/login', {
				body: { username: owner.user.username, password }
			});
		expect((await login(`${PASSWORD}!`)).status).toBe(401);
		expect((await login(`${PASSWORD}!`)).status).toBe(401);
		expect((await login(PASSWORD)).status).toBe(429);

		const after = await scrape(metricsUrl(), TOKEN);
		const grew = (name: string, labels: Record<string, string>) =>
			after.value(name, labels) - before.value(name, labels);
		expect(grew('plenum_auth_refusals_total', { reason: 'invalid-token' })).toBe(1);
		expect(grew('plenum_auth_refusals_total', { reason: 'wrong-credentials' })).toBe(2);
		expect(grew('plenum_rate_limit_hits_total', { limit: 'login-attempts' })).toBe(1);
		expect(
			grew('plenum_http_requests_total', {
				route: '/api/auth/login',
				method: 'POST',
				status: '429'
			})
		).toBe(1);
	});

	it('reports a topic whose audit chain no longer holds when it closes', async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token);
		await api.open(owner.token, topic.id);
		const voter = connectVoter(server.wsUrl, topic.id, await api.register());
		try {
			voter.vote(topic.options[1].id);
			await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		} finally {
			voter.destroy();
		}
		const sound = await scrape(metricsUrl(), TOKEN);
		expect(sound.value('plenum_audit_chain_failures')).toBe(0);

		// Someone with access to the file rewrites the vote's entry (a secret topic's `ballot.cast`).
		await tamper(
			server.databasePath,
			onPostgres(server.databasePath)
				? "UPDATE audit_log SET payload = jsonb_set(payload::jsonb, '{choice}', jsonb_build_array(?::text))::text WHERE topic_id = ? AND kind = 'ballot.cast'"
				: "UPDATE audit_log SET payload = json_set(payload, '$.choice', json_array(?)) WHERE topic_id = ? AND kind = 'ballot.cast'",
			topic.options[0].id,
			topic.id
		);
		await api.close(owner.token, topic.id);
		await eventually(async () => {
			const metrics = await scrape(metricsUrl(), TOKEN);
			expect(metrics.value('plenum_audit_chain_failures')).toBe(1);
			expect(metrics.value('plenum_audit_chain_checks_total')).toBeGreaterThan(
				sound.value('plenum_audit_chain_checks_total')
			);
		});
		expect(server.log()).toMatch(new RegExp(`"topicId":"${topic.id}".*"msg":"audit chain fails"`));
	});
});
