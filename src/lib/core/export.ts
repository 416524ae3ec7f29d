/**
 * Results as rows for spreadsheets. Cells are quoted, and text that a spreadsheet would run as a
 * formula (starting with = + - @, tab or return) is prefixed with an apostrophe: titles and
 * options are typed by users.
 */
import type { PollKind, Tally } from './poll.ts';

export interface ResultRow {
	topic: string;
	kind: PollKind;
	status: string;
	option: string;
	/** What `value` counts: ballots naming the option, first preferences (ranked) or points (score). */
	measure: 'ballots' | 'first preferences' | 'points';
	value: number;
	/** `value` as a share of the turnout (of the most points possible, for score), 0 to 1. */
	share: number;
	/** Ranked: votes in the last round the option was counted in. */
	lastRound: number | null;
	/** Ranked: the round the option was eliminated in. */
	eliminatedInRound: number | null;
}

const HEADER = [
	'topic',
	'kind',
	'status',
	'option',
	'measure',
	'value',
	'share',
	'last_round',
	'eliminated_in_round'
];

export function csvCell(value: string | number | null): string {
	let text = value === null ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(rows: ResultRow[]): string {
	const body = rows.map((row) =>
		[
			row.topic,
			row.kind,
			row.status,
			row.option,
			row.measure,
			row.value,
			row.share.toFixed(4),
			row.lastRound,
			row.eliminatedInRound
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

export function resultRows(
	topic: {
		title: string;
		status: string;
		kind: PollKind;
		scoreMax: number;
		options: { id: string; label: string }[];
	},
	results: Tally
): ResultRow[] {
	const base = topic.kind === 'score' ? results.turnout * topic.scoreMax : results.turnout;
	return topic.options.map((option) => {
		const value = results.totals[option.id] ?? 0;
		let lastRound: number | null = null;
		let eliminatedInRound: number | null = null;
		results.rounds?.forEach((round, index) => {
			if (round.totals[option.id] !== undefined) lastRound = round.totals[option.id];
			if (round.eliminated.includes(option.id)) eliminatedInRound = index + 1;
		});
		return {
			topic: topic.title,
			kind: topic.kind,
			status: topic.status,
			option: option.label,
			measure: MEASURE[topic.kind],
			value,
			share: base > 0 ? value / base : 0,
			lastRound,
			eliminatedInRound
		};
	});
}
