import { sha256 } from './sha256.ts';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { countBallots } from './counting.ts';
import { lotOrder, type LotDraw } from './lot.ts';
import {
	paperBallots,
	paperTotals,
	parsePaperBatch,
	type PaperBatch,
	type PaperTotals
} from './paper.ts';
import {
	parseChoice,
	POLL_KINDS,
	SEATS_LIMIT,
	type Choice,
	type PollRules,
	type RunoffRound,
	type Tally
} from './poll.ts';
import { countWeights, parseWeight, weightUnits, type WeightTally } from './weights.ts';

/**
 * The audit log is a hash chain per topic: entry n carries the hash of entry n-1 and the SHA-256
 * of its own canonical content. Anyone holding an export can recompute it with `verifyChain`.
 */
export type AuditKind =
	| 'topic.opened'
	| 'topic.closed'
	| 'vote.accepted'
	| 'vote.changed'
	| 'vote.refused'
	| 'ballot.cast'
	| 'ballot.published'
	| 'count.lot'
	| 'paper.added'
	| RollAuditKind;

/**
 * Entries of a meeting's roll chain (same format and hashing; the chain's id is the meeting's).
 * Each names who did it (`by`) and the roll version it made; none carries an invitation code.
 */
export type RollAuditKind =
	| 'roll.added'
	| 'roll.edited'
	| 'roll.removed'
	| 'roll.present-from'
	| 'roll.group'
	| 'roll.weighted'
	| 'invitation.issued'
	| 'invitation.revoked'
	| 'invitation.redeemed'
	| 'member.checked-in'
	| 'member.checked-out'
	| 'proxy.settings'
	| 'proxy.granted'
	| 'proxy.requested'
	| 'proxy.approved'
	| 'proxy.revoked'
	| 'proxy.cast';

/**
 * Payloads the replay reads: `topic.opened` names the poll rules and option ids the count uses;
 * `vote.accepted` carries the vote's tracker and choice; `vote.changed` carries the new tracker
 * and choice and the tracker it `replaces`. Nothing names a voter. A weighted topic's opening
 * names the roll's weight (`roll.weight`) and each vote entry its member's `weight` (decimal
 * strings), so the replay recounts the weighted totals too. `count.lot` records the lots the
 * count of a closed topic drew (`LotPayload`), seeded by the hash of the closing entry before it.
 * `paper.added` records a batch of counted paper ballots (`PaperPayload`), counted with the votes.
 *
 * A secret topic's votes are logged in two parts that nothing pairs up (`docs/SECURITY.md`):
 * `ballot.cast`, when a ballot is counted (`{}`, `{ change: true }` for a changed vote, `late`),
 * names neither voter, tracker nor choice; `ballot.published` names a ballot's tracker, choice (and
 * weight), never its voter, and is written in the closing transaction for every ballot counted
 * since the last close, in tracker order and at the closing time (a late ballot's at once). Until
 * then the replay checks the number of ballots cast, not what they chose.
 */
export interface OpenedPayload {
	by: string;
	rules?: PollRules;
	options?: string[];
	/** Roll meetings: the roll the topic opened with; `weight` only for weighted topics. */
	roll?: { version: number; eligible: number; weight?: string };
}

/**
 * `count.lot`: the seed (the hash of the latest `topic.closed` entry) and every lot the count
 * drew with it. Written after the closing entry, and again if a late ballot changes the draws.
 */
export interface LotPayload {
	seed: string;
	draws: LotDraw[];
}

/** The `count.lot` payload a count calls for, or null when it drew no lot. */
export function lotPayload(tally: Tally, seed: string): LotPayload | null {
	return tally.lots && tally.lots.length > 0 ? { seed, draws: tally.lots } : null;
}

/** `paper.added`: who added the batch, and the batch as counted (see `lib/core/paper.ts`). */
export interface PaperPayload extends PaperBatch {
	by: string;
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
			/** Several seats: the quota (STV) and who the replayed count elects. */
			quota?: number;
			elected?: string[];
			/** The lots the replayed count drew, each checked against the log's `count.lot`. */
			lots?: LotDraw[];
			/** Weighted topics: the replayed weight per option and of all ballots. */
			weight?: WeightTally;
			/** The paper ballots among them (`paper.added` entries), when there are any. */
			paper?: PaperTotals;
			/**
			 * Ballots of a secret topic cast (`ballot.cast`) and not yet published: counted in no
			 * total and not in `turnout` until the topic closes (absent: none).
			 */
			sealed?: number;
			head: string;
	  }
	| { ok: false; index: number; n: number | null; problem: string };

const SINGLE: PollRules = { kind: 'single', minChoices: 1, maxChoices: 1, scoreMax: 5, seats: 1 };

