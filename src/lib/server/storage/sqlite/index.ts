import type { Stores } from '../store.ts';
import { migrate, openDatabase } from './db.ts';
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
	// Yjs updates are a cache of what the votes table decides (receipts are re-derived from it when
	// a ballot loads), so their connection skips the sync to disk on each commit: a process crash
	// loses nothing, a power cut at most the last moments of document history, never a vote.
	const documentsDb = path === ':memory:' ? db : openDatabase(path, 'NORMAL');
	return {
		users: sqliteUsers(db),
		sessions: sqliteSessions(db),
		topics: sqliteTopics(db),
		votes: sqliteVotes(db),
		meetings: sqliteMeetings(db),
		documents: sqliteDocuments(documentsDb),
		close: () => {
			if (documentsDb !== db) documentsDb.close();
			db.close();
		}
	};
}
