/**
 * The periodic audit check's reader, as every store must keep it (run by `storeContract` for every
 * adapter; see `audit-pages.ts`): the chain verified in pages gives the check of the whole log at
 * any page size, names the same broken entry, stops at the entry that was last when it started,
 * and lets the event loop run between pages.
 */
import { describe, expect, it } from 'vitest';
import { compareTotals, verifyChain } from '../../core/audit-chain.ts';
import { parseTopicInput } from '../../core/topic-rules.ts';
import type { OpenedStores } from './contract.ts';
import type { UserRecord } from './store.ts';

export function auditPagesContract(
	engine: string,
	/** The stores of the running test (opened afresh for each). */
	opened: () => OpenedStores,
	account: () => Promise<UserRecord>
) {
	const stores = () => opened().stores;
	/** Stores over the same database reading the log 1, 3 and 7 entries at a time. */
	const paged = () => Promise.all([1, 3, 7].map((size) => opened().pagedStores(size)));

	/** A topic with 6 voters who then change their vote, closed: 20 entries (14 while open). */
	async function votedTopic(secret: boolean) {
		const owner = await account();
		const parsed = parseTopicInput({ title: 'T', options: ['A', 'B'], secret, allowChange: true });
		if (!parsed.ok) throw new Error(parsed.message);
		const topic = await stores().topics.create(owner.id, parsed.value, 1);
		await stores().topics.changeStatus(topic.id, owner.id, 'open', 2);
		const voters = await Promise.all(Array.from({ length: 6 }, () => account()));
		const round = (round: number) => {
			const [a, b] = topic.options.map((o) => o.id);
			return stores().votes.castMany(
				voters.map((voter, i) => ({
					topicId: topic.id,
					userId: voter.id,
					request: { ballotId: `b-${i}-${round}`, choice: [(i + round) % 3 ? a : b] }
				})),
				3 + round
			);
		};
		await round(0);
		await round(1);
		return { owner, topic, voters, round };
	}

	describe(`${engine} audit check in pages`, () => {
		it('gives the same check as the whole log at any page size, open or closed, secret or named', async () => {
			const others = await paged();
			for (const secret of [true, false]) {
				const { owner, topic } = await votedTopic(secret);
				for (const closed of [false, true]) {
					if (closed) await stores().topics.changeStatus(topic.id, owner.id, 'close', 9);
					const whole = verifyChain(await stores().votes.audit(topic.id));
					expect(whole).toMatchObject({ ok: true, turnout: secret && !closed ? 0 : 6 });
					for (const other of others) {
						expect((await other.votes.verifyAudit(topic.id)).chain).toEqual(whole);
					}
				}
			}
			// A topic with no entries at all.
			const owner = await account();
			const parsed = parseTopicInput({ title: 'Empty', options: ['A', 'B'] });
			if (!parsed.ok) throw new Error(parsed.message);
			const empty = await stores().topics.create(owner.id, parsed.value, 1);
			for (const other of others) {
				expect((await other.votes.verifyAudit(empty.id)).chain).toEqual(verifyChain([]));
			}
		});

		it('names the same broken entry as the whole log, on a later page or before the first', async () => {
			const others = await paged();
			const { topic, round } = await votedTopic(false);
			// A forged entry after those written, and votes chained on after it: the break is on a
			// later page than the first, with pages after it.
			const audit = await stores().votes.audit(topic.id);
			const head = audit[audit.length - 1];
			await opened().forgeAuditEntry({ ...head, n: head.n + 1, hash: 'f'.repeat(64) });
			await round(2);
			const broken = verifyChain(await stores().votes.audit(topic.id));
			expect(broken).toMatchObject({ ok: false, index: audit.length, n: head.n + 1 });
			for (const other of others) {
				expect((await other.votes.verifyAudit(topic.id)).chain).toEqual(broken);
			}
			// A forged entry numbered 0 sorts first: it fails the check as the whole log does.
			await opened().forgeAuditEntry({ ...audit[0], n: 0 });
			const forged = verifyChain(await stores().votes.audit(topic.id));
			expect(forged).toMatchObject({ ok: false, index: 0, n: 0 });
			for (const other of others) {
				expect((await other.votes.verifyAudit(topic.id)).chain).toEqual(forged);
			}
		});

		it('stops at the entry that was last when the check started', async () => {
			const [one] = await paged();
			const { topic, round } = await votedTopic(false);
			const before = await stores().votes.audit(topic.id);
			// Votes cast while it runs.
			const checked = one.votes.verifyAudit(topic.id);
			await round(2);
			const { chain, results } = await checked;
			const after = await stores().votes.audit(topic.id);
			expect(after.length).toBeGreaterThan(before.length);
			// A prefix of the log, verified whole, never past what was there when it started.
			if (!chain.ok) throw new Error(chain.problem);
			expect(chain.entries).toBeGreaterThanOrEqual(before.length);
			expect(chain).toEqual(verifyChain(after.slice(0, chain.entries)));
			// The last entry and the results are read at one moment: the chain replays to them.
			expect(compareTotals(chain, results!)).toEqual([]);
			// SQLite reads them in one synchronous section, before the votes are written; PostgreSQL
			// reads its snapshot over the network, where the votes may come first.
			if (engine === 'sqlite') expect(chain).toEqual(verifyChain(before));
		});

		it('reads the results at the moment of the last entry it verifies, as votes change', async () => {
			const [one] = await paged();
			const { topic, voters } = await votedTopic(false);
			const [a, b] = topic.options.map((o) => o.id);
			const turn = () => new Promise((resolve) => setImmediate(resolve));
			for (let r = 2; r < 22; r++) {
				// Each round moves a different number of votes to B: results read a moment apart
				// from the last entry would differ from the chain's replay. The check starts a little
				// later each round, so the votes' commit falls at each point of its reads in turn.
				const cast = stores().votes.castMany(
					voters.map((voter, i) => ({
						topicId: topic.id,
						userId: voter.id,
						request: { ballotId: `c-${i}-${r}`, choice: [i < r % voters.length ? b : a] }
					})),
					10 + r
				);
				for (let wait = 0; wait < r - 2; wait++) await turn();
				const { chain, results } = await one.votes.verifyAudit(topic.id);
				await cast;
				if (!chain.ok) throw new Error(chain.problem);
				expect(compareTotals(chain, results!), `round ${r}`).toEqual([]);
			}
		});

		it('lets the event loop turn between pages', async () => {
			const [, three] = await paged();
			const { topic } = await votedTopic(false);
			const entries = (await stores().votes.audit(topic.id)).length;
			let turns = 0;
			let ticking = true;
			const tick = () => {
				if (!ticking) return;
				turns++;
				setImmediate(tick);
			};
			setImmediate(tick);
			const { chain } = await three.votes.verifyAudit(topic.id);
			ticking = false;
			expect(chain).toMatchObject({ ok: true, entries });
			// In pages of 3: at least one turn after each page but the last.
			expect(turns).toBeGreaterThanOrEqual(Math.ceil(entries / 3) - 1);
		});
	});
}
