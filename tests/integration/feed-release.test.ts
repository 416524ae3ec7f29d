/**
 * The feed holds a topic document only while someone follows it: run in this process, so the
 * test can ask Hocuspocus itself which documents are loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseTopicInput } from '../../src/lib/core/topic-rules.ts';
import { loadConfig } from '../../src/lib/server/config.ts';
import { readTopic, topicDocumentName } from '../../src/lib/shared/documents.ts';
import { compose, type Composition } from '../../server/compose.ts';
import { subscribeFeed } from '../helpers/feed.ts';
import { eventually } from '../helpers/voters.ts';

let dir: string;
let app: Composition;
let url: string;
const http = createServer((_request, response) => response.writeHead(404).end());

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'plenum-feed-'));
	app = compose(loadConfig({ DATABASE_PATH: join(dir, 'plenum.db') }));
	http.on('upgrade', (request, socket, head) => {
		if (!app.feed.handleUpgrade(request, socket, head)) socket.destroy();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await app.shutdown();
	http.close();
	rmSync(dir, { recursive: true, force: true });
});

it('loads a topic document once for all its subscribers and lets it go when the last leaves', async () => {
	const { stores } = app.services;
	const owner = (await stores.users.create('owner', 'h', Date.now()))!;
	const input = parseTopicInput({ title: 'Followed', options: ['Yes', 'No'] });
	if (!input.ok) throw new Error(input.message);
	const topic = await stores.topics.create(owner.id, input.value, Date.now());
	await stores.topics.changeStatus(topic.id, owner.id, 'open', Date.now());
	const name = topicDocumentName(topic.id);
	const loaded = () => app.hocuspocus.documents.has(name);
	expect(loaded()).toBe(false);

	const first = subscribeFeed(url, topic.id);
	const second = subscribeFeed(url, topic.id);
	for (const feed of [first, second]) {
		await eventually(() => expect(readTopic(feed.doc).meta?.title).toBe('Followed'));
	}
	expect(app.hocuspocus.getDocumentsCount()).toBe(1);
	expect(app.hocuspocus.documents.get(name)?.getConnectionsCount()).toBe(1);

	first.destroy();
	await eventually(() => expect(first.provider.wsconnected).toBe(false));
	// The other subscriber still follows the topic: the document stays, and still updates.
	await stores.topics.changeStatus(topic.id, owner.id, 'close', Date.now());
	await app.services.publishTopic(topic.id);
	await eventually(() => expect(readTopic(second.doc).state?.status).toBe('closed'));
	expect(loaded()).toBe(true);

	second.destroy();
	await eventually(() => expect(loaded()).toBe(false));
});
