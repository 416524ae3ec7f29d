/**
 * Paper ballots: a host adds counted paper ballots to a topic as one batch (how many ballots, the
 * count per option, a note). Pure rules: what a batch may say for each poll type, when a topic
 * takes one, and the ballots a batch stands for in the count.
 *
 * In a roll meeting, votes and paper together stay within the roll the topic opened with
 * (`paperFits`).
 *
 * When: while the topic is open, and after it closes for `PAPER_AFTER_CLOSE_MS` (paper is counted
 * once the call closes), unless its meeting has ended. A draft takes none: there is nothing to
 * vote on yet, and the audit log starts with the opening.
 *
 * Which topics: single choice, yes / no / abstain and multiple choice, whose count needs only how
 * many ballots name each option. Ranked and score ballots are counted from whole ballots (an
 * instant runoff transfers each ballot by its next preference), which per-option counts cannot
 * give: such topics refuse paper (`paper-kind-unsupported`).
 *
 * In the count, a batch stands for `ballots` ballots that name the options as often as its counts
 * say (`paperBallots`); any such ballots count the same, so the stored results, the topic
 * document and the audit replay (`verifyChain`) add exactly the batch's figures.
 */
import type { Choice, PollKind, PollRules } from './poll.ts';
import { cleanLine } from './topic-rules.ts';

/** After closing, paper ballots may still be added this long (24 hours). */
export const PAPER_AFTER_CLOSE_MS = 24 * 60 * 60 * 1000;
/** Most ballots one batch may hold. */
export const PAPER_BALLOTS_MAX = 100_000;
export const PAPER_NOTE_MAX = 200;
export const PAPER_KINDS: readonly PollKind[] = ['single', 'yes-no', 'multiple'];

/** A batch of counted paper ballots, as the count and the audit log keep it. */
export interface PaperBatch {
	/** Paper ballots in the batch (turnout). */
	ballots: number;
	/** Per option id: ballots naming it (options named by none may be left out). */
	counts: Record<string, number>;
	/** Where the ballots come from, e.g. "ballot box 2, counted by A. and B.". */
	note: string;
}

/** The paper part of a topic's results ("of which paper"). */
export interface PaperTotals {
	ballots: number;
	totals: Record<string, number>;
	/** Batches added. */
	batches: number;
}

export const PAPER_ERRORS = [
	'paper-kind-unsupported',
	'paper-topic-not-open',
	'paper-too-late',
	'paper-meeting-ended',
	'paper-counts-invalid',
	'paper-ballots-invalid',
	'paper-counts-mismatch',
	'paper-note-too-long',
	'paper-empty',
	'paper-over-eligible',
	'paper-weighted-unsupported'
] as const;
export type PaperError = (typeof PAPER_ERRORS)[number];

export const paperMessages: Record<PaperError, string> = {
	'paper-kind-unsupported':
		'Paper ballots can be added to single choice, yes/no and multiple choice topics only: ranked and score ballots are counted from whole ballots.',
	'paper-topic-not-open': 'Paper ballots can be added once voting has opened.',
	'paper-too-late': 'Paper ballots can be added up to 24 hours after voting closed.',
	'paper-meeting-ended': 'The meeting has ended: its results no longer change.',
	'paper-counts-invalid': 'Give a whole number of 0 or more for each option of this topic.',
	'paper-ballots-invalid': `Give the number of paper ballots, a whole number from 1 to ${PAPER_BALLOTS_MAX}.`,
	'paper-counts-mismatch': 'The counts per option do not fit the number of ballots.',
	'paper-note-too-long': `Keep the note under ${PAPER_NOTE_MAX} characters.`,
	'paper-empty': 'The batch holds no ballots.',
	'paper-over-eligible':
		'More ballots than members on the roll: the votes cast and the paper ballots together cannot exceed those eligible.',
	'paper-weighted-unsupported':
		'This topic counts each member’s weight, and a paper batch names no members: add paper ballots to topics that count heads.'
};

export type PaperCheck =
	{ ok: true; batch: PaperBatch } | { ok: false; code: PaperError; message: string };

const refuse = (code: PaperError): PaperCheck => ({
	ok: false,
	code,
	message: paperMessages[code]
});

const count = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * Validates a batch (untrusted input) against the topic's rules and options. Single choice and
 * yes/no: each ballot names one option, so `ballots` is the sum of the counts (and may be left
 * out). Multiple choice: `ballots` is required; no option on more ballots than there are, and
 * the marks must fit `minChoices` to `maxChoices` per ballot.
 */
