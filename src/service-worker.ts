/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline support: the app shell (this version's build and static files) is cached on install,
 * and every page or page data a visitor loads is kept, so a visited topic opens with no network,
 * also after a reload or a browser restart. Live data (API, WebSocket) is never cached: the page
 * reads it from IndexedDB while offline. A new version installs beside the old one, then takes
 * over and removes the old caches.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `plenum-assets-${version}`;
// Pages point at this version's hashed assets, so they are kept per version too.
const PAGES = `plenum-pages-${version}`;
const SHELL = new Set([...build, ...files]);
const NEVER_CACHED = ['/api/', '/collab', '/healthz', '/logout'];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((cache) => cache.addAll([...SHELL]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	// Take over open pages first, then tidy up: a page should not wait on cache housekeeping.
	event.waitUntil(
		sw.clients
			.claim()
			.then(() => caches.keys())
			.then((keys) =>
				Promise.all(
					keys.filter((key) => key !== ASSETS && key !== PAGES).map((key) => caches.delete(key))
				)
			)
			.then(() => keepOpenPages())
	);
});

/** Pages already open when the worker first takes over were loaded without it: keep them too. */
async function keepOpenPages() {
	const cache = await caches.open(PAGES);
	const windows = await sw.clients.matchAll({ type: 'window' });
	await Promise.all(
		windows
			.map((client) => new URL(client.url))
			.filter(
				(url) =>
					url.origin === sw.location.origin && !NEVER_CACHED.some((p) => url.pathname.startsWith(p))
			)
			.map((url) => cache.add(url.pathname + url.search).catch(() => undefined))
	);
}

async function fromShell(request: Request): Promise<Response> {
	const cached = await caches.match(request, { cacheName: ASSETS });
	return cached ?? fetch(request);
}

/** The page a client-side navigation's `__data.json` belongs to. */
function pageOf(url: URL): string {
	return url.pathname.slice(0, -'/__data.json'.length) || '/';
}

/**
 * Network first, so people see fresh pages online; the last copy when offline. Pages reached by
 * client-side navigation only load their data, so their HTML is fetched once to keep as well.
 */
async function page(event: FetchEvent, request: Request): Promise<Response> {
	const cache = await caches.open(PAGES);
	try {
		const response = await fetch(request);
		if (response.status === 200 && response.type === 'basic') {
			await cache.put(request, response.clone());
			const url = new URL(request.url);
			if (url.pathname.endsWith('/__data.json')) {
				const html = pageOf(url);
				if (!(await cache.match(html, { ignoreVary: true })))
					event.waitUntil(cache.add(html).catch(() => undefined));
			}
		}
		return response;
	} catch {
		const cached = await cache.match(request, { ignoreVary: true });
		if (cached) return cached;
		return new Response(
			'<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Offline · Plenum</title><body style="font-family:system-ui;padding:2rem"><h1>You are offline</h1><p>This page was not opened on this device before, so it cannot be shown without a connection. Pages you have visited open offline.</p>',
			{ status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } }
		);
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;
	if (SHELL.has(url.pathname)) {
		event.respondWith(fromShell(request));
	} else if (request.mode === 'navigate' || url.pathname.endsWith('/__data.json')) {
		event.respondWith(page(event, request));
	}
});
