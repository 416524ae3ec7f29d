import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';

/**
 * The port of the server under test: E2E_PORT when set, else a port free right now, chosen once
 * in the runner and handed to its workers through the environment (they read this file again),
 * so a server left behind by an interrupted run never stands in for this one.
 */
function port(): number {
	if (!process.env.E2E_PORT) {
		process.env.E2E_PORT = execFileSync(process.execPath, [
			'-e',
			"const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); })"
		])
			.toString()
			.trim();
	}
	const chosen = Number(process.env.E2E_PORT);
	if (!Number.isInteger(chosen) || chosen <= 0)
		throw new Error(`bad E2E_PORT: ${process.env.E2E_PORT}`);
	return chosen;
}

const PORT = port();
const CI = Boolean(process.env.CI);

/**
 * Journeys in a real Chromium against the production build (`yarn build` first). Playwright's
 * own browser download is not used: Debian's Chromium (or CHROMIUM_PATH) is launched directly.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/e2e',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	// A `test.only` left in a commit fails CI instead of silently skipping the rest.
	forbidOnly: CI,
	// At most one retry, in CI: a test that needs it is reported as flaky (tests/e2e/support/
	// flaky-reporter.ts), and `.ci/run` fails when the same test needed it in the previous run too.
	retries: CI ? 1 : 0,
	reporter: [['list'], ['./tests/e2e/support/flaky-reporter.ts']],
	// Fails the run when a server log holds a password, token, cookie or secret choice.
	globalTeardown: './tests/logs/playwright-teardown.ts',
	use: {
		baseURL: `http://localhost:${PORT}`,
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		},
		trace: 'off'
	},
	webServer: {
		command: 'node tests/e2e/serve.ts',
		url: `http://localhost:${PORT}/healthz`,
		reuseExistingServer: false,
		timeout: 30_000,
		// SIGTERM lets the server close its sockets and remove its temporary database.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${PORT}`,
			// The account the status page journey signs in with (tests/e2e/status-page.spec.ts).
			ADMIN_USERNAMES: 'opsadmin'
		}
	}
});
