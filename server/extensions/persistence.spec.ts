import type {
	afterLoadDocumentPayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload
} from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../src/lib/server/log.ts';
import { FencedOut, type DocumentStore, type Fence } from '../../src/lib/server/storage/store.ts';
import { createPersistence } from './persistence.ts';

const NAME = 'topic/t1';

/** A document store in memory whose appends wait while it is held, as a slow database's would. */
function slowStore() {
	let rows: Uint8Array[] = [];
	let held = true;
	const waiting: (() => void)[] = [];
	const store: DocumentStore = {
		load: async () => [...rows],
		append: (_name, update) =>
			new Promise<void>((resolve) => {
				const commit = () => {
					rows.push(update);
					resolve();
				};
				if (held) waiting.push(commit);
				else commit();
			}),
		compact: async (_name, state) => {
			rows = [state];
		}
	};
	return {
		store,
		rows: () => rows,
		/** Commits every append on its way, and the later ones at once. */
		release() {
			held = false;
			while (waiting.length > 0) waiting.shift()!();
		}
	};
}

async function loaded(persistence: ReturnType<typeof createPersistence>) {
	const document = new Y.Doc();
	const payload = { document, documentName: NAME };
	await persistence.extension.onLoadDocument!(payload as unknown as onLoadDocumentPayload);
	await persistence.extension.afterLoadDocument!(payload as unknown as afterLoadDocumentPayload);
	return document;
}

/** A loaded document on a store that commits at once. */
async function ready() {
	const slow = slowStore();
	slow.release();
	const persistence = createPersistence(slow.store, log);
	return { slow, persistence, document: await loaded(persistence) };
}

const log = createLogger({ level: 'silent' });
const turnout = (doc: Y.Doc) => doc.getMap('topic').get('turnout');

