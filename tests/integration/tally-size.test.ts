import * as Y from 'yjs';
import { expect, it } from 'vitest';
import {
	ballotDocumentName,
	ballotMap,
	readBallot,
	topicDocumentName
} from '../../src/lib/shared/documents.ts';
import { randomId } from '../../src/lib/shared/ids.ts';
import { createVoters } from '../helpers/factories.ts';
import { useServer } from '../helpers/use-server.ts';
import { eventually, openDocument, socket } from '../helpers/voters.ts';

const { server, api } = useServer({ MAX_DOCUMENTS_PER_SOCKET: '60' });

const VOTERS = 2000;
const PER_SOCKET = 50;

it(
	'keeps the topic document a few KB after 2,000 votes, with coalesced tally writes',
	{ timeout: 180_000 },
	async () => {
		const owner = await api.register();
		const topic = await api.createTopic(owner.token, ['A', 'B', 'C', 'D']);
		await api.open(owner.token, topic.id);
		const accounts = await createVoters(server.databasePath, VOTERS);

		const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), owner.token);
		let tallyWrites = 0;
		watcher.doc.on('update', () => tallyWrites++);

		const sockets = Array.from({ length: VOTERS / PER_SOCKET }, () => socket(server.wsUrl));
		// Only ballots here: the watcher stands for every screen showing the topic.
		const ballots = accounts.map((account, index) =>
			openDocument(
				sockets[Math.floor(index / PER_SOCKET)],
				ballotDocumentName(topic.id, account.user.id),
				account.token
			)
		);
		try {
			await eventually(
				() => ballots.forEach((b) => expect(b.provider.isSynced).toBe(true)),
				60_000
			);
			await eventually(() => expect(watcher.doc.getMap('topic').get('results')).toBeDefined());
			const writesBefore = tallyWrites;

			ballots.forEach((ballot, index) =>
				ballotMap(ballot.doc).set('request', {
					ballotId: randomId(16),
					optionId: topic.options[index % 4].id,
					castAt: Date.now()
				})
			);
			await eventually(
				() => expect(watcher.doc.getMap('topic').get('results')).toMatchObject({ turnout: VOTERS }),
				60_000
			);
			await eventually(
				() => ballots.forEach((b) => expect(readBallot(b.doc).receipt).not.toBeNull()),
				60_000
			);

			const writes = tallyWrites - writesBefore;
			const size = Y.encodeStateAsUpdate(watcher.doc).byteLength;
			console.log(`topic document: ${size} bytes after ${VOTERS} votes, ${writes} tally writes`);
			expect(size).toBeLessThan(4096);
			expect(writes).toBeLessThan(VOTERS / 10);
			expect(await api.results(topic.id)).toMatchObject({
				turnout: VOTERS,
				totals: Object.fromEntries(topic.options.map((o) => [o.id, VOTERS / 4]))
			});
		} finally {
			ballots.forEach((ballot) => ballot.destroy());
			sockets.forEach((s) => s.destroy());
			watcher.destroy();
		}
	}
);
