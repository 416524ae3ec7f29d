/**
 * Presence summed over instances, off the hot path: once a second this instance reports the
 * audiences that changed since its last report (all of them again every `PRESENCE_TTL_MS / 3`,
 * so reports of a dead instance lapse), reads what the others report for the documents it has
 * open, and asks the publisher to recount those whose figures changed. Joins and leaves touch only
 * local counters; Redis sees at most two pipelines a second per instance.
 */
import type { Logger } from '../../src/lib/server/log.ts';
import type { Publisher } from '../publisher.ts';
import { PRESENCE_TTL_MS } from './memory.ts';
import type { PresenceReport, SharedState } from './shared-state.ts';

export const PRESENCE_SYNC_MS = 1000;

export function presenceSync(deps: {
	shared: SharedState;
	publisher: () => Publisher;
	log: Logger;
	now: () => number;
	intervalMs?: number;
}) {
	const reported = new Map<string, string>();
	const remote = new Map<string, PresenceReport>();
	let lastFull = -Infinity;
	let running: Promise<void> | null = null;

	async function sync() {
		const local = deps.publisher().audiences();
		const full = deps.now() - lastFull >= PRESENCE_TTL_MS / 3;
		const changes = new Map<string, PresenceReport>();
		for (const [name, report] of local) {
			const text = JSON.stringify(report);
			if (full || reported.get(name) !== text) changes.set(name, report);
		}
		for (const name of reported.keys()) {
			if (!local.has(name)) changes.set(name, { connections: 0, users: [] });
		}
		await deps.shared.presence.report(changes);
		if (full) lastFull = deps.now();
		for (const [name, report] of changes) {
			if (report.connections === 0) reported.delete(name);
			else reported.set(name, JSON.stringify(report));
		}

		const others = await deps.shared.presence.others([...local.keys()]);
		for (const name of new Set([...local.keys(), ...remote.keys()])) {
			const next = others.get(name);
			const before = remote.get(name);
			if (
				JSON.stringify(next?.users.sort()) === JSON.stringify(before?.users) &&
				next?.connections === before?.connections
			)
				continue;
			if (next) remote.set(name, { ...next, users: next.users.sort() });
			else remote.delete(name);
			deps.publisher().recount(name);
		}
	}

	/** One round now, unless one is under way. */
	function tick(): Promise<void> {
		running ??= sync()
			.catch((error) => deps.log.warn({ err: error }, 'presence not shared'))
			.finally(() => (running = null));
		return running;
	}

	const timer = deps.shared.shared ? setInterval(tick, deps.intervalMs ?? PRESENCE_SYNC_MS) : null;
	timer?.unref();

	return {
		/** What the other instances last reported for a document. */
		remote: (name: string) => remote.get(name),
		tick,
		/** Stops reporting and withdraws this instance's reports. */
		async stop() {
			if (timer) clearInterval(timer);
			await running;
			if (!deps.shared.shared || reported.size === 0) return;
			const gone = new Map(
				[...reported.keys()].map((name) => [name, { connections: 0, users: [] }])
			);
			await deps.shared.presence.report(gone).catch(() => {});
		}
	};
}
