/**
 * Verifies a topic's audit export: recomputes the hash chain, replays the totals (and with several
 * seats, who is elected) and compares them with the published results; recomputes every lot the
 * count drew from the hash of the closing entry and checks the log's `count.lot` entries against
 * it. For a weighted topic it replays each vote's weight and compares the weighted totals too.
 * Paper ballots (`paper.added` entries) are counted with the votes, and their number is checked
 * against the results' `paper` too. Names the first entry that does not fit.
 *
 *   yarn audit:verify https://vote.example.org/t/<topicId>      (fetches export and results)
 *   yarn audit:verify audit.jsonl [--results results.json|URL] [--head <hash>]
 *
 * `--head` is the chain's head as published with the results (topic page, API `audit.head`,
 * exports, the closing entry): the export must reach that entry unchanged, so one cut short or
 * reordered and re-hashed fails. With a URL, the head the results name is checked too.
 *
 * Exit code 0 when everything matches, 1 when it does not (a line that is not JSON included), 2 on
 * bad usage or a source that cannot be read.
 */
import { readFile } from 'node:fs/promises';
import {
	checkHead,
	compareTotals,
	compareWeights,
	verifyChain,
	type AuditEntry
} from '../src/lib/core/audit-chain.ts';

function usage(message: string): never {
	console.error(`audit:verify: ${message}`);
	console.error(
		'usage: yarn audit:verify <export file or topic URL> [--results <file or URL>] [--head <hash>]'
	);
	process.exit(2);
}

/** Turns a topic page, API or export URL into the export and results URLs. */
function topicUrls(input: string) {
	const url = new URL(input);
	const match = /\/(?:t|api\/topics)\/([A-Za-z0-9_-]+)/.exec(url.pathname);
	if (!match) usage(`cannot find a topic id in ${input}`);
	const base = `${url.origin}/api/topics/${match[1]}`;
	return { audit: `${base}/audit`, results: `${base}/results` };
}

async function read(source: string): Promise<string> {
	if (/^https?:\/\//.test(source)) {
		const response = await fetch(source);
		if (!response.ok) usage(`${source} answered ${response.status}`);
		return response.text();
	}
	return readFile(source, 'utf8').catch((error) =>
		usage(`cannot read ${source}: ${error.message}`)
	);
}

const args = process.argv.slice(2);
const source = args.find(
	(arg, index) =>
		!arg.startsWith('--') && args[index - 1] !== '--results' && args[index - 1] !== '--head'
);
const resultsFlag = args.indexOf('--results');
const headFlag = args.indexOf('--head');
const givenHead = headFlag >= 0 ? args[headFlag + 1] : undefined;
if (headFlag >= 0 && !/^[0-9a-f]{64}$/.test(givenHead ?? ''))
	usage('--head takes a 64-digit hex hash');
if (!source) usage('name an export file or a topic URL');

const isUrl = /^https?:\/\//.test(source);
const urls = isUrl ? topicUrls(source) : null;
const resultsSource = resultsFlag >= 0 ? args[resultsFlag + 1] : urls?.results;

const lines = (await read(urls?.audit ?? source)).split('\n').filter((line) => line.trim() !== '');
const entries: AuditEntry[] = [];
for (const [index, line] of lines.entries()) {
	try {
		entries.push(JSON.parse(line));
	} catch {
		console.error(`FAIL: line ${index + 1} is not JSON`);
		process.exit(1);
	}
}

const check = verifyChain(entries);
if (!check.ok) {
	console.error(`FAIL: entry ${check.n ?? '?'} (line ${check.index + 1}): ${check.problem}`);
	process.exit(1);
}
console.log(`chain: ${check.entries} entries verified, head ${check.head}`);
console.log(`replayed totals: ${JSON.stringify(check.totals)}`);
if (check.sealed) {
	// A secret topic names its ballots at the close; until then the log holds their number only.
	console.log(
		`sealed: ${check.sealed} ballots of a secret topic, published at its close (turnout checked, totals then)`
	);
}
if (check.weight) {
	console.log(
		`replayed weight: ${JSON.stringify(check.weight.totals)} of ${check.weight.turnout} cast`
	);
}
if (check.paper) {
	console.log(
		`of which paper: ${check.paper.ballots} ballots in ${check.paper.batches} batches ${JSON.stringify(check.paper.totals)}`
	);
}
if (check.quota !== undefined) console.log(`quota: ${check.quota}`);
if (check.elected) console.log(`elected: ${check.elected.join(', ')}`);
for (const draw of check.lots ?? []) {
	// Recomputed from the closing entry's hash; the log's count.lot entry states the same.
	console.log(`lot: ${draw.label} among ${draw.tied.join(', ')} drew ${draw.order.join(' > ')}`);
}

function expectHead(head: string, where: string) {
	const found = checkHead(entries, head);
	if (!found.ok) {
		console.error(`FAIL: ${found.problem} (${where})`);
		process.exit(1);
	}
	console.log(
		`head: ${head} (${where}) found${found.after > 0 ? `, ${found.after} entries after it` : ', the last entry'}`
	);
}
if (givenHead) expectHead(givenHead, '--head');

if (resultsSource) {
	const published = JSON.parse(await read(resultsSource));
	if (typeof published.audit?.head === 'string') expectHead(published.audit.head, 'the results');
	const problems = [
		...compareTotals(check, published),
		...(check.sealed ? [] : compareWeights(check.weight, published.weight))
	];
	if (
		Array.isArray(published.elected) &&
		JSON.stringify(published.elected) !== JSON.stringify(check.elected ?? [])
	) {
		problems.push(
			`elected: the log elects ${(check.elected ?? []).join(', ')}, the results say ${published.elected.join(', ')}`
		);
	}
	const paper = typeof published.paper?.ballots === 'number' ? published.paper.ballots : 0;
	if (paper !== (check.paper?.ballots ?? 0)) {
		problems.push(
			`paper ballots: the log counts ${check.paper?.ballots ?? 0}, the results say ${paper}`
		);
	}
	if (problems.length > 0) {
		for (const problem of problems) console.error(`FAIL: ${problem}`);
		process.exit(1);
	}
	console.log(`results: match the published results (turnout ${published.turnout})`);
}
console.log('OK');