describe('the persistence of topic and meeting documents', () => {
	it('applies a server write to the document only once its update is stored', async () => {
		const slow = slowStore();
		const persistence = createPersistence(slow.store, log);
		const document = await loaded(persistence);
		const seen: number[] = [];
		document.on('update', () => seen.push(slow.rows().length));

		const writing = persistence.write(NAME, document, (target) =>
			target.getMap('topic').set('turnout', 60)
		);
		await new Promise((resolve) => setImmediate(resolve));
		expect(turnout(document)).toBeUndefined();
		slow.release();
		await writing;
		expect(turnout(document)).toBe(60);
		expect(seen).toEqual([1]); // the update was stored when the document got it
	});

	it('keeps one Yjs client id for the server, and reloads what it wrote', async () => {
		const { slow, persistence, document } = await ready();
		for (const value of [1, 2, 3]) {
			await persistence.write(NAME, document, (target) =>
				target.getMap('topic').set('turnout', value)
			);
		}
		expect([...Y.decodeStateVector(Y.encodeStateVector(document)).keys()]).toEqual([
			document.clientID
		]);
		expect(turnout(await loaded(createPersistence(slow.store, log)))).toBe(3);
	});

	it('compacts after a write being stored, so the compacted history keeps it', async () => {
		const slow = slowStore();
		const persistence = createPersistence(slow.store, log);
		const document = await loaded(persistence);
		const writing = persistence.write(NAME, document, (target) =>
			target.getMap('topic').set('turnout', 60)
		);
		await new Promise((resolve) => setImmediate(resolve));
		const storing = persistence.extension.onStoreDocument!({
			document,
			documentName: NAME
		} as unknown as onStoreDocumentPayload);
		slow.release();
		await Promise.all([writing, storing]);
		expect(slow.rows()).toHaveLength(1);
		expect(turnout(await loaded(createPersistence(slow.store, log)))).toBe(60);
	});

	it('makes each write on a copy that followed every other update of the document', async () => {
		const { slow, persistence, document } = await ready();
		await persistence.write(NAME, document, (target) => target.getMap('topic').set('turnout', 1));
		// An update from elsewhere (another client id), stored as it came.
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(document));
		other.getMap('topic').set('title', 'Budget');
		Y.applyUpdate(document, Y.encodeStateAsUpdate(other, Y.encodeStateVector(document)));
		await persistence.write(NAME, document, (target) => {
			const topic = target.getMap('topic');
			topic.set('seen', topic.get('title'));
		});
		expect(document.getMap('topic').get('seen')).toBe('Budget');
		const reloaded = await loaded(createPersistence(slow.store, log));
		expect(reloaded.getMap('topic').toJSON()).toEqual(document.getMap('topic').toJSON());
	});

	it('leaves the document as it was when an append fails, and the next write starts from it', async () => {
		let failing = false;
		const rows: Uint8Array[] = [];
		const store: DocumentStore = {
			load: async () => [...rows],
			append: async (_name, update) => {
				if (failing) throw new Error('disk full');
				rows.push(update);
			},
			compact: async () => {}
		};
		const persistence = createPersistence(store, log);
		const document = await loaded(persistence);
		await persistence.write(NAME, document, (target) => target.getMap('topic').set('turnout', 60));
		failing = true;
		// A deletion alone adds no clock to the state vector: only the dropped copy keeps it apart.
		await expect(
			persistence.write(NAME, document, (target) => target.getMap('topic').delete('turnout'))
		).rejects.toThrow('disk full');
		expect(turnout(document)).toBe(60);
		failing = false;
		await persistence.write(NAME, document, (target) => {
			const topic = target.getMap('topic');
			topic.set('before', topic.get('turnout') ?? null);
		});
		expect(document.getMap('topic').toJSON()).toEqual({ turnout: 60, before: 60 });
		const reloaded = await loaded(createPersistence(store, log));
		expect(reloaded.getMap('topic').toJSON()).toEqual({ turnout: 60, before: 60 });
	});

	it('loads, appends and compacts under the room’s lease, and skips a compaction the store fences out', async () => {
		const fences: (Fence | null | undefined)[] = [];
		let newest = 0;
		const store: DocumentStore = {
			load: async (_name, fence) => {
				fences.push(fence);
				return [];
			},
			append: async (_name, _update, fence) => {
				fences.push(fence);
				if (fence && fence.token < newest) throw new FencedOut(fence);
			},
			compact: async (_name, _state, fence) => {
				fences.push(fence);
				if (fence && fence.token < newest) throw new FencedOut(fence);
			}
		};
		const lease = { room: 'meeting/m1', token: 4 };
		const persistence = createPersistence(
			store,
			log,
			() => true,
			(name) => (name === NAME ? lease : null)
		);
		const document = await loaded(persistence);
		await persistence.write(NAME, document, (target) => target.getMap('topic').set('turnout', 1));
		const storeNow = () =>
			persistence.extension.onStoreDocument!({
				document,
				documentName: NAME
			} as unknown as onStoreDocumentPayload);
		await storeNow();
		expect(fences).toEqual([lease, lease, lease]);
		// A newer holder wrote the room: the write fails, the document keeps what it had.
		newest = 5;
		await expect(
			persistence.write(NAME, document, (target) => target.getMap('topic').set('turnout', 2))
		).rejects.toThrow(FencedOut);
		expect(turnout(document)).toBe(1);
		await expect(storeNow()).resolves.toBeUndefined();
	});

	it('starts the next write from the document after a change that threw', async () => {
		const { slow, persistence, document } = await ready();
		await persistence.write(NAME, document, (target) => target.getMap('topic').set('turnout', 60));
		await expect(
			persistence.write(NAME, document, (target) => {
				target.getMap('topic').delete('turnout');
				throw new Error('broken change');
			})
		).rejects.toThrow('broken change');
		await persistence.write(NAME, document, (target) => {
			const topic = target.getMap('topic');
			topic.set('before', topic.get('turnout') ?? null);
		});
		expect(document.getMap('topic').toJSON()).toEqual({ turnout: 60, before: 60 });
		expect((await loaded(createPersistence(slow.store, log))).getMap('topic').toJSON()).toEqual({
			turnout: 60,
			before: 60
		});
	});
});
