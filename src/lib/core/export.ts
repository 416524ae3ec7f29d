/**
 * Results as rows for spreadsheets. Cells are quoted, and text that a spreadsheet would run as a
 * formula (starting with = + - @, tab or return) is prefixed with an apostrophe: titles and
 * options are typed by users.
 */
export interface ResultRow {
	topic: string;
	status: string;
	option: string;
	votes: number;
	/** Share of the topic's turnout, 0 to 1. */
	share: number;
}

export function csvCell(value: string | number): string {
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(rows: ResultRow[]): string {
	const header = ['topic', 'status', 'option', 'votes', 'share'].map(csvCell).join(',');
	const body = rows.map((row) =>
		[row.topic, row.status, row.option, row.votes, row.share.toFixed(4)].map(csvCell).join(',')
	);
	return [header, ...body].join('\r\n') + '\r\n';
}

export function resultRows(
	topic: { title: string; status: string; options: { id: string; label: string }[] },
	results: { turnout: number; totals: Record<string, number> }
): ResultRow[] {
	return topic.options.map((option) => {
		const votes = results.totals[option.id] ?? 0;
		return {
			topic: topic.title,
			status: topic.status,
			option: option.label,
			votes,
			share: results.turnout > 0 ? votes / results.turnout : 0
		};
	});
}
