import { expect, it } from 'vitest';
import { execute, onPostgres } from '../helpers/database.ts';
import { createVoters } from '../helpers/factories.ts';
import { useServer } from '../helpers/use-server.ts';
import { connectVoter, eventually, type Voter } from '../helpers/voters.ts';

const { server, api } = useServer();

/** Topics, each seen by its own voters: a stale screen on any of them fails the test. */
const TOPICS = 6;

/**
 * With PostgreSQL, appending a document update is a network round trip, and a slow one (a loaded
 * or distant database) is simulated here by a trigger that sleeps on every append. A tally a
 * screen shows must already be stored when SIGKILL comes: a screen that saw an update the restarted
 * server never loaded would keep it against every later write (when its Yjs client id is higher).
 */
it('shows a tally only once it is stored, so screens follow the restarted server after SIGKILL', async () => {
	const owner = await api.register();
	const topics: Awaited<ReturnType<typeof api.createTopic>>[] = [];
	for (let i = 0; i < TOPICS; i++) {
		const topic = await api.createTopic(owner.token, ['A', 'B']);
		await api.open(owner.token, topic.id);
		topics.push(topic);
	}
	const accounts = await createVoters(server.databasePath, TOPICS * 2);
	const voters: Voter[][] = topics.map((topic, index) =>
		accounts
			.slice(index * 2, index * 2 + 2)
			.map((account) => connectVoter(server.wsUrl, topic.id, account))
	);
	const everyone = voters.flat();
	const slowAppends = async (on: boolean) => {
		if (!onPostgres(server.databasePath)) return;
		await execute(
			server.databasePath,
			on
				? `CREATE OR REPLACE FUNCTION slow_append() RETURNS trigger LANGUAGE plpgsql AS
				     $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$;
				   CREATE TRIGGER slow_append BEFORE INSERT ON document_updates
				     FOR EACH ROW EXECUTE FUNCTION slow_append()`
				: 'DROP TRIGGER IF EXISTS slow_append ON document_updates'
		);
	};
	try {
		await eventually(() => everyone.forEach((v) => expect(v.state()?.status).toBe('open')));
		await slowAppends(true);

		// The first voter of each topic votes; SIGKILL as soon as every screen shows it.
		voters.forEach(([first], index) => first.vote(topics[index].options[0].id));
		await eventually(() => everyone.forEach((v) => expect(v.tally()?.turnout).toBe(1)));
		await server.kill();
		await slowAppends(false);
		await server.restart();

		// The second voter of each topic votes on the new process: every screen shows both votes.
		voters.forEach(([, second], index) => second.vote(topics[index].options[1].id));
		await eventually(() => everyone.forEach((v) => expect(v.answer().receipt).not.toBeNull()));
		await eventually(() => everyone.forEach((v) => expect(v.tally()?.turnout).toBe(2)));
	} finally {
		everyone.forEach((voter) => voter.destroy());
	}
});
