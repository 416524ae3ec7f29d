/**
 * Starts the production server for Playwright on a fresh database in a temporary folder, as a
 * child process whose output goes to `test-results/logs/e2e-server.log` for the secrets scan
 * (Playwright's global teardown). Signals are passed on, so the server stops as in production,
 * and the folder is removed once it has.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_DIR } from '../helpers/secrets.ts';

const dir = mkdtempSync(join(tmpdir(), 'plenum-e2e-'));
mkdirSync(LOG_DIR, { recursive: true });
const log = openSync(join(LOG_DIR, 'e2e-server.log'), 'w');
const child = spawn(process.execPath, ['server/index.ts'], {
	cwd: fileURLToPath(new URL('../..', import.meta.url)),
	env: { ...process.env, NODE_ENV: 'production', DATABASE_PATH: join(dir, 'plenum.db') },
	stdio: ['ignore', log, log]
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
	rmSync(dir, { recursive: true, force: true });
	process.exit(code ?? (signal ? 1 : 0));
});