export function parsePaperBatch(
	rules: PollRules,
	optionIds: readonly string[],
	raw: unknown
): PaperCheck {
	if (!PAPER_KINDS.includes(rules.kind)) return refuse('paper-kind-unsupported');
	const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	const rawCounts = value.counts;
	if (typeof rawCounts !== 'object' || rawCounts === null || Array.isArray(rawCounts)) {
		return refuse('paper-counts-invalid');
	}
	const known = new Set(optionIds);
	const counts: Record<string, number> = {};
	for (const [id, n] of Object.entries(rawCounts)) {
		if (!known.has(id) || !count(n) || n > PAPER_BALLOTS_MAX) {
			return refuse('paper-counts-invalid');
		}
		if (n > 0) counts[id] = n;
	}
	const note = typeof value.note === 'string' ? cleanLine(value.note) : '';
	if (value.note !== undefined && typeof value.note !== 'string') {
		return refuse('paper-note-too-long');
	}
	if (note.length > PAPER_NOTE_MAX) return refuse('paper-note-too-long');
	const marks = Object.values(counts).reduce((sum, n) => sum + n, 0);
	let ballots: number;
	if (rules.kind === 'multiple') {
		if (!count(value.ballots) || value.ballots > PAPER_BALLOTS_MAX) {
			return refuse(value.ballots === 0 ? 'paper-empty' : 'paper-ballots-invalid');
		}
		ballots = value.ballots;
		if (ballots === 0) return refuse('paper-empty');
		const fits =
			Object.values(counts).every((n) => n <= ballots) &&
			marks >= ballots * rules.minChoices &&
			marks <= ballots * rules.maxChoices;
		if (!fits) return refuse('paper-counts-mismatch');
	} else {
		if (value.ballots !== undefined && value.ballots !== null && value.ballots !== marks) {
			return refuse('paper-counts-mismatch');
		}
		ballots = marks;
		if (ballots === 0) return refuse('paper-empty');
		if (ballots > PAPER_BALLOTS_MAX) return refuse('paper-ballots-invalid');
	}
	return { ok: true, batch: { ballots, counts, note } };
}

/** Whether the topic takes paper ballots now (null: it does), by the rule above. */
export function paperWindow(
	topic: {
		kind: PollKind;
		status: 'draft' | 'open' | 'closed';
		closedAt: number | null;
		/** Set when the topic counts weight (`weights.ts`). */
		eligibleWeight?: string | null;
	},
	meetingEndedAt: number | null,
	now: number
): PaperError | null {
	if (!PAPER_KINDS.includes(topic.kind)) return 'paper-kind-unsupported';
	// A batch names no members, so it has no weight to count.
	if (topic.eligibleWeight != null) return 'paper-weighted-unsupported';
	if (meetingEndedAt !== null) return 'paper-meeting-ended';
	if (topic.status === 'draft') return 'paper-topic-not-open';
	if (topic.status === 'closed' && now - (topic.closedAt ?? now) > PAPER_AFTER_CLOSE_MS) {
		return 'paper-too-late';
	}
	return null;
}

/**
 * In a roll meeting (`eligible`: the members on the roll the topic opened with), the ballots cast
 * and the paper ballots together cannot exceed those eligible: paper ballots go to members who did
 * not vote on their devices. Null: the batch fits (always, outside a roll).
 */
export function paperFits(
	eligible: number | null | undefined,
	turnout: number,
	ballots: number
): PaperError | null {
	return eligible !== null && eligible !== undefined && turnout + ballots > eligible
		? 'paper-over-eligible'
		: null;
}

/**
 * Ballots that stand for a batch in the count: `ballots` ballots naming each option as often as
 * its count says, none naming an option twice. The marks are dealt out in turn (option by option,
 * ballot after ballot): an option named on at most `ballots` ballots lands on distinct ones, and
 * each ballot gets the average number of marks, rounded up or down, which the batch's check keeps
 * within the topic's limits. Single choice and yes/no: one ballot per mark.
 */
export function paperBallots(batch: Pick<PaperBatch, 'ballots' | 'counts'>): Choice[] {
	const ballots: string[][] = Array.from({ length: batch.ballots }, () => []);
	let next = 0;
	for (const id of Object.keys(batch.counts).sort()) {
		for (let i = 0; i < batch.counts[id]; i++) {
			ballots[next % batch.ballots].push(id);
			next++;
		}
	}
	return ballots;
}

/** The paper part of the results: every batch added up (null: no paper ballots). */
export function paperTotals(batches: Pick<PaperBatch, 'ballots' | 'counts'>[]): PaperTotals | null {
	if (batches.length === 0) return null;
	const totals: Record<string, number> = {};
	let ballots = 0;
	for (const batch of batches) {
		ballots += batch.ballots;
		for (const [id, n] of Object.entries(batch.counts)) totals[id] = (totals[id] ?? 0) + n;
	}
	return { ballots, totals, batches: batches.length };
}
