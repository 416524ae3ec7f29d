/**
 * What `yarn db:backup` and `yarn db:restore` check in a database file before they trust it:
 * SQLite's own `PRAGMA integrity_check`, and its migration level against this version's
 * migrations (a file from a newer version is refused; an older one is brought up to date by the
 * server's next start).
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS = fileURLToPath(new URL('../server/migrations/sqlite', import.meta.url));

export interface FileReport {
	/** Empty when the file can be used. */
	problems: string[];
	/** Migrations recorded in the file. */
	applied: string[];
	/** Migrations of this version the file lacks (the next start applies them). */
	pending: string[];
	topics: number;
	votes: number;
}

export function inspectDatabase(path: string): FileReport {
	const report: FileReport = { problems: [], applied: [], pending: [], topics: 0, votes: 0 };
	let db: Database.Database;
	try {
		db = new Database(path, { readonly: true, fileMustExist: true });
	} catch (error) {
		report.problems.push(`cannot open ${path}: ${(error as Error).message}`);
		return report;
	}
	try {
		const integrity = db.pragma('integrity_check', { simple: false }) as {
			integrity_check: string;
		}[];
		const messages = integrity.map((row) => row.integrity_check);
		if (messages.join() !== 'ok') {
			report.problems.push(`integrity check failed: ${messages.slice(0, 5).join('; ')}`);
			return report;
		}
		const known = readdirSync(MIGRATIONS)
			.filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
			.sort();
		report.applied = db
			.prepare('SELECT id FROM schema_migrations ORDER BY id')
			.pluck()
			.all() as string[];
		const unknown = report.applied.filter((id) => !known.includes(id));
		if (unknown.length > 0) {
			report.problems.push(
				`made by a newer version (migrations unknown here: ${unknown.join(', ')})`
			);
		}
		report.pending = known.filter((id) => !report.applied.includes(id));
		report.topics = db.prepare('SELECT COUNT(*) FROM topics').pluck().get() as number;
		// Secret topics keep their voters apart from their ballots (migration 0017).
		const apart = db
			.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'participations'")
			.get();
		report.votes =
			(db.prepare('SELECT COUNT(*) FROM votes').pluck().get() as number) +
			(apart ? (db.prepare('SELECT COUNT(*) FROM participations').pluck().get() as number) : 0);
	} catch (error) {
		report.problems.push(`not a Plenum database: ${(error as Error).message}`);
	} finally {
		db.close();
	}
	return report;
}
