/**
 * Results for the minutes, as JSON summaries and as spreadsheet rows. CSV cells are quoted, and
 * text that a spreadsheet would run as a formula (starting with = + - @, tab or return) is
 * prefixed with an apostrophe: titles and options are typed by users.
 */
import { pollOutcome } from './counting.ts';
import type { LotDraw } from './lot.ts';
import type { Majority } from './outcome.ts';
import { pollRules, type PollKind, type PollRules, type RunoffRound, type Tally } from './poll.ts';
import type { PaperTotals } from './paper.ts';
import type { Electorate } from './roll-rules.ts';
import type { AuditHead, TopicStatus } from './types.ts';

/** What the minutes need of a topic (a stored topic has all of it). */
export interface MinutesTopic extends PollRules {
	id: string;
	title: string;
	status: TopicStatus;
	majority: Majority;
	quorum: number;
	openedAt: number | null;
	closedAt: number | null;
	/** Participants with the meeting open when voting closed; null when not known. */
	presentAtClose: number | null;
	options: { id: string; label: string }[];
	/** The head of the topic's audit chain, published so a shortened export is caught. */
	audit?: AuditHead;
	/** Roll meetings: eligible (the roll the topic opened with), checked in, roll version. */
	electorate?: Electorate | null;
}

/** How the count ended (or stands, while open). */
export type OutcomeResult = 'winner' | 'elected' | 'tie' | 'no-majority' | 'no-quorum' | 'no-votes';

export interface TopicMinutes {
	id: string;
	title: string;
	kind: PollKind;
	rules: PollRules;
	status: TopicStatus;
	majority: Majority;
	quorum: number;
	openedAt: number | null;
	closedAt: number | null;
	/** Participants with the meeting open when voting closed (null: not known). */
	present: number | null;
	turnout: number;
	/** Turnout as a share of `present`, 0 to 1 (null when `present` is unknown or 0). */
	turnoutOfPresent: number | null;
	/**
	 * Roll meetings (else null): members on the roll the topic opened with, those of them checked
	 * in at the door, and that roll's version.
	 */
	eligible: number | null;
	checkedIn: number | null;
	rollVersion: number | null;
	/** Turnout as a share of `eligible`, 0 to 1 (null outside roll meetings or with none eligible). */
	turnoutOfEligible: number | null;
	/**
	 * Weighted topics (else null): the weight of the ballots cast and of the roll the topic opened
	 * with, exact decimal strings; each option then carries its `weight` beside its `votes`, and
	 * the outcome is decided on weight.
	 */
	weightCast: string | null;
	eligibleWeight: string | null;
	/** Per option: `votes` counts every ballot, `paper` those of them on paper. */
	options: { id: string; label: string; votes: number; paper: number; weight?: string }[];
	/** Counted paper ballots among the turnout (0: none). */
	paperBallots: number;
	/**
	 * Meetings that take proxies (else null): of the turnout, the ballots a proxy cast for a member
	 * who handed over their vote; each counts as that member's.
	 */
	proxyBallots: number | null;
	/** Ranked: every instant-runoff round (STV stage), option ids as in `options`. */
	rounds?: RunoffRound[];
	/** Several seats: how many, and the STV quota. */
	seats?: number;
	quota?: number;
	/** The lots the count drew (option ids), each recorded in the audit log. */
	lots?: LotDraw[];
	/** The audit chain's head when exported (null before its first entry). */
	audit: AuditHead | null;
	outcome: {
		result: OutcomeResult;
		winner: string | null;
		tie: string[];
		quorumMet: boolean;
		majorityReached: boolean;
		/** Several seats: the labels of those elected, in order of election. */
		elected?: string[];
		/** While open: labels of options tied so that only the lot at close can separate them. */
		pendingLot?: string[];
	};
}

/** The summary of one topic for the minutes, from its stored record and its counted tally. */
/** A count as the minutes read it: the tally, with its paper ballots when there are any. */
export type MinutesResults = Tally & { paper?: PaperTotals };

