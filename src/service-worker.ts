/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline support. The app shell (this version's build and static files) is cached at install.
 * Every page a visitor is shown is kept as soon as it is shown: pages loaded through this worker
 * are kept on the way, and each page also posts its own address here (`lib/offline/keep.ts`),
 * which covers pages reached by client-side navigation or by a form's redirect, and pages shown
 * before this worker controlled them. So a reload without a network lands on the working page,
 * with the ballot cast offline shown from IndexedDB; a page never opened here gets a styled
 * offline page in the visitor's language that reloads itself when the network is back.
 *
 * Kept pages outlive versions: a new version refreshes them from the network (and drops those
 * the server no longer serves), and keeps each older version's assets as long as a kept page
 * still points at them (say, the device was offline during the update). Live data (API,
 * WebSocket) is never cached: the page reads it from IndexedDB while offline.
 */
import { build, files, version } from '$service-worker';
import { de } from '$lib/i18n/de.ts';
import { en } from '$lib/i18n/en.ts';
import { isLocale, LOCALE_COOKIE, pickLocale, type Locale } from '$lib/i18n/locale.ts';
import { offlinePageHtml, RETRY_SCRIPT } from '$lib/offline/offline-page.ts';
import { isKeepMessage } from '$lib/offline/keep.ts';
import {
	adoptOldPages,
	ASSETS_PREFIX,
	KEPT_AT_HEADER,
	marked,
	PAGES,
	refreshKeptPages,
	VERSION_HEADER,
	worthKeeping
} from '$lib/offline/kept-pages.ts';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `${ASSETS_PREFIX}${version}`;
/** Small values this worker remembers between runs (the visitor's language). */
const SETTINGS = 'plenum-settings';
const LOCALE_KEY = '/__plenum/locale';
/** A page kept this recently is not fetched again when it asks to be kept. */
const FRESH_MS = 30_000;
/** Most pages and page data kept; the oldest go first. */
const MAX_KEPT = 300;
const SHELL = new Set([...build, ...files]);
// The OpenID Connect legs are one-time redirects: never kept, never answered offline.
const NEVER_CACHED = ['/api/', '/collab', '/healthz', '/logout', '/lang', '/login/oidc'];

/** Keeps in flight, by address: an offline reload waits for the one that was under way. */
const inFlight = new Map<string, Promise<unknown>>();

function keepable(url: URL): boolean {
	return (
		url.origin === sw.location.origin &&
		!SHELL.has(url.pathname) &&
		!url.pathname.startsWith('/_app/') &&
		!NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))
	);
}

const keyOf = (url: URL) => url.pathname + url.search;

/** The page a client-side navigation's `__data.json` belongs to, with its own query. */
function pageOf(url: URL): URL {
	const page = new URL(url);
	page.pathname = url.pathname.slice(0, -'/__data.json'.length) || '/';
	page.searchParams.delete('x-sveltekit-invalidated');
	page.searchParams.delete('x-sveltekit-trailing-slash');
	return page;
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(ASSETS)
			.then((cache) => cache.addAll([...SHELL]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	// Take over open pages first and keep them; a reload right now waits for that.
	const ready = sw.clients
		.claim()
		.then(() => adoptOldPages(caches))
		.then(() => keepOpenPages());
	event.waitUntil(ready);
	// Refreshing pages kept by an earlier version may take a while: fetches do not wait for it.
	void ready.then(() =>
		refreshKeptPages(caches, version, (path) =>
			fetch(path, {
				credentials: 'same-origin',
				redirect: 'manual',
				headers: path.includes('/__data.json') ? {} : { accept: 'text/html' }
			}).catch(() => null)
		)
	);
});

sw.addEventListener('message', (event) => {
	const data: unknown = event.data;
	if (!isKeepMessage(data)) return;
	const url = new URL(data.url, sw.location.origin);
	const work: Promise<unknown>[] = [keepPage(url)];
	if (isLocale(data.locale)) work.push(rememberLocale(data.locale));
	event.waitUntil(Promise.all(work));
});

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	// Signing out forgets the pages kept for this person.
	if (request.method === 'POST' && url.pathname === '/logout') {
		event.waitUntil(caches.delete(PAGES));
		return;
	}
	if (request.method !== 'GET') return;
	if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;
	if (SHELL.has(url.pathname)) {
		event.respondWith(fromShell(request));
	} else if (url.pathname.startsWith('/_app/immutable/')) {
		// An asset of an earlier version, asked for by a kept page of that version.
		event.respondWith(fromAnyCache(request));
	} else if (request.mode === 'navigate' || url.pathname.endsWith('/__data.json')) {
		event.respondWith(page(event, request, url));
	}
});

