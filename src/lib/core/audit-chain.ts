import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { countBallots } from './counting.ts';
import { parseChoice, POLL_KINDS, type Choice, type PollRules, type RunoffRound } from './poll.ts';

/**
 * The audit log is a hash chain per topic: entry n carries the hash of entry n-1 and the SHA-256
 * of its own canonical content. Anyone holding an export can recompute it with `verifyChain`.
 */
export type AuditKind =
	'topic.opened' | 'topic.closed' | 'vote.accepted' | 'vote.changed' | 'vote.refused';

/**
 * Payloads the replay reads: `topic.opened` names the poll rules and option ids the count uses;
 * `vote.accepted` carries the vote's tracker and choice; `vote.changed` carries the new tracker
 * and choice and the tracker it `replaces`. Nothing names a voter.
 */
export interface OpenedPayload {
	by: string;
	rules?: PollRules;
	options?: string[];
}

export interface AuditContent {
	topicId: string;
	n: number;
	kind: AuditKind;
	payload: Record<string, unknown>;
	at: number;
	prev: string;
}

export interface AuditEntry extends AuditContent {
	hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const keys = Object.keys(value).sort();
		return `{${keys
			.map(
				(key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`
			)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

export function hashEntry(content: AuditContent): string {
	const { topicId, n, kind, payload, at, prev } = content;
	const bytes = new TextEncoder().encode(canonicalJson({ topicId, n, kind, payload, at, prev }));
	return encodeHexLowerCase(sha256(bytes));
}

/** Builds the next entry of a topic's chain. */
export function nextEntry(
	previous: Pick<AuditEntry, 'n' | 'hash'> | null,
	topicId: string,
	kind: AuditKind,
	payload: Record<string, unknown>,
	at: number
): AuditEntry {
	const content: AuditContent = {
		topicId,
		n: previous ? previous.n + 1 : 1,
		kind,
		payload,
		at,
		prev: previous ? previous.hash : GENESIS_HASH
	};
	return { ...content, hash: hashEntry(content) };
}

export type ChainCheck =
	| {
			ok: true;
			entries: number;
			totals: Record<string, number>;
			turnout: number;
			rounds?: RunoffRound[];
			head: string;
	  }
	| { ok: false; index: number; n: number | null; problem: string };

const SINGLE: PollRules = { kind: 'single', minChoices: 1, maxChoices: 1, scoreMax: 5 };

/** Rules as an export states them: anyone may have edited the file, so each field is checked. */
function readableRules(value: unknown): value is PollRules {
	if (typeof value !== 'object' || value === null) return false;
	const { kind, minChoices, maxChoices, scoreMax } = value as Record<string, unknown>;
	return (
		POLL_KINDS.includes(kind as PollRules['kind']) &&
		[minChoices, maxChoices, scoreMax].every((n) => Number.isInteger(n) && (n as number) >= 0)
	);
}

/** The choice an accepted or changed vote entry records (older entries name one `optionId`). */
function entryChoice(payload: Record<string, unknown>): Choice | null {
	if (payload.choice !== undefined) return parseChoice(payload.choice);
	return typeof payload.optionId === 'string' ? [payload.optionId] : null;
}

/**
 * Recomputes a topic's chain and the results it implies. Names the first entry that does not fit:
 * a changed entry breaks its own hash, a removed or reordered one breaks the link or numbering.
 * Votes are replayed in order, a changed vote replacing the one it names, and counted with the
 * rules the topic opened with.
 */