export function topicMinutes(topic: MinutesTopic, results: MinutesResults): TopicMinutes {
	const optionIds = topic.options.map((option) => option.id);
	const decided = pollOutcome(topic.kind, optionIds, results, topic.majority, topic.quorum);
	const label = (id: string | null) =>
		topic.options.find((option) => option.id === id)?.label ?? null;
	const present = topic.presentAtClose;
	const result: OutcomeResult =
		results.turnout === 0
			? 'no-votes'
			: !decided.quorumMet
				? 'no-quorum'
				: decided.winner !== null
					? 'winner'
					: (decided.elected?.length ?? 0) > 0
						? 'elected'
						: decided.tie.length > 1
							? 'tie'
							: 'no-majority';
	return {
		id: topic.id,
		title: topic.title,
		kind: topic.kind,
		rules: pollRules(topic),
		status: topic.status,
		majority: topic.majority,
		quorum: topic.quorum,
		openedAt: topic.openedAt,
		closedAt: topic.closedAt,
		present,
		turnout: results.turnout,
		turnoutOfPresent: present ? results.turnout / present : null,
		eligible: topic.electorate?.eligible ?? null,
		checkedIn: topic.electorate?.checkedIn ?? null,
		rollVersion: topic.electorate?.rollVersion ?? null,
		turnoutOfEligible: topic.electorate?.eligible
			? results.turnout / topic.electorate.eligible
			: null,
		weightCast: results.weight?.turnout ?? null,
		eligibleWeight: results.weight ? (topic.electorate?.eligibleWeight ?? null) : null,
		options: topic.options.map((option) => ({
			id: option.id,
			label: option.label,
			votes: results.totals[option.id] ?? 0,
			paper: results.paper?.totals[option.id] ?? 0,
			...(results.weight ? { weight: results.weight.totals[option.id] ?? '0' } : {})
		})),
		paperBallots: results.paper?.ballots ?? 0,
		proxyBallots: topic.electorate?.byProxy ?? null,
		...(results.rounds ? { rounds: results.rounds } : {}),
		...(results.seats !== undefined ? { seats: results.seats } : {}),
		...(results.quota !== undefined ? { quota: results.quota } : {}),
		...(results.lots ? { lots: results.lots } : {}),
		audit: topic.audit ?? null,
		outcome: {
			result,
			winner: label(decided.winner),
			tie: decided.tie.map((id) => label(id) ?? id),
			quorumMet: decided.quorumMet,
			majorityReached: decided.majorityReached,
			...(decided.elected ? { elected: decided.elected.map((id) => label(id) ?? id) } : {}),
			...(decided.pendingLot ? { pendingLot: decided.pendingLot.map((id) => label(id) ?? id) } : {})
		}
	};
}

export interface ResultRow {
	topic: string;
	kind: PollKind;
	status: string;
	majority: Majority;
	quorum: number;
	present: number | null;
	turnout: number;
	turnoutOfPresent: number | null;
	quorumMet: boolean;
	outcome: OutcomeResult;
	winner: string | null;
	openedAt: number | null;
	closedAt: number | null;
	/**
	 * `option`: an option's count; `round`: an option's (or the exhausted ballots') runoff round
	 * or STV stage; `quota`: the STV quota; `elected`: one elected option, `value` its seat.
	 */
	row: 'option' | 'round' | 'quota' | 'elected';
	/** `round` rows: the round, from 1; `elected` rows: the round (stage) it was elected in. */
	round: number | null;
	/** The option's label; empty on a round's exhausted-ballots row. */
	option: string;
	/**
	 * What `value` counts: ballots naming the option, first preferences (ranked), points (score),
	 * or in a round the continuing ballots for the option or the exhausted ballots.
	 */
	measure:
		| 'ballots'
		| 'first preferences'
		| 'points'
		| 'continuing ballots'
		| 'exhausted ballots'
		| 'votes'
		| 'non-transferable'
		| 'transfer value'
		| 'quota'
		| 'elected';
	value: number;
	/** `value` as a share of the turnout (of the most points possible, for score), 0 to 1. */
	share: number;
	/** Ranked option rows: votes in the last round the option was counted in. */
	lastRound: number | null;
	/** Ranked: the round the option was eliminated in. */
	eliminatedInRound: number | null;
	/** Roll meetings (else null): eligible, checked in, and the roll version the topic opened with. */
	eligible: number | null;
	checkedIn: number | null;
	rollVersion: number | null;
	/** Weighted topics (else null): the weight cast and eligible; option rows: the option's weight. */
	weightCast: string | null;
	eligibleWeight: string | null;
	weight: string | null;
	/** Counted paper ballots among the turnout (0: none). */
	paperBallots: number;
	/** `option` rows: of `value`, the ballots on paper (null on other rows). */
	paper: number | null;
	/** Meetings that take proxies (else null): of the turnout, the ballots cast by proxy. */
	proxyBallots: number | null;
}

const HEADER = [
	'topic',
	'kind',
	'status',
	'majority',
	'quorum',
	'present',
	'turnout',
	'turnout_of_present',
	'quorum_met',
	'outcome',
	'winner',
	'opened_at',
	'closed_at',
	'row',
	'round',
	'option',
	'measure',
	'value',
	'share',
	'last_round',
	'eliminated_in_round',
	'eligible',
	'checked_in',
	'roll_version',
	'weight_cast',
	'eligible_weight',
	'weight',
	'paper_ballots',
	'paper',
	'proxy_ballots'
];