async function fromShell(request: Request): Promise<Response> {
	return (await caches.match(request, { cacheName: ASSETS })) ?? fetch(request);
}

async function fromAnyCache(request: Request): Promise<Response> {
	return (await caches.match(request)) ?? fetch(request);
}

async function store(key: string, response: Response): Promise<void> {
	const cache = await caches.open(PAGES);
	await cache.put(key, await marked(response, version));
	const keys = await cache.keys();
	await Promise.all(keys.slice(0, keys.length - MAX_KEPT).map((old) => cache.delete(old)));
}

/** Runs `work` as the keep of `key`, so an offline request for it can wait for it. */
function track<T>(key: string, work: Promise<T>): Promise<T> {
	inFlight.set(key, work);
	void work.finally(() => {
		if (inFlight.get(key) === work) inFlight.delete(key);
	});
	return work;
}

/** Fetches a page's HTML with the visitor's cookies and keeps it, unless kept a moment ago. */
function keepPage(url: URL): Promise<unknown> {
	if (!keepable(url)) return Promise.resolve();
	const key = keyOf(url);
	const running = inFlight.get(key);
	if (running) return running;
	return track(
		key,
		(async () => {
			const kept = await caches.match(key, { cacheName: PAGES, ignoreVary: true });
			const keptAt = Number(kept?.headers.get(KEPT_AT_HEADER) ?? 0);
			if (kept && kept.headers.get(VERSION_HEADER) === version && Date.now() - keptAt < FRESH_MS)
				return;
			const response = await fetch(key, {
				credentials: 'same-origin',
				redirect: 'manual',
				headers: { accept: 'text/html' }
			}).catch(() => null);
			if (response && worthKeeping(response)) await store(key, response);
		})()
	);
}

/**
 * Network first, so people see fresh pages online; the kept copy when offline (waiting for a
 * keep of the same page that is under way); else, for a page, the offline page.
 */
async function page(event: FetchEvent, request: Request, url: URL): Promise<Response> {
	const key = keyOf(url);
	// Client-side navigation: keep the page itself as well, fetched beside its data.
	if (url.pathname.endsWith('/__data.json')) event.waitUntil(keepPage(pageOf(url)));
	try {
		const response = await fetch(request);
		if (worthKeeping(response)) event.waitUntil(track(key, store(key, response.clone())));
		return response;
	} catch {
		await inFlight.get(key)?.catch(() => undefined);
		const kept = await caches.match(key, { cacheName: PAGES, ignoreVary: true });
		if (kept) return kept;
		// Page data that is not here: SvelteKit then loads the page itself, which lands above.
		if (request.mode !== 'navigate') return Response.error();
		return offlinePage();
	}
}

let scriptHash: Promise<string> | null = null;

async function offlinePage(): Promise<Response> {
	const locale = await currentLocale();
	scriptHash ??= crypto.subtle
		.digest('SHA-256', new TextEncoder().encode(RETRY_SCRIPT))
		.then((digest) => btoa(String.fromCharCode(...new Uint8Array(digest))));
	const csp = [
		"default-src 'none'",
		"style-src 'unsafe-inline'",
		`script-src 'sha256-${await scriptHash}'`,
		"connect-src 'self'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'"
	].join('; ');
	return new Response(offlinePageHtml(locale, (locale === 'de' ? de : en).offlinePage), {
		status: 503,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy': csp
		}
	});
}

/**
 * The visitor's language: the `lang` cookie where the worker can read cookies, else the
 * language the last page was shown in (the server chose it from the cookie or
 * Accept-Language), else the browser's languages.
 */
async function currentLocale(): Promise<Locale> {
	const store = (
		sw as unknown as { cookieStore?: { get(name: string): Promise<{ value?: string } | null> } }
	).cookieStore;
	const cookie = await store?.get(LOCALE_COOKIE).catch(() => null);
	if (isLocale(cookie?.value)) return cookie.value;
	const remembered = await (await caches.match(LOCALE_KEY, { cacheName: SETTINGS }))?.text();
	if (isLocale(remembered)) return remembered;
	return pickLocale(undefined, sw.navigator.languages.join(','));
}

async function rememberLocale(locale: Locale): Promise<void> {
	const cache = await caches.open(SETTINGS);
	if ((await (await cache.match(LOCALE_KEY))?.text()) === locale) return;
	await cache.put(LOCALE_KEY, new Response(locale));
}

/** Pages already open when this worker first takes over were loaded without it: keep them. */
async function keepOpenPages(): Promise<void> {
	const windows = await sw.clients.matchAll({ type: 'window' });
	await Promise.all(windows.map((client) => keepPage(new URL(client.url))));
}
