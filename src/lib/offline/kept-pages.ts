/**
 * The pages a device keeps for offline use, across versions of the app. Used by the service
 * worker; takes the CacheStorage and the network as arguments so the rules can be tested alone.
 *
 * All versions share one page cache, and each kept page is marked with the version that
 * rendered it (it points at that version's hashed assets). After an update the worker fetches
 * every page kept by an earlier version again: a fresh copy replaces it, a page the server no
 * longer gives this visitor (gone, or now a redirect) is dropped, and with no network it stays
 * as it is. An earlier version's assets are deleted only once no kept page needs them, so a
 * topic visited before an update still opens offline after it.
 */

/** Pages and page data, across versions. */
export const PAGES = 'plenum-pages';
/** Each version's build and static files: `plenum-assets-<version>`. */
export const ASSETS_PREFIX = 'plenum-assets-';
/** Versions before the shared page cache kept pages in `plenum-pages-<version>`. */
export const OLD_PAGES_PREFIX = 'plenum-pages-';
export const VERSION_HEADER = 'x-plenum-version';
export const KEPT_AT_HEADER = 'x-plenum-kept-at';

/** Fetches a kept address again (path and query); null when the network failed. */
export type Load = (path: string) => Promise<Response | null>;

/** Only whole, same-origin successes are kept (no redirects, errors or opaque answers). */
export const worthKeeping = (response: Response) =>
	response.status === 200 && response.type === 'basic' && !response.redirected;

/** A copy of `response` marked with the version that rendered it and the time it was kept. */
export async function marked(
	response: Response,
	version: string,
	now = Date.now()
): Promise<Response> {
	const headers = new Headers(response.headers);
	headers.set(VERSION_HEADER, version);
	headers.set(KEPT_AT_HEADER, String(now));
	return new Response(await response.blob(), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

/** Moves pages from per-version caches into the shared one, marked with their version. */
export async function adoptOldPages(storage: CacheStorage): Promise<void> {
	const cache = await storage.open(PAGES);
	for (const name of await storage.keys()) {
		if (!name.startsWith(OLD_PAGES_PREFIX) || name === PAGES) continue;
		const old = await storage.open(name);
		const oldVersion = name.slice(OLD_PAGES_PREFIX.length);
		for (const request of await old.keys()) {
			const response = await old.match(request);
			if (response && !(await cache.match(request, { ignoreVary: true })))
				await cache.put(request, await marked(response, oldVersion));
		}
		await storage.delete(name);
	}
}

/**
 * Fetches every page kept by another version than `version` again (three at a time, so a
 * device with many kept pages does not flood the server), then deletes the assets of versions
 * no kept page needs.
 */
export async function refreshKeptPages(
	storage: CacheStorage,
	version: string,
	load: Load
): Promise<void> {
	const cache = await storage.open(PAGES);
	const queue: Request[] = [];
	for (const request of await cache.keys()) {
		const response = await cache.match(request);
		if (response?.headers.get(VERSION_HEADER) !== version) queue.push(request);
	}
	const worker = async () => {
		for (let request = queue.shift(); request; request = queue.shift()) {
			const url = new URL(request.url);
			const response = await load(url.pathname + url.search);
			if (response === null) continue;
			if (worthKeeping(response)) await cache.put(request, await marked(response, version));
			else if (response.status < 500) await cache.delete(request);
		}
	};
	await Promise.all([worker(), worker(), worker()]);
	await dropUnusedAssets(storage, version);
}

/** Deletes each earlier version's assets once no kept page points at them. */
export async function dropUnusedAssets(storage: CacheStorage, version: string): Promise<void> {
	const cache = await storage.open(PAGES);
	const needed = new Set([version]);
	for (const request of await cache.keys()) {
		const keptVersion = (await cache.match(request))?.headers.get(VERSION_HEADER);
		if (keptVersion) needed.add(keptVersion);
	}
	for (const name of await storage.keys()) {
		if (name.startsWith(ASSETS_PREFIX) && !needed.has(name.slice(ASSETS_PREFIX.length)))
			await storage.delete(name);
	}
}
