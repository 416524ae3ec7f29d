/**
 * The proxy store: delegations between a roll meeting's members and the meeting's proxy settings.
 * Each method is one use case that locks the meeting, lets `lib/core/proxy-rules.ts` decide, and
 * writes with an entry in the meeting's roll audit chain, in one transaction.
 */
import type { Delegation, ProxyError, ProxySettings } from '../../core/proxy-rules.ts';
import type { MeetingChangeError } from '../../core/meeting-rules.ts';

/** A delegation with both members' names, as hosts and members see it. */
export interface DelegationView extends Delegation {
	fromName: string;
	toName: string;
}

/** What someone sees of a meeting's proxies: everything for its hosts, their own for a member. */
export interface ProxyView {
	settings: ProxySettings;
	/** Whether the viewer runs the meeting (and sees every delegation). */
	host: boolean;
	/** The viewer's roll entry (null: bound to none). */
	entry: { id: string; name: string } | null;
	/** Hosts: every delegation that stands or waits; members: those they gave or carry. */
	delegations: DelegationView[];
}

export type ProxyChange =
	| { ok: true; view: ProxyView; delegation?: DelegationView }
	| {
			ok: false;
			reason: 'not-found' | 'forbidden' | 'invalid';
			code: ProxyError | MeetingChangeError;
			message: string;
	  };

export interface ProxyStore {
	/** What `actorId` sees (null: no such meeting). */
	view(meetingId: string, actorId: string): Promise<ProxyView | null>;
	/** The limit (0: off) and whether members may take a delegation back; hosts only. */
	setSettings(meetingId: string, actorId: string, raw: unknown, now: number): Promise<ProxyChange>;
	/** A host hands `from`'s vote to `to`; it stands at once. */
	grant(
		meetingId: string,
		actorId: string,
		pair: { from: string; to: string },
		now: number
	): Promise<ProxyChange>;
	/** A member asks to hand their vote to `to`; it stands once a host approves it. */
	request(meetingId: string, actorId: string, to: string, now: number): Promise<ProxyChange>;
	approve(meetingId: string, actorId: string, id: string, now: number): Promise<ProxyChange>;
	/** Ends a delegation (or refuses or withdraws a request); see `checkRevocation`. */
	revoke(meetingId: string, actorId: string, id: string, now: number): Promise<ProxyChange>;
	/** Every delegation the meeting ever had, with names, for the minutes. */
	history(meetingId: string): Promise<DelegationView[]>;
}
