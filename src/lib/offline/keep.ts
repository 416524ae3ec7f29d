/**
 * A page asks the service worker to keep it for offline use as soon as it is shown. The worker
 * keeps pages it loads itself, but not a page reached by client-side navigation (only its data
 * passes through) or shown before the worker took control (e.g. the first page of a visit, or
 * the meeting a guest lands on right after joining): this message covers those.
 */

/** What a page posts to the worker: its address and the language it was shown in. */
export interface KeepMessage {
	type: 'keep';
	/** Path and query of the page, same origin. */
	url: string;
	locale: string;
}

export function isKeepMessage(value: unknown): value is KeepMessage {
	if (typeof value !== 'object' || value === null) return false;
	const message = value as Partial<KeepMessage>;
	return (
		message.type === 'keep' &&
		typeof message.url === 'string' &&
		message.url.startsWith('/') &&
		!message.url.startsWith('//') &&
		typeof message.locale === 'string'
	);
}

/**
 * Asks the worker to keep the page at `url`, once a worker is active (a worker still installing
 * gets it when it is ready). Does nothing where there are no service workers (e.g. plain http
 * to a LAN address).
 */
export function keepForOffline(url: URL): void {
	if (!('serviceWorker' in navigator)) return;
	const message: KeepMessage = {
		type: 'keep',
		url: url.pathname + url.search,
		locale: document.documentElement.lang
	};
	void navigator.serviceWorker.ready.then((registration) =>
		registration.active?.postMessage(message)
	);
}

/**
 * Resolves once a service worker is active for this page, or after `timeoutMs`, or at once
 * where there are no service workers. For a step after which the page must open offline.
 */
export function offlineReady(timeoutMs: number): Promise<void> {
	if (!('serviceWorker' in navigator)) return Promise.resolve();
	return Promise.race([
		navigator.serviceWorker.ready.then(() => undefined),
		new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))
	]);
}
