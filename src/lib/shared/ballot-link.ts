/**
 * When a device keeps its ballot document open on the server. An open ballot costs the server a
 * Hocuspocus document, a Y.Doc and the connection's bookkeeping (7–8 KB per idle phone), for as
 * long as the page is open; once the voter's vote is answered nothing more can happen on it for
 * now. So a device closes its ballot once the server has its state and has answered it (counted,
 * sealed, or refused), and opens it again when something can happen: the voter votes again (a
 * change, or after a refusal), a vote written while offline is pending, a refused vote's topic
 * opens again, or the page comes back into view.
 *
 * A voter who has not voted keeps the ballot open: their vote then needs no opening first (an
 * authentication and a document load, on the vote path of a hall voting at once), and a vote cast
 * on another device shows at once.
 *
 * Closing loses nothing: the device keeps its copy (IndexedDB) and shows from it what the server
 * last said; a request not answered yet keeps the ballot open until its receipt or refusal is
 * in. The server answers a ballot from the votes table as it loads it (`votes.ts`), before the
 * device's first sync, so a synced device knows whether this voter's vote counts.
 */
import type { BallotStatus } from './ballot-status.ts';

/**
 * Where the topic lets voters change their vote, how long a ballot stays open after the last
 * answer: a voter still making up their mind finds it open (opening it again costs the server an
 * authentication and a document load, more than the vote itself), and a phone left on the page
 * costs nothing after. At 5 s a hall of 3,000 changing votes every 6 s (`yarn bench --steady
 * --voters 3000 --rate 500`) cost 2,160 instead of 1,450 µs of server CPU per vote.
 */
export const BALLOT_IDLE_CLOSE_MS = 30_000;

export interface BallotLinkState {
	/** Whether the ballot is open on the server (a provider attached). */
	open: boolean;
	/**
	 * Open, the server's state received and every change of this device acknowledged since it
	 * was opened.
	 */
	settled: boolean;
	/** The device's own copy (IndexedDB) has been read, so a pending request there is known. */
	loaded: boolean;
	status: BallotStatus['kind'];
	allowChange: boolean;
	/** The idle time where votes may change (`BALLOT_IDLE_CLOSE_MS` unless given). */
	idleMs?: number;
}

export type BallotLinkStep =
	| { kind: 'stay' }
	| { kind: 'open' }
	/** Close after `afterMs`, unless something changes before (the step is asked again then). */
	| { kind: 'close'; afterMs: number };

/** What to do with a ballot's server document now. */
export function ballotLinkStep(state: BallotLinkState): BallotLinkStep {
	if (!state.open) return state.status === 'pending' ? { kind: 'open' } : { kind: 'stay' };
	if (!state.loaded || !state.settled) return { kind: 'stay' };
	if (state.status === 'pending' || state.status === 'none') return { kind: 'stay' };
	return { kind: 'close', afterMs: state.allowChange ? (state.idleMs ?? BALLOT_IDLE_CLOSE_MS) : 0 };
}

export interface BallotLinkTimers {
	set(run: () => void, ms: number): unknown;
	clear(timer: unknown): void;
}

const realTimers: BallotLinkTimers = {
	set: (run, ms) => setTimeout(run, ms),
	clear: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)
};

/**
 * Carries out `ballotLinkStep` for one ballot, each time something may have changed (`review`):
 * opens it at once when the step says so; when it says close, closes it after `afterMs` if the
 * step asked again then still says close (`recheck`, `step` unless given), and a close not yet
 * due is called off as soon as the step says anything else. The browser's ballot, the benchmark's
 * phones and the tests' voters all keep their ballots this way.
 */
export function ballotLinkKeeper(deps: {
	step(): BallotLinkStep;
	/** The step asked when a close is due (the browser asks it as if votes could not change). */
	recheck?(): BallotLinkStep;
	open(): void;
	close(): void;
	timers?: BallotLinkTimers;
}) {
	const timers = deps.timers ?? realTimers;
	let timer: unknown;
	const cancel = () => {
		if (timer !== undefined) timers.clear(timer);
		timer = undefined;
	};
	return {
		review() {
			const step = deps.step();
			if (step.kind !== 'close') {
				cancel();
				if (step.kind === 'open') deps.open();
				return;
			}
			if (timer !== undefined) return;
			timer = timers.set(() => {
				timer = undefined;
				if ((deps.recheck ?? deps.step)().kind === 'close') deps.close();
			}, step.afterMs);
		},
		/** Calls off a close not yet due (the device opens the ballot itself, or goes away). */
		cancel
	};
}
