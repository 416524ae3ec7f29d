/**
 * Presence, counted by the server: when someone opens or leaves a meeting or topic document, its
 * `presence` is recounted (coalesced like tallies). Clients broadcast no awareness at all.
 */
import type { Extension } from '@hocuspocus/server';
import type { Publisher } from '../publisher.ts';

export function presenceExtension(publisher: Publisher): Extension {
	const recount = (documentName: string) => publisher.schedulePresence(documentName);
	return {
		extensionName: 'plenum-presence',
		priority: 700,
		async connected({ documentName }) {
			recount(documentName);
		},
		async onDisconnect({ documentName }) {
			recount(documentName);
		}
	};
}
