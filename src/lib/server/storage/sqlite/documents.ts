import type { DocumentStore } from '../store.ts';
import type { Db } from './db.ts';

export function sqliteDocuments(db: Db): DocumentStore {
	const load = db
		.prepare<[string], Buffer>('SELECT data FROM document_updates WHERE name = ? ORDER BY seq')
		.pluck();
	const append = db.prepare('INSERT INTO document_updates (name, data) VALUES (?, ?)');
	const clear = db.prepare('DELETE FROM document_updates WHERE name = ?');
	const compact = db.transaction((name: string, state: Uint8Array) => {
		clear.run(name);
		append.run(name, state);
	});
	return {
		async load(name) {
			return load.all(name).map((data) => new Uint8Array(data));
		},
		async append(name, update) {
			append.run(name, update);
		},
		async compact(name, state) {
			compact.immediate(name, state);
		}
	};
}
