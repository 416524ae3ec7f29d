/**
 * Deletes expired sessions on a schedule. Validation already refuses (and deletes) an expired
 * session when its token comes back, but most never come back: without this sweep the sessions
 * table only grows. Runs once at start and then every `intervalMs`.
 */
import type { Logger } from '../src/lib/server/log.ts';
import type { SessionStore } from '../src/lib/server/storage/store.ts';
import { realTimers, type Timers } from './publisher.ts';

export function createSessionSweep(deps: {
	sessions: Pick<SessionStore, 'deleteExpired'>;
	intervalMs: number;
	now: () => number;
	log: Logger;
	timers?: Timers;
}) {
	const timers = deps.timers ?? realTimers;
	let timer: unknown = null;
	let stopped = false;

	/** Deletes what has expired by now; returns how many sessions went. */
	async function sweep(): Promise<number> {
		try {
			const deleted = await deps.sessions.deleteExpired(deps.now());
			if (deleted > 0) deps.log.info({ deleted }, 'expired sessions deleted');
			return deleted;
		} catch (error) {
			deps.log.error({ err: error }, 'expired sessions could not be deleted');
			return 0;
		}
	}

	function next() {
		if (stopped) return;
		timer = timers.set(() => void sweep().then(next), deps.intervalMs);
		(timer as { unref?: () => void }).unref?.();
	}

	return {
		sweep,
		start() {
			void sweep().then(next);
		},
		stop() {
			stopped = true;
			if (timer !== null) timers.clear(timer);
		}
	};
}
