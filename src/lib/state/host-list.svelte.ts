/**
 * A list only a topic's hosts may read, fetched from the JSON API and kept fresh while a page
 * shows it: fetched again when asked (`refresh`, e.g. when the turnout changes) and every
 * `pollMs` while the page is visible. Loads never overlap: one asked for while another runs
 * runs once after it, for the topic shown then. Offline for a moment, the last list stays.
 */
import { errorText, type Messages } from '$lib/i18n/index.ts';

export class HostList<T> {
	value = $state<T | null>(null);
	problem = $state<string | null>(null);

	#url: () => string;
	#read: (body: unknown) => T | null;
	#failed: () => string;
	#messages: () => Messages;
	#inFlight = false;
	#again = false;

	/**
	 * `read` takes the parsed body and returns the list, or null when the body is not one;
	 * `failed` is the text shown when the server gives no reason.
	 */
	constructor(options: {
		url: () => string;
		read: (body: unknown) => T | null;
		messages: () => Messages;
		failed: () => string;
	}) {
		this.#url = options.url;
		this.#read = options.read;
		this.#messages = options.messages;
		this.#failed = options.failed;
	}

	async refresh(): Promise<void> {
		if (this.#inFlight) {
			this.#again = true;
			return;
		}
		this.#inFlight = true;
		const url = this.#url();
		try {
			const response = await fetch(url, { headers: { accept: 'application/json' } });
			const body = (await response.json().catch(() => null)) as {
				error?: { reason?: unknown; message?: unknown };
			} | null;
			if (url !== this.#url()) return; // another topic is shown now; the next load is for it
			const list = response.ok ? this.#read(body) : null;
			if (list !== null) {
				this.value = list;
				this.problem = null;
			} else {
				// `reason` names what was refused, so the text is in the page's language.
				this.problem =
					errorText(this.#messages(), {
						code: typeof body?.error?.reason === 'string' ? body.error.reason : null,
						message: typeof body?.error?.message === 'string' ? body.error.message : null
					}) ?? this.#failed();
			}
		} catch {
			if (this.value === null) this.problem = this.#failed();
		} finally {
			this.#inFlight = false;
			if (this.#again) {
				this.#again = false;
				void this.refresh();
			}
		}
	}

	/** Fetches every `pollMs` while the page is visible; returns the stop (for `$effect`). */
	poll(pollMs: number): () => void {
		if (pollMs <= 0) return () => {};
		const timer = setInterval(() => {
			if (document.visibilityState !== 'hidden') void this.refresh();
		}, pollMs);
		return () => clearInterval(timer);
	}
}
