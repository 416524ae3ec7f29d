/** Vitest global setup: a clean log folder before the run, the secrets scan after it. */
import { assertNoSecretsInLogs, clearLogs } from './scan.ts';

export function setup() {
	clearLogs();
}

export function teardown() {
	assertNoSecretsInLogs();
}
