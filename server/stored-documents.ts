/**
 * Hocuspocus, scheduling its store hooks only for documents that are stored.
 *
 * After every change a client makes to a document, Hocuspocus schedules `onStoreDocument` for
 * 2 s later (its `debounce`), resetting the timer at each change: a timer, a closure and a payload
 * per change, kept for those 2 s. A ballot stores nothing (the votes table holds what its receipt
 * says; `persistence.ts` stores topics and meetings only), yet every vote is a change to one, so
 * at 1,000 votes a second that is 1,000 short-lived timers that all outlive V8's young generation
 * and are freed only by a full collection. For a document that is not stored the schedule is
 * skipped; with no store pending, it is unloaded as soon as its last connection closes.
 */
import { Hocuspocus, type Document, type onStoreDocumentPayload } from '@hocuspocus/server';

export class StoredDocumentsHocuspocus extends Hocuspocus {
	readonly #stored: (documentName: string) => boolean;

	constructor(
		configuration: ConstructorParameters<typeof Hocuspocus>[0],
		/** Whether a document is stored: its store hooks are scheduled; otherwise they never run. */
		stored: (documentName: string) => boolean
	) {
		super(configuration);
		this.#stored = stored;
	}

	override storeDocumentHooks(
		document: Document,
		hookPayload: onStoreDocumentPayload,
		immediately?: boolean
	): Promise<unknown> {
		if (!this.#stored(document.name)) {
			// What a store ends with: a document nobody holds any more is unloaded.
			if (this.shouldUnloadDocument(document)) void this.unloadDocument(document);
			return Promise.resolve();
		}
		return super.storeDocumentHooks(document, hookPayload, immediately);
	}
}
