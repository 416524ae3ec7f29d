/**
 * The worker of `checkpoints.ts`: its own connection to the database file, which runs a passive
 * checkpoint each time it is asked and answers with what it did.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckpointResult } from './checkpoints.ts';

const db = new Database((workerData as { path: string }).path);

parentPort!.on('message', () => {
	const started = performance.now();
	const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
	const result: CheckpointResult = {
		log: row.log,
		checkpointed: row.checkpointed,
		seconds: (performance.now() - started) / 1000
	};
	parentPort!.postMessage(result);
});
