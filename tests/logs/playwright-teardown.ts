/** Playwright global teardown: fails the run when a server log holds a secret. */
import { assertNoSecretsInLogs } from './scan.ts';

export default function globalTeardown() {
	assertNoSecretsInLogs();
}
