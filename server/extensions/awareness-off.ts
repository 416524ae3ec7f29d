/**
 * Documents keep no awareness. Voters' providers send none (`awareness: null`) and `auth.ts`
 * clears whatever states a client sends, yet Hocuspocus gives every document a y-protocols
 * `Awareness` whose interval timer looks for outdated states every 3 s: one timer per loaded
 * document, firing for nothing and holding its closure. Destroying the awareness once the document is
 * loaded stops the timer and drops its listeners; the object stays, empty, for Hocuspocus's
 * reads (`getStates()` is empty, so no connection is sent awareness).
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';

export function awarenessOffExtension(): Extension {
	return {
		extensionName: 'plenum-awareness-off',
		async afterLoadDocument({ document }: afterLoadDocumentPayload) {
			document.awareness.destroy();
		}
	};
}
