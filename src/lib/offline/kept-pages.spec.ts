import { describe, expect, it } from 'vitest';
import {
	adoptOldPages,
	KEPT_AT_HEADER,
	marked,
	PAGES,
	refreshKeptPages,
	VERSION_HEADER
} from './kept-pages.ts';

const ORIGIN = 'https://plenum.test';
const urlOf = (request: RequestInfo | URL) =>
	new URL(request instanceof Request ? request.url : String(request), ORIGIN).href;

/**
 * The Cache API's behaviour that these rules rely on, in memory: entries by URL in insertion
 * order, copies out, and caches made on first open.
 */
class MemoryCache {
	entries = new Map<string, Response>();
	async match(request: RequestInfo | URL) {
		return this.entries.get(urlOf(request))?.clone();
	}
	async put(request: RequestInfo | URL, response: Response) {
		this.entries.delete(urlOf(request));
		this.entries.set(urlOf(request), response);
	}
	async delete(request: RequestInfo | URL) {
		return this.entries.delete(urlOf(request));
	}
	async keys() {
		return [...this.entries.keys()].map((url) => new Request(url));
	}
}

class MemoryStorage {
	caches = new Map<string, MemoryCache>();
	async open(name: string) {
		if (!this.caches.has(name)) this.caches.set(name, new MemoryCache());
		return this.caches.get(name)!;
	}
	async keys() {
		return [...this.caches.keys()];
	}
	async delete(name: string) {
		return this.caches.delete(name);
	}
	async has(name: string) {
		return this.caches.has(name);
	}
	async match(): Promise<Response | undefined> {
		throw new Error('not used');
	}
}

/** A same-origin 200 as `fetch` gives it (`type` is 'basic' there, 'default' when built). */
function page(body: string, status = 200): Response {
	const response = new Response(body, { status, headers: { 'content-type': 'text/html' } });
	Object.defineProperty(response, 'type', { value: 'basic' });
	return response;
}

async function setUp() {
	const storage = new MemoryStorage();
	const pages = await storage.open(PAGES);
	await pages.put('/m/meeting1', await marked(page('old meeting'), 'v1', 1));
	await pages.put('/t/topic1', await marked(page('old topic'), 'v1', 1));
	await pages.put('/t/gone', await marked(page('old gone'), 'v1', 1));
	await pages.put('/t/fresh', await marked(page('fresh'), 'v2', 1));
	await storage.open('plenum-assets-v1');
	await storage.open('plenum-assets-v0');
	await storage.open('plenum-assets-v2');
	return { storage, pages, cacheStorage: storage as unknown as CacheStorage };
}

const bodyOf = async (cache: MemoryCache, path: string) => (await cache.match(path))?.text();

describe('kept pages across an update', () => {
	it('refreshes the pages an earlier version kept, drops those now gone, and then its assets', async () => {
		const { storage, pages, cacheStorage } = await setUp();
		const asked: string[] = [];
		await refreshKeptPages(cacheStorage, 'v2', async (path) => {
			asked.push(path);
			if (path === '/t/gone') return page('No such topic', 404);
			return page(`new ${path}`);
		});
		expect(asked.sort()).toEqual(['/m/meeting1', '/t/gone', '/t/topic1']);
		expect(await bodyOf(pages, '/m/meeting1')).toBe('new /m/meeting1');
		expect((await pages.match('/m/meeting1'))!.headers.get(VERSION_HEADER)).toBe('v2');
		expect(await bodyOf(pages, '/t/gone')).toBeUndefined();
		expect(await bodyOf(pages, '/t/fresh')).toBe('fresh');
		expect(await storage.keys()).toEqual([PAGES, 'plenum-assets-v2']);
	});

	it('keeps the old copies, and the assets they point at, while there is no network', async () => {
		const { storage, pages, cacheStorage } = await setUp();
		await refreshKeptPages(cacheStorage, 'v2', async () => null);
		expect(await bodyOf(pages, '/m/meeting1')).toBe('old meeting');
		expect(await bodyOf(pages, '/t/topic1')).toBe('old topic');
		expect(await storage.keys()).toEqual([PAGES, 'plenum-assets-v1', 'plenum-assets-v2']);
	});

	it('keeps old copies over server errors, and drops a page that now redirects', async () => {
		const { pages, cacheStorage } = await setUp();
		await refreshKeptPages(cacheStorage, 'v2', async (path) => {
			if (path === '/m/meeting1') return page('', 503);
			const redirect = new Response(null, { status: 200 });
			Object.defineProperty(redirect, 'type', { value: 'opaqueredirect' });
			Object.defineProperty(redirect, 'status', { value: 0 });
			return redirect;
		});
		expect(await bodyOf(pages, '/m/meeting1')).toBe('old meeting');
		expect(await bodyOf(pages, '/t/topic1')).toBeUndefined();
	});

	it('takes over the pages of a version that kept one cache per version', async () => {
		const storage = new MemoryStorage();
		const old = await storage.open('plenum-pages-v0');
		await old.put('/t/topic1', page('from v0'));
		await storage.open('plenum-assets-v0');
		await adoptOldPages(storage as unknown as CacheStorage);
		const pages = await storage.open(PAGES);
		const adopted = await pages.match('/t/topic1');
		expect(await adopted!.text()).toBe('from v0');
		expect(adopted!.headers.get(VERSION_HEADER)).toBe('v0');
		expect(Number(adopted!.headers.get(KEPT_AT_HEADER))).toBeGreaterThan(0);
		expect(await storage.keys()).toEqual(['plenum-assets-v0', PAGES]);
	});
});
