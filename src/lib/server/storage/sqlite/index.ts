import type { Stores } from '../store.ts';
import { migrate, openDatabase, pendingMigrations } from './db.ts';
import { sqliteDocuments } from './documents.ts';
import { sqliteMeetings } from './meetings.ts';
import { sqliteSessions } from './sessions.ts';
import { sqliteTopics } from './topics.ts';
import { sqliteUsers } from './users.ts';
import { sqliteVotes } from './votes.ts';

/** The embedded default: one SQLite file (or `:memory:` in tests) behind every store. */
export function createSqliteStores(path: string, migrationsDirectory: string): Stores {
	const db = openDatabase(path);
	migrate(db, migrationsDirectory);
	// Every write is synchronous FULL, document history included: only topic and meeting documents
	// keep one, appended once per tally interval (not per vote), and resuming it after a power cut
	// is what keeps clients' cached copies from winning over the server's later writes.
	return {
		users: sqliteUsers(db),
		sessions: sqliteSessions(db),
		topics: sqliteTopics(db),
		votes: sqliteVotes(db),
		meetings: sqliteMeetings(db),
		documents: sqliteDocuments(db),
		pendingMigrations: async () => pendingMigrations(db, migrationsDirectory),
		close: () => db.close()
	};
}
