import { json } from '@sveltejs/kit';
import { resultRows, toCsv, type ResultRow } from '../core/export.ts';
import { pollOutcome } from '../core/counting.ts';
import { resultsVisible } from '../core/outcome.ts';
import { pollRules } from '../core/poll.ts';
import type { TopicWithOptions } from '../core/types.ts';
import { apiError } from './http.ts';
import type { Services } from './services.ts';

/** Results of some topics as CSV or JSON, as a download named after `name`. */
export async function exportResults(
	services: Services,
	topics: TopicWithOptions[],
	format: string,
	name: string
): Promise<Response> {
	if (format !== 'csv' && format !== 'json') {
		return apiError(404, 'not-found', 'Export as .csv or .json.');
	}
	const rows: ResultRow[] = [];
	const summaries = [];
	for (const topic of topics.filter(resultsVisible)) {
		const results = (await services.stores.votes.results(topic.id))!;
		rows.push(...resultRows(topic, results));
		const optionIds = topic.options.map((option) => option.id);
		const outcome = pollOutcome(topic.kind, optionIds, results, topic.majority, topic.quorum);
		const label = (id: string | null) =>
			topic.options.find((option) => option.id === id)?.label ?? null;
		summaries.push({
			id: topic.id,
			title: topic.title,
			kind: topic.kind,
			rules: pollRules(topic),
			status: topic.status,
			majority: topic.majority,
			quorum: topic.quorum,
			turnout: results.turnout,
			options: topic.options.map((option) => ({
				id: option.id,
				label: option.label,
				votes: results.totals[option.id] ?? 0
			})),
			...(results.rounds ? { rounds: results.rounds } : {}),
			audit: topic.audit ?? null,
			outcome: {
				winner: label(outcome.winner),
				tie: outcome.tie.map(label),
				quorumMet: outcome.quorumMet,
				majorityReached: outcome.majorityReached
			}
		});
	}
	const disposition = `attachment; filename="plenum-${name}.${format}"`;
	if (format === 'json') {
		return json({ topics: summaries }, { headers: { 'content-disposition': disposition } });
	}
	return new Response(toCsv(rows), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition }
	});
}