/** Rules as an export states them: anyone may have edited the file, so each field is checked. */
function readableRules(value: unknown): value is PollRules {
	if (typeof value !== 'object' || value === null) return false;
	const { kind, minChoices, maxChoices, scoreMax, seats } = value as Record<string, unknown>;
	return (
		POLL_KINDS.includes(kind as PollRules['kind']) &&
		[minChoices, maxChoices, scoreMax].every((n) => Number.isInteger(n) && (n as number) >= 0) &&
		(seats === undefined ||
			(Number.isInteger(seats) && (seats as number) >= 1 && (seats as number) <= SEATS_LIMIT))
	);
}

/** The choice an accepted or changed vote entry records (older entries name one `optionId`). */
function entryChoice(payload: Record<string, unknown>): Choice | null {
	if (payload.choice !== undefined) return parseChoice(payload.choice);
	return typeof payload.optionId === 'string' ? [payload.optionId] : null;
}

/** Whether a `count.lot` payload is readable and every draw in it follows from its seed. */
function lotProblem(payload: Record<string, unknown>, seed: string | null): string | null {
	const { seed: stated, draws } = payload as Partial<LotPayload>;
	if (seed === null || stated !== seed) {
		return 'lot entry is not seeded by the closing entry before it';
	}
	if (!Array.isArray(draws)) return 'lot entry names no draws';
	for (const draw of draws) {
		const { label, tied, order } = (draw ?? {}) as Partial<LotDraw>;
		if (typeof label !== 'string' || !Array.isArray(tied) || !Array.isArray(order)) {
			return 'lot entry names an unreadable draw';
		}
		if (canonicalJson(lotOrder(seed, label, tied)) !== canonicalJson(order)) {
			return `lot entry states another draw than its seed gives (${label})`;
		}
	}
	return null;
}

/**
 * Recomputes a topic's chain and the results it implies. Names the first entry that does not fit:
 * a changed entry breaks its own hash, a removed or reordered one breaks the link or numbering.
 * Votes are replayed in order, a changed vote replacing the one it names, and counted with the
 * rules the topic opened with. Once the topic is closed, lots are seeded by the hash of the latest
 * closing entry: each `count.lot` entry must follow from its seed, and the lots the replayed count
 * draws must be the ones the latest `count.lot` entry records.
 *
 * Takes the entries one at a time, so a store can hand them over as it reads them: what stays in
 * memory is the replayed votes, not the whole log.
 */
export function verifyChain(entries: Iterable<AuditEntry>): ChainCheck {
	const verifier = chainVerifier();
	for (const entry of entries) {
		const failed = verifier.add(entry);
		if (failed) return failed;
	}
	return verifier.finish();
}

/**
 * `verifyChain` fed one entry at a time, for a store that reads the log in pages between awaits
 * (`lib/server/storage/audit-pages.ts`): `add` each entry in order until it returns a failure, then `finish`. The same
 * entries give the same check as `verifyChain`.
 */
