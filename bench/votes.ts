/**
 * Vote throughput and latency against the real production server (a child process on a free
 * port): N voters on shared sockets each cast one ballot at once; measures receipt latency,
 * time until a watching screen shows every vote, tally writes and the topic document's size.
 *
 *   yarn bench                          (single choice: 500 and 2000 voters; ranked: 2000)
 *   node bench/votes.ts 1000            (after yarn build)
 *   node bench/votes.ts 5000 --ranked   (8 options, every ballot a full random ranking)
 *
 * Ranked topics are counted by instant runoff from every stored ballot on each tally write, so
 * they measure the cost of recounting as votes arrive.
 */
import * as Y from 'yjs';
import { apiClient } from '../tests/helpers/api.ts';
import { createVoters } from '../tests/helpers/factories.ts';
import { startServer } from '../tests/helpers/server.ts';
import { eventually, openDocument, socket } from '../tests/helpers/voters.ts';
import {
	ballotDocumentName,
	ballotMap,
	readBallot,
	topicDocumentName
} from '../src/lib/shared/documents.ts';
import { randomId } from '../src/lib/shared/ids.ts';

const PER_SOCKET = 50;
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const rankedOnly = process.argv.includes('--ranked');
const RANKED_OPTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** A full ranking in a random order (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

function percentile(values: number[], p: number) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(voters: number, kind: 'single' | 'ranked') {
	const server = await startServer({ MAX_DOCUMENTS_PER_SOCKET: '60' });
	try {
		const api = apiClient(server.url);
		const owner = await api.register();
		const created = await api.call('POST', '/api/topics', {
			token: owner.token,
			body: {
				title: 'Bench',
				kind,
				options: kind === 'ranked' ? RANKED_OPTIONS : ['A', 'B', 'C', 'D']
			}
		});
		const topic = await api.open(owner.token, created.body.topic.id);
		const ids = topic.options.map((option) => option.id);
		const accounts = await createVoters(server.databasePath, voters);
		const watcher = openDocument(socket(server.wsUrl), topicDocumentName(topic.id), owner.token);
		const sockets = Array.from({ length: Math.ceil(voters / PER_SOCKET) }, () =>
			socket(server.wsUrl)
		);
		const ballots = accounts.map((account, index) =>
			openDocument(
				sockets[Math.floor(index / PER_SOCKET)],
				ballotDocumentName(topic.id, account.user.id),
				account.token
			)
		);
		await eventually(
			() =>
				ballots.forEach((b) => {
					if (!b.provider.isSynced) throw new Error('not synced');
				}),
			120_000
		);
		await eventually(() => {
			if (!watcher.doc.getMap('topic').get('results')) throw new Error('no results yet');
		});

		let writes = 0;
		watcher.doc.on('update', () => writes++);
		const latencies: number[] = [];
		const start = performance.now();
		ballots.forEach((ballot, index) => {
			const sent = performance.now();
			const done = () => {
				if (readBallot(ballot.doc).receipt) {
					latencies.push(performance.now() - sent);
					ballotMap(ballot.doc).unobserve(done);
				}
			};
			ballotMap(ballot.doc).observe(done);
			ballotMap(ballot.doc).set('request', {
				ballotId: randomId(16),
				choice: kind === 'ranked' ? shuffled(ids) : [ids[index % 4]],
				castAt: Date.now()
			});
		});
		let tallyDone = 0;
		await eventually(() => {
			const results = watcher.doc.getMap('topic').get('results') as { turnout: number };
			if (results.turnout !== voters) throw new Error('tally incomplete');
			tallyDone ||= performance.now() - start;
			if (latencies.length !== voters) throw new Error('receipts incomplete');
		}, 120_000);
		const allReceipts = performance.now() - start;
		const size = Y.encodeStateAsUpdate(watcher.doc).byteLength;
		const rss = Number(
			/VmRSS:\s+(\d+)/.exec(
				await import('node:fs').then((fs) => fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))
			)?.[1] ?? 0
		);
		ballots.forEach((b) => b.destroy());
		sockets.forEach((s) => s.destroy());
		watcher.destroy();
		return {
			kind,
			voters,
			'all receipts (ms)': Math.round(allReceipts),
			'tally complete on screen (ms)': Math.round(tallyDone),
			'votes/s': Math.round((voters / allReceipts) * 1000),
			'receipt p50 (ms)': Math.round(percentile(latencies, 50)),
			'receipt p99 (ms)': Math.round(percentile(latencies, 99)),
			'tally writes seen': writes,
			'topic doc (bytes)': size,
			'server RSS (MB)': Math.round(rss / 1024)
		};
	} finally {
		await server.dispose();
	}
}

const runs: [number, 'single' | 'ranked'][] = sizes.length
	? sizes.map((voters) => [voters, rankedOnly ? 'ranked' : 'single'])
	: [
			[500, 'single'],
			[2000, 'single'],
			[2000, 'ranked']
		];
const rows = [];
for (const [voters, kind] of runs) rows.push(await run(voters, kind));
console.table(rows);
process.exit(0);
