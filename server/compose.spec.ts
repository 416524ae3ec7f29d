import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/lib/server/config.ts';
import { createLogger } from '../src/lib/server/log.ts';
import { createMetrics } from '../src/lib/server/metrics.ts';
import { hashEntry } from '../src/lib/core/audit-chain.ts';
import { portableSha256, useSha256 } from '../src/lib/core/sha256.ts';
import { ballotTracker } from '../src/lib/core/trackers.ts';
import { compose, nodeSha256, openStores } from './compose.ts';

describe('readiness', () => {
	it('is ready once composed, and not ready from the moment shutdown starts', async () => {
		const app = compose(loadConfig({ DATABASE_PATH: ':memory:' }), {
			log: createLogger({ level: 'silent' })
		});
		expect(await app.services.readiness()).toEqual({ ready: true });
		const stopping = app.shutdown();
		expect(await app.services.readiness()).toEqual({ ready: false, reason: 'shutting down' });
		await stopping;
	});
});

describe("the server's SHA-256", () => {
	it('gives the portable digest, so audit chains and trackers hash alike on server and browser', () => {
		const inputs = [0, 1, 55, 56, 63, 64, 65, 200, 1000, 100_000].map((length) =>
			Uint8Array.from({ length }, (_, i) => (i * 31 + length) % 256)
		);
		for (const bytes of inputs) {
			expect(Buffer.from(nodeSha256(bytes)).toString('hex')).toBe(
				Buffer.from(portableSha256(bytes)).toString('hex')
			);
		}
		const content = {
			topicId: 't1',
			n: 2,
			kind: 'vote.accepted' as const,
			payload: { tracker: 'K7QM-2XDA-9PRT', choice: ['ä', 'b'] },
			at: 1_700_000_000_000,
			prev: 'a'.repeat(64)
		};
		try {
			useSha256(portableSha256);
			const portable = [hashEntry(content), ballotTracker('t1', 'ballot-1')];
			useSha256(nodeSha256);
			expect([hashEntry(content), ballotTracker('t1', 'ballot-1')]).toEqual(portable);
		} finally {
			useSha256(portableSha256);
		}
	});
});

describe('SQLite stores', () => {
	const metricsOn = (sqliteFile: string | null) =>
		createMetrics({
			limits: { socketsPerAddress: 1, socketsPerUser: 1, documentsPerSocket: 1 },
			memoryLimitBytes: null,
			refusalReasons: [],
			authReasons: [],
			rateLimits: [],
			sqliteFile
		});

	it('report a failed checkpoint worker to the metrics and the log', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'plenum-compose-'));
		const path = join(dir, 'plenum.db');
		const metrics = metricsOn(path);
		const lines: string[] = [];
		const log = createLogger({ level: 'error', stream: { write: (line) => lines.push(line) } });
		const { stores } = openStores(loadConfig({ DATABASE_PATH: path }), { log, metrics });
		expect(await metrics.text()).toMatch(/^plenum_sqlite_checkpoint_worker_failed 0$/m);
		// The worker opens the file by name once its thread runs: moved away by then, it cannot.
		renameSync(dir, `${dir}-away`);
		try {
			await vi.waitFor(async () =>
				expect(await metrics.text()).toMatch(/^plenum_sqlite_checkpoint_worker_failed 1$/m)
			);
			expect(lines.join('')).toContain('checkpoint worker failed');
		} finally {
			renameSync(`${dir}-away`, dir);
			await stores.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('are the only ones with WAL metrics', async () => {
		expect(await metricsOn(null).text()).not.toContain('plenum_sqlite_');
		expect(await metricsOn(':memory:').text()).not.toContain('plenum_sqlite_');
		expect(await metricsOn('/var/lib/plenum/plenum.db').text()).toMatch(
			/^plenum_sqlite_wal_bytes 0$/m
		);
	});
});