export function chainVerifier(): {
	add(entry: AuditEntry): Extract<ChainCheck, { ok: false }> | null;
	finish(): ChainCheck;
} {
	let failed: Extract<ChainCheck, { ok: false }> | null = null;
	let count = 0;
	const votes = new Map<string, Choice>();
	// Weighted topics: each vote's weight (millionths) by tracker; null: the topic counts heads.
	let weights: Map<string, number> | null = null;
	const paper: PaperBatch[] = [];
	let rules = SINGLE;
	let optionIds: string[] | null = null;
	let previous: AuditEntry | null = null;
	let seed: string | null = null;
	let recordedLots: { index: number; n: number; draws: LotDraw[] } | null = null;
	// Logs whose opening rules name `seats` were written since lots are recorded; older ones
	// (counted before lots existed) verify without `count.lot` entries.
	let recordsLots = false;
	// Secret topics: ballots cast, and ballots published (never more than cast).
	let cast = 0;
	let published = 0;
	function add(entry: AuditEntry) {
		if (failed) return failed;
		const index = count++;
		const fail = (problem: string) =>
			(failed = {
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
		if (entry.kind === 'topic.closed') seed = entry.hash;
		if (entry.kind === 'count.lot') {
			const problem = lotProblem(entry.payload, seed);
			if (problem) return fail(problem);
			recordedLots = { index, n: entry.n, draws: entry.payload.draws as LotDraw[] };
		}
		if (entry.kind === 'topic.opened') {
			seed = null;
			recordedLots = null;
			const opened = entry.payload as Partial<OpenedPayload>;
			weights = opened.roll?.weight !== undefined ? (weights ?? new Map()) : null;
			if (opened.rules !== undefined) {
				if (!readableRules(opened.rules)) return fail('opening names unreadable rules');
				rules = opened.rules;
				recordsLots = opened.rules.seats !== undefined;
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
			if (weights) {
				const weight =
					typeof entry.payload.weight === 'string' ? parseWeight(entry.payload.weight) : null;
				if (weight === null) return fail('vote entry of a weighted topic names no weight');
				weights.set(tracker, weight);
			}
			votes.set(tracker, choice);
		}
		if (entry.kind === 'ballot.cast' && entry.payload.change !== true) cast += 1;
		if (entry.kind === 'ballot.published') {
			const choice = parseChoice(entry.payload.choice);
			const tracker = entry.payload.tracker;
			if (!choice || typeof tracker !== 'string') return fail('ballot entry names no choice');
			if (votes.has(tracker)) return fail('publishes a ballot the log holds already');
			published += 1;
			if (published > cast) return fail('publishes more ballots than were cast');
			if (weights) {
				const weight =
					typeof entry.payload.weight === 'string' ? parseWeight(entry.payload.weight) : null;
				if (weight === null) return fail('ballot entry of a weighted topic names no weight');
				weights.set(tracker, weight);
			}
			votes.set(tracker, choice);
		}
		if (entry.kind === 'paper.added') {
			// Checked against the rules and options the topic opened with, as the server checked it.
			const batch = parsePaperBatch(rules, optionIds ?? [], entry.payload);
			if (!batch.ok || batch.batch.ballots !== entry.payload.ballots) {
				return fail('paper entry names a batch the topic cannot take');
			}
			paper.push(batch.batch);
		}
		previous = entry;
		return null;
	}

	function finish(): ChainCheck {
		if (failed) return failed;
		// Paper ballots count after the stored ones, as the server counts them.
		const ballots = [...votes.values(), ...paper.flatMap(paperBallots)];
		const ids = optionIds ?? [
			...new Set(ballots.flatMap((c) => (Array.isArray(c) ? c : Object.keys(c))))
		];
		const tally = countBallots(rules, ids, ballots, { seed });
		const unrecorded = recordsLots || recordedLots !== null;
		if (
			tally.lots &&
			unrecorded &&
			canonicalJson(tally.lots) !== canonicalJson(recordedLots?.draws ?? null)
		) {
			return {
				ok: false,
				index: recordedLots?.index ?? count - 1,
				n: recordedLots?.n ?? previous?.n ?? null,
				problem: 'the count draws lots that the log does not record'
			};
		}
		return {
			ok: true,
			entries: count,
			totals: Object.fromEntries(Object.entries(tally.totals).filter(([, n]) => n > 0)),
			turnout: tally.turnout,
			...(tally.rounds ? { rounds: tally.rounds } : {}),
			...(tally.quota !== undefined ? { quota: tally.quota } : {}),
			...(tally.elected ? { elected: tally.elected } : {}),
			...(tally.lots ? { lots: tally.lots } : {}),
			...(weights
				? {
						weight: countWeights(
							ids,
							[...votes].map(([tracker, choice]) => ({
								choice,
								weight: weights!.get(tracker) ?? 0
							}))
						)
					}
				: {}),
			...(paper.length > 0 ? { paper: paperTotals(paper)! } : {}),
			...(cast > published ? { sealed: cast - published } : {}),
			head: previous?.hash ?? GENESIS_HASH
		};
	}

	return { add, finish };
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
 * may be missing from either side. While a secret topic's ballots are sealed (open, not yet
 * published), only the turnout can be compared: the log holds their number, not their choices.
 */
export function compareTotals(
	replayed: { turnout: number; totals: Record<string, number>; sealed?: number },
	published: { turnout: number; totals: Record<string, number> }
): string[] {
	const problems: string[] = [];
	if (replayed.sealed) {
		const turnout = replayed.turnout + replayed.sealed;
		return turnout === published.turnout
			? []
			: [`turnout: the log counts ${turnout}, the results say ${published.turnout}`];
	}
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

/**
 * Compares the weighted totals replayed from an audit chain with published ones (exact decimal
 * strings, compared as numbers so "0.50" and "0.5" agree). A log of a weighted topic must meet
 * weighted results, and one counting heads must meet results without weights.
 */
export function compareWeights(
	replayed: WeightTally | undefined,
	published: WeightTally | undefined
): string[] {
	if (!replayed && !published) return [];
	if (!replayed) return ['the results count weight, the log counts heads only'];
	if (!published) return ['the log counts weight, the results do not'];
	const problems: string[] = [];
	const same = (a: string | undefined, b: string | undefined) =>
		weightUnits(a ?? '0') === weightUnits(b ?? '0');
	const ids = new Set([...Object.keys(replayed.totals), ...Object.keys(published.totals)]);
	for (const id of [...ids].sort()) {
		if (!same(replayed.totals[id], published.totals[id])) {
			problems.push(
				`option ${id}: the log weighs ${replayed.totals[id] ?? '0'}, the results say ${published.totals[id] ?? '0'}`
			);
		}
	}
	if (!same(replayed.turnout, published.turnout)) {
		problems.push(
			`weight cast: the log weighs ${replayed.turnout}, the results say ${published.turnout}`
		);
	}
	return problems;
}
