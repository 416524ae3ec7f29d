/**
 * Keeps the Yjs history of topic and meeting documents in the document store: each update is
 * stored as it is made, and the history is compacted into one state when Hocuspocus stores the
 * document. Resuming the same history after a restart keeps clients' and server's edits causally
 * ordered. Only the server writes these documents, once per tally interval at most, so an append
 * stands for a whole batch of votes, and the document store commits without a sync to disk.
 *
 * The server's writes are stored before anyone sees them (`write`): the change is made on a copy,
 * its update appended, and only then applied to the document Hocuspocus broadcasts. The copy is
 * kept from one write to the next, in step with the document (every update the document gets
 * otherwise is applied to it too): copying the whole document for each write cost more CPU than
 * the change (a tally write 20 times a second per topic). With
 * PostgreSQL an append is a round trip; an update broadcast while its append was still on the way
 * was lost by SIGKILL, the restarted server wrote under a new Yjs client id from the older state,
 * and a screen that had seen the lost update kept it against every later write whenever its
 * client id was the higher one (one voter stuck at the turnout before the crash).
 *
 * For the same reason a compaction must not drop an update stored after its snapshot was taken:
 * writes and compactions of one document take turns (`inTurn`), so a compaction's snapshot holds
 * every update stored before it, and no update is stored until the compaction has committed.
 *
 * These are the only documents the server loads (`auth.ts` refuses any other name before a load).
 * Ballots are no documents on the server (`votes.ts`): a request not yet answered lives on the
 * voter's device (IndexedDB) until its answer arrives, and comes back after a restart.
 */
import type { Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Logger } from '../../src/lib/server/log.ts';
import { FencedOut, type DocumentStore, type Fence } from '../../src/lib/server/storage/store.ts';

/** Origin of the server's writes through `write`: stored already, so not appended again. */
export const STORED_ORIGIN = { source: 'local' as const };

/**
 * Whether two documents hold the same updates, by their state vectors (a few bytes: one entry per
 * client that wrote, the server's among them); a cheap guard, not a full comparison.
 */
function sameState(a: Y.Doc, b: Y.Doc) {
	return Buffer.compare(Y.encodeStateVector(a), Y.encodeStateVector(b)) === 0;
}

/**
 * `mayStore`: false for a document whose room another instance serves now (its lease was lost),
 * so this instance's last compaction cannot overwrite what the new owner appended. `fence`: the
 * room's lease as this instance holds it, sent with every load, append and compaction, so that
 * the store refuses them once a newer holder has claimed the room (null: no leases).
 */
export function createPersistence(
	documents: DocumentStore,
	log: Logger,
	mayStore: (documentName: string) => boolean = () => true,
	fence: (documentName: string) => Fence | null = () => null
) {
	/** The last write or compaction of each document, which the next one waits for. */
	const turns = new Map<string, Promise<unknown>>();

	function inTurn<T>(name: string, run: () => Promise<T>): Promise<T> {
		const previous = turns.get(name) ?? Promise.resolve();
		const next = previous.catch(() => {}).then(run);
		const settled = next.catch(() => {});
		turns.set(name, settled);
		void settled.then(() => {
			if (turns.get(name) === settled) turns.delete(name);
		});
		return next;
	}

	/**
	 * Each document's copy for `write`, with its state as the document's: made from the document at
	 * its first write, then kept in step by the document's other updates (the writes' own updates
	 * reach both). Dropped when a write fails between the two, or if the two ever differ.
	 */
	const copies = new WeakMap<Y.Doc, { doc: Y.Doc; drop: () => void }>();

	function copyOf(document: Y.Doc): Y.Doc {
		const kept = copies.get(document);
		if (kept && sameState(kept.doc, document)) return kept.doc;
		kept?.drop();
		// The document's guid, not a random one: drawing a UUID costs ~170 µs of CPU per copy.
		const doc = new Y.Doc({ gc: document.gc, guid: document.guid });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(document));
		const follow = (update: Uint8Array, origin: unknown) => {
			if (origin !== STORED_ORIGIN) Y.applyUpdate(doc, update);
		};
		const drop = () => {
			document.off('update', follow);
			document.off('destroy', drop);
			doc.destroy();
			if (copies.get(document)?.doc === doc) copies.delete(document);
		};
		document.on('update', follow);
		document.on('destroy', drop);
		copies.set(document, { doc, drop });
		return doc;
	}

	/**
	 * Makes `change` to a loaded document as it would be made in place, but stores its update
	 * before the document (and so any client) gets it: the change runs on the document's copy
	 * under the document's client id, its update is appended, then applied to the document. Writes
	 * of one document run one after another, or the copy would make the same ids twice.
	 */
	function write(name: string, document: Y.Doc, change: (target: Y.Doc) => void): Promise<void> {
		return inTurn(name, async () => {
			const copy = copyOf(document);
			// Set each time: Yjs gives a copy that receives its own id from elsewhere a new one.
			copy.clientID = document.clientID;
			const updates: Uint8Array[] = [];
			const collect = (update: Uint8Array) => updates.push(update);
			copy.on('update', collect);
			try {
				copy.transact(() => change(copy));
			} catch (error) {
				// A change that threw may have made part of itself on the copy.
				copies.get(document)?.drop();
				throw error;
			} finally {
				copy.off('update', collect);
			}
			if (updates.length === 0) return;
			const update = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
			try {
				await documents.append(name, update, fence(name));
			} catch (error) {
				// The copy holds a change the document will not get.
				copies.get(document)?.drop();
				throw error;
			}
			// Yjs takes an applied update that carries a document's own client id for another client
			// using it, and picks a new id (one more state vector entry per write). The update is
			// the server's own: it is applied under a stand-in id, and the id given back after.
			const clientID = document.clientID;
			document.clientID = clientID === 0 ? 1 : 0;
			try {
				Y.applyUpdate(document, update, STORED_ORIGIN);
			} finally {
				document.clientID = clientID;
			}
		});
	}

	const extension: Extension = {
		extensionName: 'plenum-persistence',
		priority: 900,

		async onLoadDocument({ document, documentName }) {
			const updates = await documents.load(documentName, fence(documentName));
			if (updates.length > 0) Y.applyUpdate(document, Y.mergeUpdates(updates));
		},

		async afterLoadDocument({ document, documentName }) {
			// Anything not written through `write` is stored as it comes (after it was broadcast).
			document.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === STORED_ORIGIN) return;
				void inTurn(documentName, () =>
					documents.append(documentName, update, fence(documentName))
				).catch((error) => {
					log.error({ err: error, document: documentName }, 'could not persist an update');
				});
			});
		},

		async onStoreDocument({ document, documentName }) {
			if (!mayStore(documentName)) {
				log.warn({ document: documentName }, 'room served elsewhere now, not stored');
				return;
			}
			await inTurn(documentName, () =>
				documents.compact(documentName, Y.encodeStateAsUpdate(document), fence(documentName))
			).catch((error) => {
				// The room's newer holder stores it; what this instance had is not written.
				if (!(error instanceof FencedOut)) throw error;
				log.warn(
					{ document: documentName, fence: error.fence },
					'room has a newer lease, not stored'
				);
			});
		}
	};

	return { extension, write };
}
