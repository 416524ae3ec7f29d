import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);

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
	// One retry in CI so a rare timing hiccup on a loaded machine is reported as flaky, not lost.
	retries: process.env.CI ? 1 : 0,
	reporter: [['list']],
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
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${PORT}`,
			// The account the status page journey signs in with (tests/e2e/status-page.spec.ts).
			ADMIN_USERNAMES: 'opsadmin'
		}
	}
});
