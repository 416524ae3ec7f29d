import { json } from '@sveltejs/kit';
import {
	resultRows,
	toCsv,
	topicMinutes,
	type ResultRow,
	type TopicMinutes
} from '../core/export.ts';
import { resultsVisible } from '../core/outcome.ts';
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
	const summaries: TopicMinutes[] = [];
	for (const topic of topics.filter(resultsVisible)) {
		const results = (await services.stores.votes.results(topic.id))!;
		const withRoll = { ...topic, electorate: await services.stores.roll.electorate(topic.id) };
		rows.push(...resultRows(withRoll, results));
		summaries.push(topicMinutes(withRoll, results));
	}
	const disposition = `attachment; filename="plenum-${name}.${format}"`;
	if (format === 'json') {
		return json({ topics: summaries }, { headers: { 'content-disposition': disposition } });
	}
	return new Response(toCsv(rows), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition }
	});
}
