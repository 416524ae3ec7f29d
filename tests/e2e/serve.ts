/** Starts the production server for Playwright on a fresh database in a temporary folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.NODE_ENV = 'production';
process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'plenum-e2e-')), 'plenum.db');
await import('../../server/index.ts');
