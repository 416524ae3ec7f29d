/**
 * Starts the production server for Playwright on a fresh database in a temporary folder, which
 * is removed when the server exits (Playwright stops it with SIGTERM after the run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'plenum-e2e-'));
process.env.NODE_ENV = 'production';
process.env.DATABASE_PATH = join(dir, 'plenum.db');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
await import('../../server/index.ts');
