import type { Stores } from '../store.ts';
import { migrate, openDatabase } from './db.ts';
import { sqliteDocuments } from './documents.ts';
import { sqliteSessions } from './sessions.ts';
import { sqliteTopics } from './topics.ts';
import { sqliteUsers } from './users.ts';
import { sqliteVotes } from './votes.ts';

/** The embedded default: one SQLite file (or `:memory:` in tests) behind every store. */
export function createSqliteStores(path: string, migrationsDirectory: string): Stores {
	const db = openDatabase(path);
	migrate(db, migrationsDirectory);
	return {
		users: sqliteUsers(db),
		sessions: sqliteSessions(db),
		topics: sqliteTopics(db),
		votes: sqliteVotes(db),
		documents: sqliteDocuments(db),
		close: () => db.close()
	};
}
