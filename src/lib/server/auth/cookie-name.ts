/** Name of the session cookie; shared by SvelteKit and the WebSocket upgrade. */
export const SESSION_COOKIE = 'plenum_session';
