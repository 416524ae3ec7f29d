/**
 * Presence, counted by the server: when someone opens or leaves a meeting document, the meeting's
 * `presence` is recounted (coalesced like tallies). Clients broadcast no awareness at all.
 */
import type { Extension } from '@hocuspocus/server';
import { parseDocumentName } from '../../src/lib/shared/documents.ts';
import type { Publisher } from '../publisher.ts';

export function presenceExtension(publisher: Publisher): Extension {
	function recount(documentName: string) {
		const name = parseDocumentName(documentName);
		if (name?.kind === 'meeting') publisher.scheduleMeeting(name.meetingId);
	}
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
