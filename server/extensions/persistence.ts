/**
 * Keeps every document's Yjs history in the document store: each update is appended
 * synchronously as it is applied (before Hocuspocus broadcasts it, which waits for the next
 * turn), and the history is compacted into one state when Hocuspocus stores the document.
 * Resuming the same history after a restart keeps clients' and server's edits causally ordered.
 */
import type { Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { DocumentStore } from '../../src/lib/server/storage/store.ts';

export function persistenceExtension(documents: DocumentStore): Extension {
	return {
		extensionName: 'plenum-persistence',
		priority: 900,

		async onLoadDocument({ document, documentName }) {
			const updates = await documents.load(documentName);
			if (updates.length > 0) Y.applyUpdate(document, Y.mergeUpdates(updates));
		},

		async afterLoadDocument({ document, documentName }) {
			document.on('update', (update: Uint8Array) => {
				documents
					.append(documentName, update)
					.catch((error) => console.error(`could not persist an update of ${documentName}`, error));
			});
		},

		async onStoreDocument({ document, documentName }) {
			await documents.compact(documentName, Y.encodeStateAsUpdate(document));
		}
	};
}
