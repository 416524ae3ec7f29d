/**
 * A write transaction's inserts of ballots, participations, votes and audit entries, gathered and
 * sent as one statement per table. A vote batch of a few hundred ballots otherwise sends two or
 * three inserts per ballot, each parsed, planned and executed on its own by the database; as one
 * `INSERT … SELECT` over a JSON array per table (`jsonb_to_recordset`) they cost about one statement each.
 *
 * An insert is held until the transaction asks anything else, or until the use case has asked
 * everything (`runAsync`'s `send`, in `../port.ts`): every other operation first sends what is
 * held, so the statements reach the database in the order the use case asked them (a read sees
 * the rows inserted before it), and the transaction commits only once they succeeded, as for any
 * operation sent ahead (the gathered inserts are all in `SENT_AHEAD`: nothing waits for one on
 * its own). A held insert's call settles when its table's statement does; a failure fails every
 * insert of that statement and of those sent with it, with the first statement's error (the
 * runner tells the failure of the earliest call, which may sit in a later table's statement).
 *
 * Within a statement, participations go in by id and ballots by tracker (both random), so that
 * neither their place in the table nor their order pairs a voter with their ballot on a secret
 * topic (`docs/SECURITY.md`).
 */
import type { AsyncPort, Port } from '../port.ts';
import type { Sql } from './db.ts';

type Gathered = 'insertParticipation' | 'insertBallot' | 'insertVote' | 'insertAudit';

type Row = Record<string, string | number | null>;

interface Table<K extends Gathered> {
	row(...args: Parameters<Port[K]>): Row;
	insert(sql: Sql, rows: Row[]): PromiseLike<unknown>;
}

/** The tables in the order their statements are sent: a ballot's participation first. */
const TABLES: { [K in Gathered]: Table<K> } = {
	insertParticipation: {
		row: (p) => ({
			id: p.id,
			topic_id: p.topicId,
			user_id: p.userId,
			roll_entry_id: p.rollEntryId
		}),
		insert: (sql, rows) => sql`
			INSERT INTO participations (id, topic_id, user_id, roll_entry_id)
			SELECT id, topic_id, user_id, roll_entry_id FROM jsonb_to_recordset(${sql.json(rows)})
			  AS r (id text, topic_id text, user_id text, roll_entry_id text)
			ORDER BY id COLLATE "C"`
	},
	insertBallot: {
		row: (b) => ({
			tracker: b.tracker,
			topic_id: b.topicId,
			option_id: b.optionId,
			choice: b.choice,
			weight: b.weight,
			participation_id: b.participationId,
			published: b.published ? 1 : 0
		}),
		insert: (sql, rows) => sql`
			INSERT INTO ballots (tracker, topic_id, option_id, choice, weight, participation_id,
			  published)
			SELECT tracker, topic_id, option_id, choice, weight, participation_id, published
			FROM jsonb_to_recordset(${sql.json(rows)})
			  AS r (tracker text, topic_id text, option_id text, choice text, weight bigint,
			    participation_id text, published integer)
			ORDER BY tracker COLLATE "C"`
	},
	insertVote: {
		row: (vote, optionId, choice, rollEntryId) => ({
			topic_id: vote.topicId,
			user_id: vote.userId,
			option_id: optionId,
			choice,
			ballot_id: vote.ballotId,
			tracker: vote.tracker,
			created_at: vote.createdAt,
			roll_entry_id: rollEntryId
		}),
		insert: (sql, rows) => sql`
			INSERT INTO votes (topic_id, user_id, option_id, choice, ballot_id, tracker, created_at,
			  roll_entry_id)
			SELECT topic_id, user_id, option_id, choice, ballot_id, tracker, created_at, roll_entry_id
			FROM jsonb_to_recordset(${sql.json(rows)})
			  AS r (topic_id text, user_id text, option_id text, choice text, ballot_id text,
			    tracker text, created_at bigint, roll_entry_id text)`
	},
	insertAudit: {
		row: (entry) => ({
			topic_id: entry.topicId,
			n: entry.n,
			kind: entry.kind,
			payload: JSON.stringify(entry.payload),
			created_at: entry.at,
			prev_hash: entry.prev,
			hash: entry.hash
		}),
		insert: (sql, rows) => sql`
			INSERT INTO audit_log (topic_id, n, kind, payload, created_at, prev_hash, hash)
			SELECT topic_id, n, kind, payload, created_at, prev_hash, hash
			FROM jsonb_to_recordset(${sql.json(rows)})
			  AS r (topic_id text, n integer, kind text, payload text, created_at bigint,
			    prev_hash text, hash text)
			ORDER BY n`
	}
};

/** The operations held back, in the order their statements are sent. */
export const GATHERED = Object.keys(TABLES) as Gathered[];

interface Held {
	rows: Row[];
	sent: Promise<void>;
	settle: { resolve(): void; reject(error: unknown): void };
}

/**
 * `port` (over the transaction `sql`) with its inserts gathered as described above, and `send`,
 * which sends what is held: the runner calls it once the use case has asked everything.
 */
export function gatheringInserts(port: AsyncPort, sql: Sql): { port: AsyncPort; send(): void } {
	const held = new Map<Gathered, Held>();
	/** The first statement that failed: those after it are refused for it, and fail with it. */
	let failure: { error: unknown } | null = null;

	function send(): void {
		for (const op of GATHERED) {
			const table = held.get(op);
			if (!table) continue;
			// `then` sends the statement now, in its place on the transaction's connection.
			TABLES[op].insert(sql, table.rows).then(
				() => table.settle.resolve(),
				(error: unknown) => table.settle.reject((failure ??= { error }).error)
			);
		}
		held.clear();
	}

	function hold<K extends Gathered>(op: K, args: Parameters<Port[K]>): Promise<void> {
		let table = held.get(op);
		if (!table) {
			let settle!: Held['settle'];
			const sent = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
			table = { rows: [], sent, settle };
			held.set(op, table);
		}
		table.rows.push((TABLES[op].row as (...a: Parameters<Port[K]>) => Row)(...args));
		return table.sent;
	}

	const gathered = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
	for (const [op, call] of Object.entries(port) as [
		keyof AsyncPort,
		(...a: unknown[]) => Promise<unknown>
	][]) {
		gathered[op] =
			op in TABLES
				? (...args) => hold(op as Gathered, args as Parameters<Port[Gathered]>)
				: (...args) => {
						if (held.size > 0) send();
						return call(...args);
					};
	}
	return { port: gathered as unknown as AsyncPort, send };
}
