/**
 * Two real server processes sharing one Redis (and, for this test only, one SQLite file in WAL
 * mode, which two processes on one machine may share): what one instance learns, the other acts
 * on. Room leases are off here, so one room's documents may be open on both instances, as they
 * would be without a router keyed by room (`room-leases.test.ts` tests them on). Skips loudly
 * without Redis; fails in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../src/lib/shared/close-codes.ts';
import {
	meetingDocumentName,
	readMeeting,
	readTopic,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { apiClient, type ApiClient } from '../helpers/api.ts';
import { rawClient } from '../helpers/raw-client.ts';
import { dropPrefix, REDIS_URL, redisAvailable, testPrefix } from '../helpers/redis.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { connectVoter, eventually, openDocument, socket } from '../helpers/voters.ts';

const hasRedis = await redisAvailable();

describe.skipIf(!hasRedis)('two instances sharing Redis', () => {
	const prefix = testPrefix();
	let a: RunningServer;
	let b: RunningServer;
	let onA: ApiClient;
	let onB: ApiClient;

	beforeAll(async () => {
		const env = {
			REDIS_URL,
			REDIS_PREFIX: prefix,
			MAX_SOCKETS_PER_USER: '2',
			ROOM_LEASES: 'false'
		};
		a = await startServer(env);
		b = await startServer(env, { databasePath: a.databasePath });
		onA = apiClient(a.url);
		onB = apiClient(b.url);
	});

	afterAll(async () => {
		await b?.dispose();
		await a?.dispose();
		await dropPrefix(prefix);
	});

	async function openTopic(api: ApiClient = onA) {
		const host = await api.register();
		const topic = await api.createTopic(host.token);
		await api.open(host.token, topic.id);
		return { host, topic };
	}

	it('counts the sockets of one user on both instances against one cap', async () => {
		const { topic } = await openTopic();
		const account = await onA.register();
		const name = topicDocumentName(topic.id);
		const first = await rawClient(a.wsUrl);
		first.authenticate(name, account.token);
		await eventually(() => expect(first.authReply(name)).toMatch(/^authenticated/));
		const second = await rawClient(b.wsUrl);
		second.authenticate(name, account.token);
		await eventually(() => expect(second.authReply(name)).toMatch(/^authenticated/));

		const third = await rawClient(b.wsUrl);
		third.authenticate(name, account.token);
		await eventually(() => expect(third.authReply(name)).toBe('denied:too-many-connections'));

		first.close();
		await eventually(async () => {
			const again = await rawClient(b.wsUrl);
			again.authenticate(name, account.token);
			try {
				await eventually(() => expect(again.authReply(name)).not.toBeNull(), 2000);
				expect(again.authReply(name)).toMatch(/^authenticated/);
			} finally {
				again.close();
			}
		});
		second.close();
		third.close();
	});

	it('closes on B the sockets of a session signed out on A', async () => {
		const { topic } = await openTopic();
		const account = await onA.register();
		const client = await rawClient(b.wsUrl);
		const name = topicDocumentName(topic.id);
		client.authenticate(name, account.token);
		await eventually(() => expect(client.authReply(name)).toBe('authenticated:readonly'));

		expect((await onA.call('POST', '/api/auth/logout', { token: account.token })).status).toBe(200);
		await eventually(() => expect(client.closed()?.code).toBe(CLOSE.sessionEnded.code));
	});

	it('writes a host’s change made through A into the topic documents open on B', async () => {
		const host = await onA.register();
		const topic = await onA.createTopic(host.token);
		const viewer = openDocument(socket(b.wsUrl), topicDocumentName(topic.id), host.token);
		await eventually(() => expect(readTopic(viewer.doc).state?.status).toBe('draft'));

		await onA.open(host.token, topic.id);
		await eventually(() => expect(readTopic(viewer.doc).state?.status).toBe('open'));

		// A vote cast on B is counted and shown there; the close made through A reaches B too.
		const account = await onA.register();
		const voter = connectVoter(b.wsUrl, topic.id, account);
		await eventually(() => expect(voter.state()?.status).toBe('open'));
		voter.vote(topic.options[0].id);
		await eventually(() => expect(voter.answer().receipt).not.toBeNull());
		await eventually(() => expect(readTopic(viewer.doc).results?.turnout).toBe(1));
		await onA.close(host.token, topic.id);
		await eventually(() => expect(readTopic(viewer.doc).state?.status).toBe('closed'));
		voter.destroy();
		viewer.provider.configuration.websocketProvider.destroy();
		viewer.destroy();
	});

	it('closes a timed topic once though its timer fires on both instances', async () => {
		const { host, topic } = await openTopic();
		const started = await onA.call('POST', `/api/topics/${topic.id}/timer`, {
			token: host.token,
			body: { seconds: 1 }
		});
		expect(started.status).toBe(200);
		await eventually(async () => expect((await onB.results(topic.id)).status).toBe('closed'));
		const lines = (server: RunningServer, msg: string) =>
			server
				.log()
				.split('\n')
				.filter((line) => line.includes(`"msg":"${msg}"`) && line.includes(topic.id)).length;
		await eventually(() => {
			const closed = lines(a, 'timer closes topic') + lines(b, 'timer closes topic');
			const skipped =
				lines(a, 'timer fired, closed by another instance') +
				lines(b, 'timer fired, closed by another instance');
			expect([closed, skipped]).toEqual([1, 1]);
		});
		const audit = await onA.audit(topic.id);
		expect(audit.filter((entry) => entry.kind === 'topic.closed')).toHaveLength(1);
	});

	it('shows on both instances the participants present on either', async () => {
		const host = await onA.register();
		const created = await onA.call('POST', '/api/meetings', {
			token: host.token,
			body: { title: 'Spread over two instances' }
		});
		const meetingId = created.body.meeting.id as string;
		const name = meetingDocumentName(meetingId);
		const [ann, ben] = [await onA.register(), await onA.register()];
		const annOnA = openDocument(socket(a.wsUrl), name, ann.token);
		const benOnB = openDocument(socket(b.wsUrl), name, ben.token);
		await eventually(() => {
			expect(readMeeting(annOnA.doc).presence?.present).toBe(2);
			expect(readMeeting(benOnB.doc).presence?.present).toBe(2);
		});
		// The host asks B who is here: Ann, who is on A, is named too.
		const present = await onB.call('GET', `/api/meetings/${meetingId}/present`, {
			token: host.token
		});
		expect(present.body.present.map((p: { name: string }) => p.name).sort()).toEqual(
			[ann.user.username, ben.user.username].sort()
		);

		benOnB.provider.configuration.websocketProvider.destroy();
		benOnB.destroy();
		await eventually(() => expect(readMeeting(annOnA.doc).presence?.present).toBe(1));
		annOnA.provider.configuration.websocketProvider.destroy();
		annOnA.destroy();
	});
});
