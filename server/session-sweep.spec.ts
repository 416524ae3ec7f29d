import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionManager } from '../src/lib/server/auth/session.ts';
import { createLogger } from '../src/lib/server/log.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import type { Stores } from '../src/lib/server/storage/store.ts';
import { SQLITE_MIGRATIONS } from './compose.ts';
import { manualClock } from './manual-clock.ts';
import { createSessionSweep } from './session-sweep.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let stores: Stores;
beforeEach(() => (stores = createSqliteStores(':memory:', SQLITE_MIGRATIONS)));
afterEach(() => stores.close());

describe('the session sweep', () => {
	it('deletes a session once it has expired, at the next sweep, and keeps live ones', async () => {
		const clock = manualClock(0);
		const user = (await stores.users.create('ana', 'x', 0))!;
		// One session lives a day, the other the default 30 days.
		const short = await createSessionManager(stores.sessions, DAY).create(user.id, 0);
		const long = await createSessionManager(stores.sessions).create(user.id, 0);
		const sweep = createSessionSweep({
			sessions: stores.sessions,
			intervalMs: HOUR,
			now: clock.now,
			log: createLogger({ level: 'silent' }),
			timers: clock.timers
		});
		sweep.start();
		await clock.advance(0);
		expect(await stores.sessions.find(short.session.id)).not.toBeNull();

		await clock.advance(DAY - HOUR);
		expect(await stores.sessions.find(short.session.id)).not.toBeNull();
		await clock.advance(HOUR);
		expect(await stores.sessions.find(short.session.id)).toBeNull();
		expect(await stores.sessions.find(long.session.id)).not.toBeNull();

		sweep.stop();
		expect(clock.pending()).toBe(0);
	});
});