export function csvCell(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

const time = (at: number | null) => (at === null ? null : new Date(at).toISOString());

export function toCsv(rows: ResultRow[]): string {
	const body = rows.map((row) =>
		[
			row.topic,
			row.kind,
			row.status,
			row.majority,
			row.quorum,
			row.present,
			row.turnout,
			row.turnoutOfPresent === null ? null : row.turnoutOfPresent.toFixed(4),
			row.quorumMet ? 'yes' : 'no',
			row.outcome,
			row.winner,
			time(row.openedAt),
			time(row.closedAt),
			row.row,
			row.round,
			row.option,
			row.measure,
			row.value,
			row.share.toFixed(4),
			row.lastRound,
			row.eliminatedInRound,
			row.eligible,
			row.checkedIn,
			row.rollVersion,
			row.weightCast,
			row.eligibleWeight,
			row.weight,
			row.paperBallots,
			row.paper,
			row.proxyBallots
		]
			.map(csvCell)
			.join(',')
	);
	return [HEADER.map(csvCell).join(','), ...body].join('\r\n') + '\r\n';
}

const MEASURE: Record<PollKind, ResultRow['measure']> = {
	single: 'ballots',
	multiple: 'ballots',
	'yes-no': 'ballots',
	ranked: 'first preferences',
	score: 'points'
};

/**
 * The rows of one topic: one per option, then for a ranked topic one per option still in the
 * count and one for the exhausted ballots, per round. Every row repeats the topic's rules,
 * turnout and outcome, so each reads alone in a spreadsheet.
 */
export function resultRows(topic: MinutesTopic, results: MinutesResults): ResultRow[] {
	const minutes = topicMinutes(topic, results);
	const base = topic.kind === 'score' ? results.turnout * topic.scoreMax : results.turnout;
	const share = (value: number, of: number) => (of > 0 ? value / of : 0);
	const common = {
		topic: topic.title,
		kind: topic.kind,
		status: topic.status,
		majority: topic.majority,
		quorum: topic.quorum,
		present: minutes.present,
		turnout: results.turnout,
		turnoutOfPresent: minutes.turnoutOfPresent,
		quorumMet: minutes.outcome.quorumMet,
		outcome: minutes.outcome.result,
		winner: minutes.outcome.winner,
		openedAt: topic.openedAt,
		closedAt: topic.closedAt,
		eligible: minutes.eligible,
		checkedIn: minutes.checkedIn,
		rollVersion: minutes.rollVersion,
		weightCast: minutes.weightCast,
		eligibleWeight: minutes.eligibleWeight,
		weight: null,
		paperBallots: minutes.paperBallots,
		paper: null,
		proxyBallots: minutes.proxyBallots
	};
	const optionRows: ResultRow[] = topic.options.map((option) => {
		const value = results.totals[option.id] ?? 0;
		let lastRound: number | null = null;
		let eliminatedInRound: number | null = null;
		results.rounds?.forEach((round, index) => {
			if (round.totals[option.id] !== undefined) lastRound = round.totals[option.id];
			if (round.eliminated.includes(option.id)) eliminatedInRound = index + 1;
		});
		return {
			...common,
			row: 'option',
			round: null,
			option: option.label,
			measure: MEASURE[topic.kind],
			value,
			share: share(value, base),
			lastRound,
			eliminatedInRound,
			weight: results.weight ? (results.weight.totals[option.id] ?? '0') : null,
			paper: results.paper?.totals[option.id] ?? 0
		};
	});
	// STV stages carry votes (fractions after surplus transfers), not whole ballots.
	const stv = results.quota !== undefined;
	const roundRows: ResultRow[] = (results.rounds ?? []).flatMap((round, index) => [
		...(round.transfer?.kind === 'surplus'
			? [
					{
						...common,
						row: 'round' as const,
						round: index + 1,
						option: topic.options.find((o) => o.id === round.transfer?.from)?.label ?? '',
						measure: 'transfer value' as const,
						value: round.transfer.value ?? 0,
						share: 0,
						lastRound: null,
						eliminatedInRound: null
					}
				]
			: []),
		...topic.options
			.filter((option) => round.totals[option.id] !== undefined)
			.map((option): ResultRow => ({
				...common,
				row: 'round',
				round: index + 1,
				option: option.label,
				measure: stv ? 'votes' : 'continuing ballots',
				value: round.totals[option.id],
				share: share(round.totals[option.id], results.turnout),
				lastRound: null,
				eliminatedInRound: round.eliminated.includes(option.id) ? index + 1 : null
			})),
		{
			...common,
			row: 'round',
			round: index + 1,
			option: '',
			measure: stv ? 'non-transferable' : 'exhausted ballots',
			value: round.exhausted,
			share: share(round.exhausted, results.turnout),
			lastRound: null,
			eliminatedInRound: null
		}
	]);
	const quotaRows: ResultRow[] =
		results.quota === undefined
			? []
			: [
					{
						...common,
						row: 'quota',
						round: null,
						option: '',
						measure: 'quota',
						value: results.quota,
						share: share(results.quota, results.turnout),
						lastRound: null,
						eliminatedInRound: null
					}
				];
	const electedRows: ResultRow[] = (minutes.outcome.elected ?? []).map((label, index) => {
		const id = topic.options.find((option) => option.label === label)?.id;
		const stage = results.rounds?.findIndex((round) => id && round.elected?.includes(id)) ?? -1;
		return {
			...common,
			row: 'elected',
			round: stage >= 0 ? stage + 1 : null,
			option: label,
			measure: 'elected',
			value: index + 1,
			share: 0,
			lastRound: null,
			eliminatedInRound: null
		};
	});
	return [...optionRows, ...roundRows, ...quotaRows, ...electedRows];
}
