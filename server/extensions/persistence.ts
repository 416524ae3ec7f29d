/**
 * Keeps the Yjs history of topic and meeting documents in the document store: each update is
 * appended synchronously as it is applied (before Hocuspocus broadcasts it, which waits for the
 * next turn), and the history is compacted into one state when Hocuspocus stores the document.
 * Resuming the same history after a restart keeps clients' and server's edits causally ordered.
 * Only the server writes these documents, once per tally interval at most, so an append stands
 * for a whole batch of votes, and the document store commits without a sync to disk.
 *
 * Ballot documents keep no history at all: what a receipt says is the votes table's row, written
 * back whenever the ballot loads or changes, and a request not yet answered lives on the voter's
 * device (IndexedDB) until its receipt arrives; after a restart it comes back with the voter's
 * first sync and is decided then. Persisting them cost two appends per vote for nothing.
 */
import type { Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Logger } from '../../src/lib/server/log.ts';
import type { DocumentStore } from '../../src/lib/server/storage/store.ts';
import { parseDocumentName } from '../../src/lib/shared/documents.ts';

const persisted = (documentName: string) => {
	const kind = parseDocumentName(documentName)?.kind;
	return kind === 'topic' || kind === 'meeting';
};

/**
 * `mayStore`: false for a document whose room another instance serves now (its lease was lost),
 * so this instance's last compaction cannot overwrite what the new owner appended.
 */
export function persistenceExtension(
	documents: DocumentStore,
	log: Logger,
	mayStore: (documentName: string) => boolean = () => true
): Extension {
	return {
		extensionName: 'plenum-persistence',
		priority: 900,

		async onLoadDocument({ document, documentName }) {
			if (!persisted(documentName)) return;
			const updates = await documents.load(documentName);
			if (updates.length > 0) Y.applyUpdate(document, Y.mergeUpdates(updates));
		},

		async afterLoadDocument({ document, documentName }) {
			if (!persisted(documentName)) return;
			document.on('update', (update: Uint8Array) => {
				documents.append(documentName, update).catch((error) => {
					log.error({ err: error, document: documentName }, 'could not persist an update');
				});
			});
		},

		async onStoreDocument({ document, documentName }) {
			if (!persisted(documentName)) return;
			if (!mayStore(documentName)) {
				log.warn({ document: documentName }, 'room served elsewhere now, not stored');
				return;
			}
			await documents.compact(documentName, Y.encodeStateAsUpdate(document));
		}
	};
}
