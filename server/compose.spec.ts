import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/lib/server/config.ts';
import { createLogger } from '../src/lib/server/log.ts';
import { compose } from './compose.ts';

describe('readiness', () => {
	it('is ready once composed, and not ready from the moment shutdown starts', async () => {
		const app = compose(loadConfig({ DATABASE_PATH: ':memory:' }), {
			log: createLogger({ level: 'silent' })
		});
		expect(await app.services.readiness()).toEqual({ ready: true });
		const stopping = app.shutdown();
		expect(await app.services.readiness()).toEqual({ ready: false, reason: 'shutting down' });
		await stopping;
	});
});
