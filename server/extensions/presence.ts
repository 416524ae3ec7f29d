/**
 * Presence, counted by the server: when someone opens or leaves a meeting or topic document, the
 * publisher counts them in or out and recounts its `presence` soon (coalesced like tallies).
 * Clients broadcast no awareness at all.
 */
import type { connectedPayload, Extension, onDisconnectPayload } from '@hocuspocus/server';
import type { Publisher } from '../publisher.ts';
import type { CollabContext } from './auth.ts';

export function presenceExtension(publisher: Publisher): Extension {
	return {
		extensionName: 'plenum-presence',
		priority: 700,
		async connected({ documentName, context, connection }: connectedPayload<CollabContext>) {
			const user = context.auth?.user;
			await publisher.join(documentName, {
				userId: user?.id ?? null,
				guest: user?.guest != null,
				connection
			});
		},
		async onDisconnect({ documentName, context }: onDisconnectPayload<CollabContext>) {
			publisher.leave(documentName, { userId: context.auth?.user.id ?? null });
		}
	};
}
