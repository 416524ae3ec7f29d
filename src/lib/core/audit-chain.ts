import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';

/**
 * The audit log is a hash chain per topic: entry n carries the hash of entry n-1 and the SHA-256
 * of its own canonical content. Anyone holding an export can recompute it with `verifyChain`.
 */
export type AuditKind = 'topic.opened' | 'topic.closed' | 'vote.accepted' | 'vote.refused';

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
	| { ok: true; entries: number; totals: Record<string, number>; head: string }
	| { ok: false; index: number; n: number | null; problem: string };

/**
 * Recomputes a topic's chain and the totals it implies. Names the first entry that does not fit:
 * a changed entry breaks its own hash, a removed or reordered one breaks the link or numbering.
 */
export function verifyChain(entries: AuditEntry[]): ChainCheck {
	const totals: Record<string, number> = {};
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
		if (entry.kind === 'vote.accepted') {
			const optionId = entry.payload.optionId;
			if (typeof optionId !== 'string') return fail('vote entry names no option');
			totals[optionId] = (totals[optionId] ?? 0) + 1;
		}
		previous = entry;
	}
	return { ok: true, entries: entries.length, totals, head: previous?.hash ?? GENESIS_HASH };
}

/**
 * Compares the totals replayed from an audit chain with published results. Options with no votes
 * may be missing from either side.
 */
export function compareTotals(
	replayed: Record<string, number>,
	published: { turnout: number; totals: Record<string, number> }
): string[] {
	const problems: string[] = [];
	const ids = new Set([...Object.keys(replayed), ...Object.keys(published.totals)]);
	for (const id of [...ids].sort()) {
		const a = replayed[id] ?? 0;
		const b = published.totals[id] ?? 0;
		if (a !== b) problems.push(`option ${id}: the log counts ${a}, the results say ${b}`);
	}
	const turnout = Object.values(replayed).reduce((sum, n) => sum + n, 0);
	if (turnout !== published.turnout) {
		problems.push(`turnout: the log counts ${turnout}, the results say ${published.turnout}`);
	}
	return problems;
}
