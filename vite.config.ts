import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { collabDevServer } from './server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), collabDevServer()],
	test: {
		include: [
			'src/**/*.spec.ts',
			'server/**/*.spec.ts',
			'bench/**/*.spec.ts',
			'tests/integration/**/*.test.ts'
		],
		// No retries: a test that passes only on a second try is a bug to fix, not a pass.
		retry: 0,
		// A clean log folder before the run; after it, the scan for secrets in the servers' logs.
		globalSetup: ['tests/logs/vitest-setup.ts'],
		testTimeout: 60_000,
		hookTimeout: 60_000,
		fileParallelism: false
	}
});
