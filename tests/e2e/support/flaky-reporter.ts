/**
 * Writes the tests that passed only on their retry (Playwright's "flaky") to
 * `test-results/flaky.json`, one `file › title` each, so `.ci/run` can fail when the same test
 * needed its retry in two runs in a row: flaky is a bug to fix, not to hide.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestCase } from '@playwright/test/reporter';

export const FLAKY_FILE = 'test-results/flaky.json';

export default class FlakyReporter implements Reporter {
	private flaky = new Set<string>();

	onTestEnd(test: TestCase) {
		if (test.outcome() === 'flaky') {
			this.flaky.add(
				`${relative(process.cwd(), test.location.file)} › ${test.titlePath().slice(3).join(' › ')}`
			);
		}
	}

	onEnd() {
		mkdirSync(dirname(FLAKY_FILE), { recursive: true });
		writeFileSync(FLAKY_FILE, `${JSON.stringify([...this.flaky].sort(), null, '\t')}\n`);
	}

	printsToStdio() {
		return false;
	}
}
