import type { Extension } from '@hocuspocus/server';
import { afterEach, describe, expect, it } from 'vitest';
import { StoredDocumentsHocuspocus } from './stored-documents.ts';

const topic = 'topic/t1';
const ballot = 'ballot/t1/u1';

describe('store hooks only for stored documents', () => {
	let instance: StoredDocumentsHocuspocus | undefined;
	afterEach(() => {
		instance = undefined;
	});

	function hocuspocus(stores: string[]) {
		const extension: Extension = {
			extensionName: 'recorder',
			async onStoreDocument({ documentName }) {
				stores.push(documentName);
			}
		};
		instance = new StoredDocumentsHocuspocus(
			{ quiet: true, debounce: 60_000, maxDebounce: 60_000, extensions: [extension] },
			(name) => name.startsWith('topic/')
		);
		return instance;
	}

	const debounced = (h: StoredDocumentsHocuspocus, name: string) =>
		h.debouncer.isDebounced(`onStoreDocument-${name}`);

	it('schedules a store after a change to a stored document, none after a change to a ballot', async () => {
		const stores: string[] = [];
		const h = hocuspocus(stores);
		const topicConnection = await h.openDirectConnection(topic);
		const ballotConnection = await h.openDirectConnection(ballot);
		await topicConnection.transact((doc) => doc.getMap('topic').set('title', 'Budget'));
		await ballotConnection.transact((doc) => doc.getMap('ballot').set('request', { c: 1 }));
		expect(debounced(h, topic)).toBe(true);
		expect(debounced(h, ballot)).toBe(false);

		await ballotConnection.disconnect();
		await topicConnection.disconnect();
		expect(stores).toEqual([topic]);
		expect(h.documents.has(ballot)).toBe(false);
		expect(h.documents.has(topic)).toBe(false);
	});

	it('unloads a ballot nobody holds, also when its last holder asked to keep it warm', async () => {
		const stores: string[] = [];
		const h = hocuspocus(stores);
		const first = await h.openDirectConnection(ballot);
		const second = await h.openDirectConnection(ballot);
		await first.transact((doc) => doc.getMap('ballot').set('request', { c: 1 }));
		await first.disconnect({ unloadImmediately: false });
		expect(h.documents.has(ballot)).toBe(true); // still held by the second
		await second.disconnect({ unloadImmediately: false });
		await expect.poll(() => h.documents.has(ballot)).toBe(false);
		expect(stores).toEqual([]);
	});
});
