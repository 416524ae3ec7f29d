/**
 * The server's side of one document a device may close and open again while it keeps its own
 * copy (a ballot, see `ballot-link.ts`). Closing destroys the provider: Hocuspocus sends `Close`
 * for the document, and the server unloads it once its last connection is gone. Opening attaches
 * a new provider on the same socket and Y.Doc, which syncs whatever either side lacks.
 *
 * Each opening has an address of its own (`sessionAwareness`: frames go to `name\0session`). The
 * server handles a document connection's messages one after another, asynchronously; an opening
 * under the plain name sent right after a close reached the old connection before its `Close` was
 * handled, was dropped as a second authentication, and never synced. Under a new address the
 * server sets up a new connection however quickly it follows.
 *
 * Shared by the browser (`CollabConnection`) and the benchmark's phones.
 */
import { HocuspocusProvider, type HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type * as Y from 'yjs';

export interface ServerLinkOptions {
	websocket: HocuspocusProviderWebsocket;
	name: string;
	doc: Y.Doc;
	/** Sent with the authentication; the browser's socket carries its session cookie instead. */
	token?: string;
	onRefused?(reason: string): void;
	onStateless?(payload: string): void;
	/** Told (on a later microtask) whenever `open` or `settled` may have changed. */
	onChange?(): void;
}

export class ServerLink {
	#provider: HocuspocusProvider | null = null;
	#options: ServerLinkOptions;
	#told = false;

	constructor(options: ServerLinkOptions) {
		this.#options = options;
	}

	get open(): boolean {
		return this.#provider !== null;
	}

	/** Open, the server's state received, and every change of this device acknowledged by it. */
	get settled(): boolean {
		const provider = this.#provider;
		return provider !== null && provider.isSynced && !provider.hasUnsyncedChanges;
	}

	/** The provider while open (benchmarks read its state). */
	get provider(): HocuspocusProvider | null {
		return this.#provider;
	}

	/** Opens the document on the server, if it is not open. */
	connect() {
		if (this.#provider) return;
		const { websocket, name, doc, token } = this.#options;
		const changed = () => this.#tell();
		const provider = new HocuspocusProvider({
			websocketProvider: websocket,
			name,
			document: doc,
			...(token === undefined ? {} : { token }),
			awareness: null,
			sessionAwareness: true,
			onAuthenticationFailed: ({ reason }) => this.#options.onRefused?.(reason),
			onStateless: ({ payload }) => this.#options.onStateless?.(payload),
			onSynced: changed,
			onUnsyncedChanges: changed,
			onClose: changed
		});
		this.#provider = provider;
		provider.attach();
		this.#tell();
	}

	/** Closes the document on the server; the device's copy stays as it is. */
	disconnect() {
		const provider = this.#provider;
		if (!provider) return;
		this.#provider = null;
		provider.destroy();
		this.#tell();
	}

	/** Callbacks come from inside the provider's handlers: tell once, after they return. */
	#tell() {
		if (this.#told || !this.#options.onChange) return;
		this.#told = true;
		queueMicrotask(() => {
			this.#told = false;
			this.#options.onChange?.();
		});
	}
}
