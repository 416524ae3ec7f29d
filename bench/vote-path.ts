/**
 * The store's share of a vote, without sockets: a meeting open to guests with one eight-option
 * topic that allows changes (as `yarn bench` sets it up), N guests, and votes cast through
 * `stores.votes.castMany` in batches the way the votes extension commits them, then the recount a
 * tally write makes. Prints CPU time (this process, user + system) and wall time per vote; the
 * difference is mostly the disk sync of each commit. Used by hand, after `yarn build`:
 *
 *   node bench/vote-path.ts [--voters 1000] [--votes 3000] [--batch 1] [--memory]
 *
 *   node bench/vote-path.ts --postgres [--plain] --batch 500
 *
 * `--memory` runs on `:memory:` (no disk at all); otherwise on a temporary file with the server's
 * settings (WAL, `synchronous = NORMAL` and the group commit that flushes the WAL before a write
 * is reported done). `--postgres` runs on PostgreSQL at TEST_DATABASE_URL, in a schema of the run
 * dropped at the end. The topic is secret, as topics are unless made otherwise; `--plain` makes
 * it a topic whose votes are stored with their voters. Also the CPU of reading the topic, as
 * every batch and tally write does first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTopicInput } from '../src/lib/core/topic-rules.ts';
import { createPostgresStores } from '../src/lib/server/storage/postgres/index.ts';
import { createTestSchema } from '../src/lib/server/storage/postgres/testing.ts';
import { createSqliteStores } from '../src/lib/server/storage/sqlite/index.ts';
import type { BallotInput, Stores } from '../src/lib/server/storage/store.ts';

const MIGRATIONS = new URL('../server/migrations/sqlite', import.meta.url).pathname;
const POSTGRES_MIGRATIONS = new URL('../server/migrations/postgres', import.meta.url).pathname;

function option(args: string[], flag: string, fallback: number) {
	const at = args.indexOf(flag);
	return at >= 0 ? Number(args[at + 1]) : fallback;
}

const cpuMs = () => {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
};

export async function votePath(settings: {
	voters: number;
	votes: number;
	batch: number;
	memory: boolean;
	postgres?: boolean;
	plain?: boolean;
}) {
	const dir = mkdtempSync(join(tmpdir(), 'plenum-vote-path-'));
	let stores: Stores;
	let dropSchema = async () => {};
	if (settings.postgres) {
		const schema = await createTestSchema('plenum_bench');
		dropSchema = () => schema.drop();
		const opened = createPostgresStores(schema.url, POSTGRES_MIGRATIONS, { poolSize: 4 });
		stores = opened.stores;
		await opened.ready;
	} else {
		stores = createSqliteStores(settings.memory ? ':memory:' : join(dir, 'v.db'), MIGRATIONS);
	}
	try {
		const host = (await stores.users.create('host', 'h', 1))!;
		const meeting = await stores.meetings.create(host.id, 'Hall', 1);
		await stores.meetings.setAccess(meeting.id, host.id, 'guests');
		const input = parseTopicInput({
			title: 'Motion',
			options: Array.from({ length: 8 }, (_, i) => `Option ${i + 1}`),
			allowChange: true,
			...(settings.plain ? { secret: false } : {})
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
					// Each vote of a guest takes another option than their last, as the hall's phones do.
					choice: [optionIds[(index + Math.floor(index / guests.length)) % optionIds.length]]
				}
			};
		};
		const cpuBefore = cpuMs();
		const wallBefore = performance.now();
		let accepted = 0;
		while (sent < settings.votes) {
			const batch = Array.from({ length: Math.min(settings.batch, settings.votes - sent) }, ballot);
			const outcomes = await stores.votes.castMany(batch, 1000 + sent);
			accepted += outcomes.filter((outcome) => outcome.ok).length;
		}
		const castCpu = cpuMs() - cpuBefore;
		const castWall = performance.now() - wallBefore;

		const recounts = 50;
		const recountBefore = cpuMs();
		for (let i = 0; i < recounts; i++) await stores.votes.results(topic.id);
		const recountCpu = (cpuMs() - recountBefore) / recounts;

		// What every batch and every tally write reads first: the topic, its options and audit head.
		const topicReads = 500;
		const topicBefore = cpuMs();
		for (let i = 0; i < topicReads; i++) await stores.topics.get(topic.id);
		const topicReadUs = (1000 * (cpuMs() - topicBefore)) / topicReads;
		return {
			topicReadUs,
			accepted,
			cpuUsPerVote: (1000 * castCpu) / settings.votes,
			wallUsPerVote: (1000 * castWall) / settings.votes,
			recountCpuMs: recountCpu
		};
	} finally {
		await stores.close();
		await dropSchema();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.main) {
	const args = process.argv.slice(2);
	const settings = {
		voters: option(args, '--voters', 1000),
		votes: option(args, '--votes', 3000),
		batch: option(args, '--batch', 1),
		memory: args.includes('--memory'),
		postgres: args.includes('--postgres'),
		plain: args.includes('--plain')
	};
	const where = settings.postgres
		? 'PostgreSQL'
		: settings.memory
			? ':memory:'
			: 'file, group commit';
	const result = await votePath(settings);
	console.log(
		`${settings.votes} votes by ${settings.voters} guests in batches of ${settings.batch}` +
			` (${where}, ${settings.plain ? 'plain' : 'secret'} topic): ${result.accepted} accepted;` +
			` per vote ${result.cpuUsPerVote.toFixed(0)} µs CPU, ${result.wallUsPerVote.toFixed(0)} µs wall;` +
			` recount of ${settings.voters} votes ${result.recountCpuMs.toFixed(2)} ms CPU; topic read ${result.topicReadUs.toFixed(0)} µs CPU`
	);
}