export function verifyChain(entries: AuditEntry[]): ChainCheck {
	const votes = new Map<string, Choice>();
	let rules = SINGLE;
	let optionIds: string[] | null = null;
	let previous: AuditEntry | null = null;
	for (const [index, entry] of entries.entries()) {
		const fail = (problem: string): ChainCheck => ({
			ok: false,
			index,
			n: typeof entry?.n === 'number' ? entry.n : null,
			problem
		});
		if (!entry || typeof entry !== 'object') return fail('entry is not an object');
		const expectedN = previous ? previous.n + 1 : 1;
		if (entry.n !== expectedN) return fail(`expected entry number ${expectedN}, found ${entry.n}`);
		const expectedPrev = previous ? previous.hash : GENESIS_HASH;
		if (entry.prev !== expectedPrev) return fail('does not link to the previous entry');
		if (previous && entry.topicId !== previous.topicId) return fail('belongs to another topic');
		if (hashEntry(entry) !== entry.hash) return fail('content does not match its hash');
		if (entry.kind === 'topic.closed' && entry.payload.head !== undefined) {
			// The closing entry states the head it closes: the chain's own length and last hash.
			const closes = entry.payload as { head: unknown; entries: unknown };
			if (closes.head !== (previous?.hash ?? null) || closes.entries !== (previous?.n ?? 0)) {
				return fail('closing entry names another head than the entry before it');
			}
		}
		if (entry.kind === 'topic.opened') {
			const opened = entry.payload as Partial<OpenedPayload>;
			if (opened.rules !== undefined) {
				if (!readableRules(opened.rules)) return fail('opening names unreadable rules');
				rules = opened.rules;
			}
			if (opened.options !== undefined) {
				if (
					!Array.isArray(opened.options) ||
					!opened.options.every((id) => typeof id === 'string')
				) {
					return fail('opening names unreadable options');
				}
				optionIds = opened.options;
			}
		}
		if (entry.kind === 'vote.accepted' || entry.kind === 'vote.changed') {
			const choice = entryChoice(entry.payload);
			const tracker = entry.payload.tracker;
			if (!choice || typeof tracker !== 'string') return fail('vote entry names no choice');
			if (entry.kind === 'vote.changed') {
				const replaced = entry.payload.replaces;
				if (typeof replaced !== 'string' || !votes.delete(replaced)) {
					return fail('changes a vote the log does not hold');
				}
			}
			votes.set(tracker, choice);
		}
		previous = entry;
	}
	const ballots = [...votes.values()];
	const ids = optionIds ?? [
		...new Set(ballots.flatMap((c) => (Array.isArray(c) ? c : Object.keys(c))))
	];
	const tally = countBallots(rules, ids, ballots);
	return {
		ok: true,
		entries: entries.length,
		totals: Object.fromEntries(Object.entries(tally.totals).filter(([, n]) => n > 0)),
		turnout: tally.turnout,
		...(tally.rounds ? { rounds: tally.rounds } : {}),
		head: previous?.hash ?? GENESIS_HASH
	};
}

/**
 * Checks an export against a head published with the results (topic document, API, exports,
 * closing entry): the entry with that hash must be in the chain, which must then hold every
 * entry up to it unchanged and in order (the hashes link them). A chain cut before the head, or
 * reordered and re-hashed, no longer contains it. Entries after the head (later refusals, or a
 * head taken before the close) are counted, not refused.
 */
export function checkHead(
	entries: AuditEntry[],
	head: string
): { ok: true; after: number } | { ok: false; problem: string } {
	const index = entries.findIndex((entry) => entry?.hash === head);
	if (index < 0) {
		return {
			ok: false,
			problem: `the published head ${head} is not in this export: entries were cut off, removed, changed or reordered`
		};
	}
	return { ok: true, after: entries.length - 1 - index };
}

/**
 * Compares the totals replayed from an audit chain with published results. Options with no votes
 * may be missing from either side.
 */
export function compareTotals(
	replayed: { turnout: number; totals: Record<string, number> },
	published: { turnout: number; totals: Record<string, number> }
): string[] {
	const problems: string[] = [];
	const ids = new Set([...Object.keys(replayed.totals), ...Object.keys(published.totals)]);
	for (const id of [...ids].sort()) {
		const a = replayed.totals[id] ?? 0;
		const b = published.totals[id] ?? 0;
		if (a !== b) problems.push(`option ${id}: the log counts ${a}, the results say ${b}`);
	}
	if (replayed.turnout !== published.turnout) {
		problems.push(
			`turnout: the log counts ${replayed.turnout}, the results say ${published.turnout}`
		);
	}
	return problems;
}
