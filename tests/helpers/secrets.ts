/**
 * What the test servers must never write to their logs: every password, session token, cookie
 * value and secret topic's option id the tests used is recorded here, and after the run
 * `tests/logs/scan.ts` looks for each in every log the servers wrote (`test-results/logs/`).
 * Files, not memory: Vitest runs test files in workers and Playwright in its own processes.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOG_DIR = fileURLToPath(new URL('../../test-results/logs', import.meta.url));
export const SECRETS_FILE = join(LOG_DIR, 'secrets.tsv');

const recorded = new Set<string>();

/** Remembers a value no log line may contain; `what` names it in a failure. */
export function recordSecret(what: string, value: string | null | undefined) {
	if (!value || recorded.has(value)) return;
	recorded.add(value);
	mkdirSync(LOG_DIR, { recursive: true });
	appendFileSync(SECRETS_FILE, `${what}\t${value}\n`);
}
