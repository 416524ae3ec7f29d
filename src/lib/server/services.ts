/**
 * Typed access, from SvelteKit code, to the instances `server/compose.ts` builds. The production
 * bundle (`build/handler.js`) and the Node entry are separate module graphs, so the instances are
 * handed over on `globalThis` rather than by import.
 */
import type { Oidc } from './auth/oidc.ts';
import type { Passwords } from './auth/password.ts';
import type { SessionManager } from './auth/session.ts';
import type { Budgets } from './budgets.ts';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { StatusSnapshot } from '../shared/status.ts';
import type { Stores } from './storage/store.ts';

/** Whether this process should get traffic (`/readyz`), and why not. */
export type Readiness = { ready: true } | { ready: false; reason: string };

export interface Services {
	config: Config;
	/** The process's logger; a request's lines go through its child in `locals.log`. */
	log: Logger;
	/** Database answers, migrations applied, not shutting down. */
	readiness(): Promise<Readiness>;
	stores: Stores;
	sessions: SessionManager;
	/** Flood budgets per address, username and meeting (see `budgets.ts`). */
	budgets: Budgets;
	/** Password hashing behind a cap on concurrent hashes. */
	passwords: Passwords;
	/** Sign-in with the OpenID Connect provider (null: not configured). */
	oidc: Oidc | null;
	/** Pushes a topic's stored state into its live document, if anyone has it open. */
	publishTopic(topicId: string): Promise<void>;
	/** Pushes a meeting's agenda and current topic into its live document. */
	publishMeeting(meetingId: string): Promise<void>;
	/** The participants (user ids) who have the meeting open now, hosts and observers left out. */
	presentIn(meetingId: string): Promise<string[]>;
	/** How many are present: checked in at the door, or with the meeting open (per meeting). */
	presentCount(meetingId: string): Promise<number>;
	/** Closes the topic at `closesAt` (null: cancels its timer). */
	scheduleTimer(topicId: string, ownerId: string, closesAt: number | null): void;
	/** Closes every collaboration connection that was authenticated by this session. */
	endSession(sessionId: string): void;
	/** The registry behind `/metrics`; the app records its HTTP requests into it. */
	metrics: Metrics;
	/** Live figures for the operators' status page. */
	status(): Promise<StatusSnapshot>;
	now(): number;
}

const KEY = Symbol.for('plenum.services');

export function publishServices(services: Services): void {
	(globalThis as Record<symbol, unknown>)[KEY] = services;
}

export function services(): Services {
	const found = (globalThis as Record<symbol, unknown>)[KEY] as Services | undefined;
	if (!found) throw new Error('Plenum services are not started: run through server/ or yarn dev');
	return found;
}
