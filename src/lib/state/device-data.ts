/**
 * What Plenum keeps on a device for the person signed in, and how sign-out removes it: the Yjs
 * documents in IndexedDB (`plenum:topic/…`, `plenum:ballot/<topic>/<user>` with the choice and
 * the tracker, `plenum:meeting/…`), the choices remembered in localStorage (`plenum:…`), and the
 * pages and page data (`__data.json`) the service worker kept for offline use. The app's own
 * files stay cached, so the next person still gets the app offline. Browser-only.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { readBallot } from '../shared/documents.ts';

const PREFIX = 'plenum:';
const BALLOT = /^plenum:ballot\/[^/]+\/([^/]+)$/;

async function localDatabases(): Promise<string[]> {
	if (typeof indexedDB === 'undefined' || !('databases' in indexedDB)) return [];
	const all = await indexedDB.databases();
	return all.map((db) => db.name ?? '').filter((name) => name.startsWith(PREFIX));
}

/**
 * Ballots this user wrote on this device that the server has not answered yet (a request with
 * neither a receipt nor a refusal for it): deleting them would lose the vote.
 */
export async function pendingBallots(userId: string): Promise<string[]> {
	const pending: string[] = [];
	for (const name of await localDatabases()) {
		if (BALLOT.exec(name)?.[1] !== userId) continue;
		const doc = new Y.Doc();
		const local = new IndexeddbPersistence(name, doc);
		await local.whenSynced;
		const { request, receipt, refusal } = readBallot(doc);
		if (
			request &&
			receipt?.ballotId !== request.ballotId &&
			refusal?.ballotId !== request.ballotId
		) {
			pending.push(name.slice(PREFIX.length));
		}
		await local.destroy();
		doc.destroy();
	}
	return pending;
}

/** A page or its data, as the service worker keeps them (not the app's hashed files). */
function isPage(url: URL): boolean {
	if (url.pathname.endsWith('/__data.json')) return true;
	if (url.pathname.startsWith('/_app/')) return false;
	return !/\.[a-z0-9]+$/i.test(url.pathname);
}

/** Removes the pages and page data the service worker cached, whatever its caches are named. */
async function clearCachedPages(): Promise<void> {
	if (typeof caches === 'undefined') return;
	for (const key of await caches.keys()) {
		if (key.includes('pages')) {
			await caches.delete(key);
			continue;
		}
		const cache = await caches.open(key);
		for (const request of await cache.keys()) {
			if (isPage(new URL(request.url))) await cache.delete(request);
		}
	}
}

/**
 * Deletes everything Plenum kept on this device for the person signing out. The IndexedDB
 * deletions finish once the page's open documents are closed (when the page is left), so the
 * returned promise is awaited after navigating away.
 */
export function clearDevice(): Promise<void> {
	for (const key of Object.keys(localStorage)) {
		if (key.startsWith(PREFIX)) localStorage.removeItem(key);
	}
	const databases = localDatabases().then((names) =>
		Promise.all(
			names.map(
				(name) =>
					new Promise<void>((resolve) => {
						const request = indexedDB.deleteDatabase(name);
						request.onsuccess = request.onerror = () => resolve();
					})
			)
		)
	);
	return Promise.all([databases, clearCachedPages()]).then(() => undefined);
}
