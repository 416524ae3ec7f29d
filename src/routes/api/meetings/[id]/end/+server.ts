import { meetingChangeRoute } from '$lib/server/meeting-route.ts';

/** Ends the meeting: its join code stops working for lookups and guests; host only. */
export const POST = meetingChangeRoute((services, { params }, userId) =>
	services.stores.meetings.end(params.id!, userId, services.now())
);
