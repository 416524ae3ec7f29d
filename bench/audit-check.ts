/**
 * The periodic audit check of one long topic on SQLite, as `server/audit-check.ts` runs it
 * (`auditProblem`: the chain verified beside the results): a meeting open to guests with one
 * eight-option topic that allows changes, N guests, and votes cast through `stores.votes.castMany`
 * in batches of 500, each guest's vote taking another option than their last (as
 * `bench/vote-path.ts` sets it up). Prints, over several checks (medians), the longest stretch
 * the event loop was held (the gap between two turns of a `setImmediate` ticker), the check's wall
 * time and its CPU (measured in other runs, without the ticker, which spins); the same for the
 * chain's verification alone (`verifyAudit`: its longest page), and the CPU of the results read
 * beside it (one synchronous recount). Used by hand, after `yarn build`:
 *
 *   node bench/audit-check.ts [--voters 10000] [--votes 100000] [--runs 5] [--page 1000] [--memory]
 *
 * `--page`: audit entries read at once; `--memory` runs on `:memory:`, otherwise on a temporary
 * file with the server's settings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditProblem } from '../server/audit-check.ts';
import { parseTopicInput } from '../src/lib/core/topic-rules.ts';
import { migrate, openDatabase } from '../src/lib/server/storage/sqlite/db.ts';
import { sqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import { walSync } from '../src/lib/server/storage/sqlite/wal-sync.ts';
import type { BallotInput } from '../src/lib/server/storage/store.ts';

const MIGRATIONS = new URL('../server/migrations/sqlite', import.meta.url).pathname;
const BATCH = 500;

function option(args: string[], flag: string, fallback: number) {
	const at = args.indexOf(flag);
	return at >= 0 ? Number(args[at + 1]) : fallback;
}

const cpuMs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Wall time and CPU of one run, then the longest gap between turns of the loop in another. */
async function measure(run: () => Promise<unknown>) {
	const cpuBefore = cpuMs();
	const wallBefore = performance.now();
	await run();
	const wallMs = performance.now() - wallBefore;
	const cpu = cpuMs() - cpuBefore;
	let longest = 0;
	let last = performance.now();
	let ticking = true;
	const tick = () => {
		if (!ticking) return;
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
		setImmediate(tick);
	};
	setImmediate(tick);
	last = performance.now();
	await run();
	ticking = false;
	longest = Math.max(longest, performance.now() - last);
	return { wallMs, cpuMs: cpu, longestMs: longest };
}

async function runs(run: () => Promise<unknown>, count: number) {
	const measured = [];
	for (let i = 0; i < count; i++) measured.push(await measure(run));
	return {
		wallMs: median(measured.map((m) => m.wallMs)),
		cpuMs: median(measured.map((m) => m.cpuMs)),
		longestMs: median(measured.map((m) => m.longestMs)),
		worstMs: Math.max(...measured.map((m) => m.longestMs))
	};
}

const line = (m: Awaited<ReturnType<typeof runs>>) =>
	`longest stretch ${m.longestMs.toFixed(1)} ms (worst ${m.worstMs.toFixed(1)} ms),` +
	` wall ${m.wallMs.toFixed(1)} ms, CPU ${m.cpuMs.toFixed(1)} ms`;

export async function auditCheck(settings: {
	voters: number;
	votes: number;
	runs: number;
	page: number;
	memory: boolean;
}) {
	const dir = mkdtempSync(join(tmpdir(), 'plenum-audit-check-'));
	// As `createSqliteStores` opens them, with the page size asked for.
	const db = openDatabase(settings.memory ? ':memory:' : join(dir, 'a.db'), 'NORMAL');
	migrate(db, MIGRATIONS);
	const stores = sqliteStores(db, MIGRATIONS, walSync(db), { auditPageSize: settings.page });
	try {
		const host = (await stores.users.create('host', 'h', 1))!;
		const meeting = await stores.meetings.create(host.id, 'Hall', 1);
		await stores.meetings.setAccess(meeting.id, host.id, 'guests');
		const input = parseTopicInput({
			title: 'Motion',
			options: Array.from({ length: 8 }, (_, i) => `Option ${i + 1}`),
			allowChange: true
		});
		if (!input.ok) throw new Error(input.message);
		const added = await stores.meetings.addTopic(meeting.id, host.id, input.value, 1);
		if (!added.ok) throw new Error(added.message);
		const topic = added.agenda[0];
		await stores.topics.changeStatus(topic.id, host.id, 'open', 2);
		const optionIds = (await stores.topics.get(topic.id))!.options.map((o) => o.id);
		const guests: { id: string }[] = [];
		for (let i = 0; i < settings.voters; i++) {
			guests.push(await stores.users.createGuest(meeting.id, `guest${i}`, 3));
		}
		let sent = 0;
		const ballot = (): BallotInput => {
			const index = sent++;
			return {
				topicId: topic.id,
				userId: guests[index % guests.length].id,
				request: {
					ballotId: `b${index.toString().padStart(8, '0')}`,
					choice: [optionIds[(index + Math.floor(index / guests.length)) % optionIds.length]]
				}
			};
		};
		while (sent < settings.votes) {
			const batch = Array.from({ length: Math.min(BATCH, settings.votes - sent) }, ballot);
			await stores.votes.castMany(batch, 1000 + sent);
		}
		const { chain } = await stores.votes.verifyAudit(topic.id);
		if (!chain.ok) throw new Error(chain.problem);
		const entries = chain.entries;

		const check = async () => {
			const problem = await auditProblem(stores.votes, topic.id);
			if (problem) throw new Error(problem);
		};
		const verify = () => stores.votes.verifyAudit(topic.id);
		const results = () => stores.votes.results(topic.id);
		const recount: number[] = [];
		for (let run = 0; run < settings.runs; run++) recount.push((await measure(results)).cpuMs);
		return {
			entries,
			check: await runs(check, settings.runs),
			verify: await runs(verify, settings.runs),
			resultsCpuMs: median(recount)
		};
	} finally {
		await stores.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.main) {
	const args = process.argv.slice(2);
	const settings = {
		voters: option(args, '--voters', 10_000),
		votes: option(args, '--votes', 100_000),
		runs: option(args, '--runs', 5),
		page: option(args, '--page', 1000),
		memory: args.includes('--memory')
	};
	const result = await auditCheck(settings);
	console.log(
		`audit check of ${result.entries} entries (${settings.voters} guests, pages of ${settings.page},` +
			` ${settings.memory ? ':memory:' : 'file'}), medians of ${settings.runs}:\n` +
			`  check (chain and results): ${line(result.check)}\n` +
			`  chain alone (verifyAudit): ${line(result.verify)}\n` +
			`  results alone: CPU ${result.resultsCpuMs.toFixed(1)} ms`
	);
}
